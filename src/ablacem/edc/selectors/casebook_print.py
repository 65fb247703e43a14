"""What a printed casebook shows, as plain text (:class:`ablacem.interop.pdf.Casebook`).

The forms come from the tidy dataset (:func:`ablacem.edc.selectors.tidy_dataset`: the same
columns, labels and code labels as every export), the visit states from the patient's
schedule, the signatures and the audit trail from their selectors. No ORM object reaches the
PDF code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import pandas as pd
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ablacem.dataset import Dataset
from ablacem.dataset.schema import TABLES, Column
from ablacem.interop.pdf import Casebook, CasebookForm, CasebookSignature
from ablacem.protocol.timepoints import get_timepoint

from ..models import FormState, Patient, Query
from ..roles import Action, can
from ..site_time import site_time
from .audit import patient_audit_trail
from .casebook import casebook_signatures as signature_manifestations
from .queries import query_thread, record_labels
from .tidy import tidy_dataset
from .timeline import patient_timeline

#: The casebook's groups of forms: (title, tidy table, how one record is titled).
FORM_GROUPS = (
    ("Enrolment and end of study", "patients", lambda r: "Enrolment and end of study"),
    ("Lesions", "lesions", lambda r: f"Lesion {r['lesion_id']}"),
    ("Procedure", "procedures", lambda r: f"Procedure, treated lesion {r['lesion_id']}"),
    ("Visits", "assessments", lambda r: f"{get_timepoint(r['timepoint']).label} visit"),
    ("Analgesics", "analgesics", lambda r: f"Analgesic at the {get_timepoint(r['timepoint']).label} visit"),
    ("Imaging", "imaging", lambda r: f"{get_timepoint(r['timepoint']).label} CT of {r['lesion_id']}"),
    ("Adverse events", "adverse_events", lambda r: f"Adverse event {r['ae_id']}"),
)
#: Form states as printed.
STATE_LABELS = dict(FormState.choices)


def shown(column: Column, value) -> str:
    """A value as a person reads it: code labels, Yes/No, ISO dates, numbers without noise."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if column.codes is not None:
        code = str(int(value)) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)
        try:
            return f"{column.codes.label_of(code)} ({code})" if code != column.codes.label_of(code) else code
        except KeyError:
            return code
    if column.dtype == "boolean":
        return "Yes" if bool(value) else "No"
    if column.dtype == "date":
        return pd.Timestamp(value).date().isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _forms(dataset: Dataset, study_id: str) -> list[tuple[str, list[CasebookForm]]]:
    groups = []
    for title, name, record_title in FORM_GROUPS:
        spec, frame = TABLES[name], dataset[name]
        rows = frame[frame["patient_id"] == study_id].to_dict("records")
        forms = [
            CasebookForm(record_title(r), [(c.label, shown(c, r.get(c.name))) for c in spec.columns]) for r in rows
        ]
        groups.append((title, forms))
    return groups


def _visits(patient: Patient, today: dt.date) -> list[tuple[str, str, str, str]]:
    rows = patient_timeline(patient=patient, today=today)["visits"]
    return [
        (
            row.label,
            row.target.isoformat() if row.target else "",
            (row.state or "").replace("_", " "),
            STATE_LABELS.get(row.form_state, row.form_state),
        )
        for row in rows
    ]


def casebook_signatures(patient: Patient) -> list[CasebookSignature]:
    """Every signature of the casebook, oldest first, as 21 CFR 11.50 wants it shown: the
    signer's printed name (and username), the meaning and the time (site time), and whether it
    is still in force (read through :func:`ablacem.edc.selectors.casebook.casebook_signatures`).
    """
    out = []
    for s in signature_manifestations(patient):
        signer = s.printed_name if s.printed_name == s.username else f"{s.printed_name} ({s.username})"
        status = (
            "in force" if s.active else f"unlocked {site_time(s.unlocked_at)} by {s.unlocked_by}: {s.unlock_reason}"
        )
        out.append(CasebookSignature(signer, s.meaning, site_time(s.signed_at), status))
    return out


