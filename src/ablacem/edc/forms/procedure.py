"""The procedure session (one per patient) and one sub-form per lesion of the patient."""

from __future__ import annotations

from django import forms

from ablacem.protocol import codelists as cl
from ablacem.protocol import ranges as rg

from .. import checks
from ..models.procedure import SESSION_FIELDS, TREATED_FIELDS
from ._base import ChangeControlForm, EdcForm
from ._fields import coded, date, measured, yes_no


class ProcedureForm(ChangeControlForm):
    """Session-level facts: date (day 0 of the schedule), guidance, anaesthesia, duration, stay."""

    procedure_date = date("Procedure date (day 0)", required=True)
    guidance = coded(cl.GUIDANCE, required=True)
    anaesthesia = coded(cl.ANAESTHESIA, required=True)
    duration_minutes = measured(rg.DURATION_MINUTES, label="Session duration (min)")
    length_of_stay_days = measured(rg.LENGTH_OF_STAY_DAYS, label="Length of hospital stay (days)")

    def data_for_service(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in SESSION_FIELDS}


class TreatedLesionForm(EdcForm):
    """One lesion of the patient: whether this session treated it, and how."""

    treated = forms.BooleanField(label="Treated in this session", required=False)
    modality = coded(cl.MODALITY)
    n_probes = measured(rg.N_PROBES, label="Number of probes")
    ablation_minutes = measured(rg.ABLATION_MINUTES, label="Ablation time (min)")
    cement_ml = measured(rg.CEMENT_ML, label="Cement volume (mL)")
    confirm_cement = forms.BooleanField(
        label=f"I confirm a cement volume above {rg.CEMENT_ML_PLAUSIBLE_MAX:g} mL", required=False
    )
    cement_leakage = yes_no("Cement leakage on imaging")
    leakage_type = coded(cl.LEAKAGE_TYPE)
    leakage_symptomatic = yes_no("Leakage symptomatic")
    technical_success = yes_no("Technical success")
    confirm_leak_event = forms.BooleanField(
        label="I will record the adverse event 'Symptomatic cement leakage' for this lesion", required=False
    )

    def __init__(self, *args, lesion=None, **kwargs):
        super().__init__(*args, edit_check=self._check, **kwargs)
        self.lesion = lesion

    def _check(self, values: dict) -> dict:
        """The treated-lesion edit check (:func:`ablacem.edc.checks.check_treated_lesion`), for treated lesions."""
        if not values.get("treated"):
            return {}
        confirmed = {"cement_ml"} if values.get("confirm_cement") else set()
        return checks.check_treated_lesion({**values, "lesion": self.lesion}, confirmed=confirmed)

    def row(self) -> dict:
        """The mapping :func:`ablacem.edc.services.procedure_record` takes for this lesion."""
        data = {f: self.cleaned_data.get(f) for f in TREATED_FIELDS}
        data["leakage_type"] = data["leakage_type"] or ""
        data["lesion"] = self.lesion
        return data


def treated_lesion_forms(lesions, data=None, initial_by_lesion=None) -> list[TreatedLesionForm]:
    """One :class:`TreatedLesionForm` per lesion of the patient, prefixed ``lesion-<lesion pk>``."""
    initial_by_lesion = initial_by_lesion or {}
    return [
        TreatedLesionForm(
            data, prefix=f"lesion-{lesion.pk}", lesion=lesion, initial=initial_by_lesion.get(lesion.pk, {})
        )
        for lesion in lesions
    ]
