"""The procedure session (one per patient) and one sub-form per lesion of the patient."""

from __future__ import annotations

from django import forms

from ablacem.dataset.schema import PROCEDURES
from ablacem.protocol import ranges as rg

from ..models.procedure import SESSION_FIELDS, TREATED_FIELDS
from ._base import ChangeControlForm, EdcForm
from ._fields import column_field


class ProcedureForm(ChangeControlForm):
    """Session-level facts: date (day 0 of the schedule), guidance, anaesthesia, duration, stay."""

    procedure_date = column_field(PROCEDURES, "procedure_date")
    guidance = column_field(PROCEDURES, "guidance")
    anaesthesia = column_field(PROCEDURES, "anaesthesia")
    duration_minutes = column_field(PROCEDURES, "duration_minutes")
    length_of_stay_days = column_field(PROCEDURES, "length_of_stay_days")

    def data_for_service(self) -> dict:
        return {f: self.cleaned_data.get(f) for f in SESSION_FIELDS}


class TreatedLesionForm(EdcForm):
    """One lesion of the patient: whether this session treated it, and how.

    Nothing is required here: a lesion not ticked ``treated`` is left blank, and what a treated
    lesion needs is checked by the service (:func:`ablacem.edc.checks.check_treated_lesion`).
    """

    treated = forms.BooleanField(label="Treated in this session", required=False)
    modality = column_field(PROCEDURES, "modality", required=False)
    n_probes = column_field(PROCEDURES, "n_probes")
    ablation_minutes = column_field(PROCEDURES, "ablation_minutes")
    cement_ml = column_field(PROCEDURES, "cement_ml")
    confirm_cement = forms.BooleanField(
        label=f"I confirm a cement volume above {rg.CEMENT_ML_PLAUSIBLE_MAX:g} mL", required=False
    )
    cement_leakage = column_field(PROCEDURES, "cement_leakage", required=False)
    leakage_type = column_field(PROCEDURES, "leakage_type")
    leakage_symptomatic = column_field(PROCEDURES, "leakage_symptomatic")
    technical_success = column_field(PROCEDURES, "technical_success", required=False)
    confirm_leak_event = forms.BooleanField(
        label="I will record the adverse event 'Symptomatic cement leakage' for this lesion", required=False
    )

    def __init__(self, *args, lesion=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lesion = lesion

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
