"""A target lesion with its SINS (spinal) or Mirels (extraspinal) components."""

from __future__ import annotations

from django import forms

from ablacem.protocol import codelists as cl
from ablacem.protocol import ranges as rg
from ablacem.scoring.lesion_scores import MIRELS_COMPONENTS, SINS_COMPONENTS

from .. import checks
from ..models.lesion import LESION_FIELDS
from ._base import ChangeControlForm
from ._fields import coded, measured, points, yes_no

SITE_GROUPS = (
    ("Spine", cl.CodeList("spine", "Spine", tuple(i for i in cl.LESION_SITE if i.code in cl.SPINAL_SITES))),
    ("Extraspinal", cl.EXTRASPINAL_SITES),
)
SINS_FIELDS = tuple(SINS_COMPONENTS)
MIRELS_FIELDS = tuple(MIRELS_COMPONENTS)


class LesionForm(ChangeControlForm):
    """Site, type, size and the score components; the totals are computed by the service
    (SINS: Fisher et al., Spine 2010; Mirels, Clin Orthop 1989)."""

    site = coded(cl.LESION_SITE, label="Site (vertebral level or bone)", required=True, groups=SITE_GROUPS)
    lesion_type = coded(cl.LESION_TYPE, required=True)
    size_mm = measured(rg.LESION_SIZE_MM, label="Largest diameter (mm)")
    pathologic_fracture = yes_no("Pathologic fracture at baseline")
    prior_radiotherapy = yes_no("Prior radiotherapy to the site")
    sins_location = points(cl.SINS_LOCATION, label="Location")
    sins_pain = points(cl.SINS_PAIN, label="Pain")
    sins_bone_lesion = points(cl.SINS_BONE_LESION, label="Bone lesion")
    sins_alignment = points(cl.SINS_ALIGNMENT, label="Radiographic alignment")
    sins_collapse = points(cl.SINS_COLLAPSE, label="Vertebral body collapse")
    sins_posterolateral = points(cl.SINS_POSTEROLATERAL, label="Posterolateral involvement")
    mirels_site = points(cl.MIRELS_SITE, label="Site")
    mirels_pain = points(cl.MIRELS_PAIN, label="Pain")
    mirels_lesion = points(cl.MIRELS_LESION, label="Lesion")
    mirels_size = points(cl.MIRELS_SIZE, label="Size (cortex involved)")

    confirm_scores = forms.BooleanField(
        label="I confirm the score components as entered (they contradict the lesion's level or type)",
        required=False,
    )

    DATA_FIELDS = LESION_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, edit_check=self._check, **kwargs)
        self._asks_confirmation = False
        if not self.is_bound:
            del self.fields["confirm_scores"]  # shown only once a save found a contradiction

    def _confirmed(self, values) -> frozenset[str]:
        return checks.SCORE_KINDS if values.get("confirm_scores") else frozenset()

    def _check(self, values: dict) -> dict:
        """The lesion edit check (:func:`ablacem.edc.checks.check_lesion`), with the confirmation box."""
        errors = checks.check_lesion(values, confirmed=self._confirmed(values))
        soft = any(m.endswith(checks.CONFIRM) for messages in errors.values() for m in messages)
        self._asks_confirmation = soft or bool(values.get("confirm_scores"))
        return errors

    def full_clean(self):
        super().full_clean()
        if not self._asks_confirmation and "confirm_scores" in self.fields:
            del self.fields["confirm_scores"]

    def confirmed(self) -> frozenset[str]:
        """The soft findings the user confirmed, for the services' ``confirmed``."""
        return self._confirmed(self.cleaned_data)

    def data_for_service(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in self.DATA_FIELDS}
