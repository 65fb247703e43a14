"""Source data verification progress: what the monitor has verified, per patient and per form."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from ..form_kinds import END_OF_STUDY, FORM_KINDS, FormKind, forms_needing_sdv
from ..models import Patient, SourceVerification


@dataclass(frozen=True)
class SdvItem:
    """One form that needs verification, and where it stands.

    ``verified`` is True while a whole-form verification is in force; ``cleared`` is True when
    one was cleared by a later change (and none is in force): the form is shown again.
    ``fields_verified`` counts the single fields verified.
    """

    patient: Patient
    kind: FormKind
    record: object
    verified: bool
    cleared: bool
    fields_verified: int
    url: str

    @property
    def label(self) -> str:
        """How the page names the form."""
        return self.kind.record_label(self.record)


def _records(kind: FormKind, patients) -> list:
    """The recorded (not deleted) forms of ``kind`` of these patients."""
    manager = kind.model.objects.active()
    if kind.model is Patient:
        records = list(patients)
        return [p for p in records if p.end_reason] if kind.code == END_OF_STUDY else records
    lookup = "lesion__patient__in" if kind.code == "imaging" else "patient__in"
    records = manager.filter(**{lookup: patients})
    if kind.code == "visit":
        records = records.exclude(form_state="not_started")
    return list(records)


def sdv_items(*, actor, patient: Patient | None = None) -> list[SdvItem]:
    """Every recorded form the study verifies (``ABLACEM_SDV_FORMS``) of the patients ``actor``
    may see (or of ``patient``), in patient then casebook order, with its verification state."""
    patients = Patient.objects.active().visible_to(actor)
    if patient is not None:
        patients = patients.filter(pk=patient.pk)
    patients = list(patients)
    marks = SourceVerification.objects.visible_to(actor).filter(patient__in=patients)
    whole, cleared, fields = set(), set(), {}
    for m in marks.values_list("form", "record_pk", "field_name", "is_active"):
        form, pk, field_name, active = m
        if field_name:
            if active:
                fields[(form, pk)] = fields.get((form, pk), 0) + 1
        elif active:
            whole.add((form, pk))
        else:
            cleared.add((form, pk))
    items = []
    for code in forms_needing_sdv():
        kind = FORM_KINDS[code]
        for record in _records(kind, patients):
            key = (code, record.pk)
            owner = kind.patient_of(record)
            items.append(
                SdvItem(
                    patient=owner,
                    kind=kind,
                    record=record,
                    verified=key in whole,
                    cleared=key in cleared and key not in whole,
                    fields_verified=fields.get(key, 0),
                    url=reverse("edc:sdv_record", args=[owner.pk, code, record.pk]),
                )
            )
    order = {code: i for i, code in enumerate(FORM_KINDS)}
    items.sort(key=lambda i: (i.patient.study_id, order[i.kind.code], i.record.pk))
    return items


def _progress(items: list[SdvItem]) -> dict:
    done = sum(i.verified for i in items)
    return {
        "forms": len(items),
        "verified": done,
        "percent": round(100 * done / len(items), 1) if items else None,
    }


def sdv_progress(items: list[SdvItem]) -> dict:
    """SDV progress of ``items`` (:func:`sdv_items`): ``overall``, ``by_patient``
    (``[(study_id, patient_pk, progress)]``) and ``by_form`` (``[(label, progress)]``), each
    progress ``{"forms", "verified", "percent"}`` (percent None when nothing to verify)."""
    by_patient: dict[tuple[str, int], list] = {}
    by_form: dict[str, list] = {code: [] for code in forms_needing_sdv()}
    for i in items:
        by_patient.setdefault((i.patient.study_id, i.patient.pk), []).append(i)
        by_form[i.kind.code].append(i)
    return {
        "overall": _progress(items),
        "by_patient": [(sid, pk, _progress(rows)) for (sid, pk), rows in sorted(by_patient.items())],
        "by_form": [(FORM_KINDS[code].label, _progress(rows)) for code, rows in by_form.items()],
    }


def record_verifications(*, kind: FormKind, record_pk: int) -> dict[str, SourceVerification]:
    """The verifications in force on one record, by field (``""``: the whole form)."""
    return {
        m.field_name: m
        for m in SourceVerification.objects.filter(form=kind.code, record_pk=record_pk, is_active=True).select_related(
            "verified_by"
        )
    }


def record_cleared(*, kind: FormKind, record_pk: int) -> list[SourceVerification]:
    """Verifications of one record cleared by a later change, newest first."""
    return list(
        SourceVerification.objects.filter(form=kind.code, record_pk=record_pk, is_active=False).order_by("-cleared_at")
    )
