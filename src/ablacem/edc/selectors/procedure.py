"""The procedure session of a patient and the lesions it treated, as the procedure page reads them."""

from __future__ import annotations

from ..models import Patient, Procedure, ProcedureLesion


def procedure_session(patient: Patient) -> Procedure | None:
    """The patient's (not deleted) procedure session, if recorded."""
    return Procedure.objects.active().filter(patient=patient).first()


def treated_lesions(session: Procedure | None) -> list[ProcedureLesion]:
    """The (not deleted) treated-lesion rows of the session (none before it is recorded)."""
    if session is None:
        return []
    return list(ProcedureLesion.objects.active().filter(session=session))