def casebook_queries(patient: Patient, *, include_identifiers: bool) -> list[tuple[str, list[str]]]:
    """The patient's query threads, oldest first: ``(what the query is on, its messages in order)``.

    Every query of the casebook is printed, closed ones included (the thread is the record of
    the data clarification). The messages are free text that may name people: without the
    identifiers each is printed as who wrote what kind of message when, its text withheld.
    """
    queries = list(Query.objects.filter(patient=patient).order_by("created_at", "pk"))
    labels = record_labels(queries)
    threads = []
    for q in queries:
        subject = f"Query {q.pk} on the {labels.get((q.form, q.record_pk), q.form)}"
        if q.field_name:
            subject += f", field {q.field_name}"
        subject += f" ({q.get_state_display().lower()})"
        messages = []
        for m in query_thread(q):
            text = (m.text + (f" [{m.change}]" if m.change else "")) if include_identifiers else WITHHELD
            messages.append(f"{site_time(m.created_at)}, {m.get_kind_display().lower()} by {m.author_label}: {text}")
        threads.append((subject, messages))
    return threads


#: Free-text fields (they may name people): printed only with the identifiers.
FREE_TEXT = frozenset(c.name for t in TABLES.values() for c in t.columns if c.free_text)
WITHHELD = "(free text, printed only with identifiers)"


def _audit(patient: Patient, include_identifiers: bool) -> list[tuple[str, ...]]:
    rows = []
    for r in patient_audit_trail(patient=patient, include_identifiers=include_identifiers):
        old, new = r.old, r.new
        if r.field in FREE_TEXT and not include_identifiers:
            old, new = (WITHHELD if old else ""), (WITHHELD if new else "")
        rows.append((site_time(r.when, seconds=True), r.who, r.name, r.field, old, new, r.reason))
    return rows


def _identifiers(dataset: Dataset, study_id: str) -> list[tuple[str, str]]:
    spec, frame = TABLES["identifiers"], dataset["identifiers"]
    rows = frame[frame["patient_id"] == study_id].to_dict("records")
    row = rows[0] if rows else {}
    return [(c.label, shown(c, row.get(c.name))) for c in spec.columns if c.identifier]


def casebooks(
    *, patients: Iterable[Patient], actor, with_identifiers: bool = False, now: dt.datetime | None = None
) -> Iterator[Casebook]:
    """The printed casebook of each of ``patients``, reading the database once for all of them.

    Parameters
    ----------
    patients : iterable of Patient
    actor : Actor or User
        Needs ``view_clinical`` on each patient; ``view_identifiers`` with ``with_identifiers``.
    with_identifiers : bool
        Print the identifying data and free text (descriptions); without it neither is printed
        and the audit trail leaves out changes of identifying data.
    now : datetime, optional
        Print time (default now).

    Raises
    ------
    PermissionDenied
        When the actor may not read a patient, or not its identifiers when they are asked for.
    """
    patients = list(patients)
    if with_identifiers and not can(actor, Action.VIEW_IDENTIFIERS):
        raise PermissionDenied("printing identifiers needs the permission to view them")
    for patient in patients:
        if not can(actor, Action.VIEW_CLINICAL, patient):
            raise PermissionDenied("not allowed to read this patient's casebook")
    now = now or timezone.now()
    dataset = tidy_dataset(include_identifiers=with_identifiers)
    today = timezone.localdate(now)
    for patient in patients:
        yield Casebook(
            study_id=patient.study_id,
            printed_at=f"{site_time(now)} ({timezone.get_current_timezone_name()})",
            forms=_forms(dataset, patient.study_id),
            visits=_visits(patient, today),
            signatures=casebook_signatures(patient),
            queries=casebook_queries(patient, include_identifiers=with_identifiers),
            audit=_audit(patient, with_identifiers),
            identifiers=_identifiers(dataset, patient.study_id) if with_identifiers else None,
        )


def casebook(*, patient: Patient, actor, with_identifiers: bool = False, now: dt.datetime | None = None) -> Casebook:
    """The printed casebook of one patient (see :func:`casebooks`)."""
    return next(casebooks(patients=[patient], actor=actor, with_identifiers=with_identifiers, now=now))
