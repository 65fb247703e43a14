"""CT of one lesion at an imaging timepoint (post-procedure, 3 months)."""

from __future__ import annotations

from ablacem.dataset.schema import IMAGING

from ._base import ChangeControlForm
from ._fields import column_field

#: The fields the form sends to :func:`ablacem.edc.services.imaging.imaging_record`.
IMAGING_ENTERED = ("imaged_on", "local_status", "distant_progression", "ct_cement_ml", "ct_leakage")


class ImagingForm(ChangeControlForm):
    """Local tumour status (Ahmed et al., Radiology 2014) and progression elsewhere."""

    imaged_on = column_field(IMAGING, "imaged_on")
    local_status = column_field(IMAGING, "local_status")
    distant_progression = column_field(IMAGING, "distant_progression")
    ct_cement_ml = column_field(IMAGING, "ct_cement_ml")
    ct_leakage = column_field(IMAGING, "ct_leakage")

    def data_for_service(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in IMAGING_ENTERED}
