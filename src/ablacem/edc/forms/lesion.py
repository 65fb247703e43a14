"""A target lesion with its SINS (spinal) or Mirels (extraspinal) components."""

from __future__ import annotations

from django import forms

from ablacem.dataset.schema import LESIONS
from ablacem.protocol import codelists as cl
from ablacem.scoring.lesion_scores import MIRELS_COMPONENTS, SINS_COMPONENTS

from .. import checks
from ..models.lesion import LESION_FIELDS
from ._base import ChangeControlForm
from ._fields import column_field

SITE_GROUPS = (
    ("Spine", cl.CodeList("spine", "Spine", tuple(i for i in cl.LESION_SITE if i.code in cl.SPINAL_SITES))),
    ("Extraspinal", cl.EXTRASPINAL_SITES),
)
SINS_FIELDS = tuple(SINS_COMPONENTS)
MIRELS_FIELDS = tuple(MIRELS_COMPONENTS)


class LesionForm(ChangeControlForm):
    """Site, type, size and the score components; the totals are computed by the service
    (SINS: Fisher et al., Spine 2010; Mirels, Clin Orthop 1989)."""

    site = column_field(LESIONS, "site", groups=SITE_GROUPS)
    lesion_type = column_field(LESIONS, "lesion_type")
    size_mm = column_field(LESIONS, "size_mm")
    pathologic_fracture = column_field(LESIONS, "pathologic_fracture")
    prior_radiotherapy = column_field(LESIONS, "prior_radiotherapy")
    sins_location = column_field(LESIONS, "sins_location")
    sins_pain = column_field(LESIONS, "sins_pain")
    sins_bone_lesion = column_field(LESIONS, "sins_bone_lesion")
    sins_alignment = column_field(LESIONS, "sins_alignment")
    sins_collapse = column_field(LESIONS, "sins_collapse")
    sins_posterolateral = column_field(LESIONS, "sins_posterolateral")
    mirels_site = column_field(LESIONS, "mirels_site")
    mirels_pain = column_field(LESIONS, "mirels_pain")
    mirels_lesion = column_field(LESIONS, "mirels_lesion")
    mirels_size = column_field(LESIONS, "mirels_size")

    confirm_scores = forms.BooleanField(
        label="I confirm the score components as entered (they contradict the lesion's level or type)",
        required=False,
    )

    DATA_FIELDS = LESION_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._confirm_field = self.fields["confirm_scores"]
        if not (self.is_bound and self.data.get(self.add_prefix("confirm_scores"))):
            # Shown only once the service found a contradiction (add_service_errors), and kept
            # while the user's tick is posted.
            del self.fields["confirm_scores"]

    def add_service_errors(self, error, prefix_unknown: bool = True) -> None:
        """As :meth:`ChangeControlForm.add_service_errors`; a soft score finding shows the confirmation box."""
        if any(m.endswith(checks.CONFIRM) for m in error.messages) and "confirm_scores" not in self.fields:
            self.fields["confirm_scores"] = self._confirm_field
        super().add_service_errors(error, prefix_unknown)

    def confirmed(self) -> frozenset[str]:
        """The soft findings the user confirmed, for the services' ``confirmed``."""
        return checks.SCORE_KINDS if self.cleaned_data.get("confirm_scores") else frozenset()

    def data_for_service(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in self.DATA_FIELDS}
