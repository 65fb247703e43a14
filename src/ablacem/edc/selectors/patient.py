"""One patient's records as the pages read them (the patient itself comes from a visible queryset)."""

from __future__ import annotations

from ..models import Lesion, Patient, PatientIdentity


def patient_identity(patient: Patient) -> PatientIdentity | None:
    """The patient's identifying data (name, hospital number, date of birth), if any were stored."""
    return PatientIdentity.objects.filter(patient=patient).first()


def patient_lesions(patient: Patient) -> list[Lesion]:
    """The patient's (not deleted) target lesions, by lesion ID."""
    return list(Lesion.objects.active().filter(patient=patient).order_by("lesion_id"))


def patient_keys(study_ids, *, actor) -> dict[str, int]:
    """``{study ID: database key}`` of the (not deleted) patients ``actor`` may see among ``study_ids``."""
    visible = Patient.objects.active().visible_to(actor)
    return dict(visible.filter(study_id__in=list(study_ids)).values_list("study_id", "pk"))
