"""CT of one lesion at an imaging timepoint (post-procedure, 3 months)."""

from __future__ import annotations

from ablacem.protocol import codelists as cl

from ._base import ChangeControlForm
from ._fields import coded, date, yes_no


class ImagingForm(ChangeControlForm):
    """Local tumour status (Ahmed et al., Radiology 2014) and progression elsewhere."""

    imaged_on = date("CT date", required=True)
    local_status = coded(cl.LOCAL_STATUS, required=True)
    distant_progression = yes_no("Disease progression elsewhere")

    def data_for_service(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in ("imaged_on", "local_status", "distant_progression")}
