"""The printed casebook: each form's values, visit states, signatures and audit trail in the PDF's text;
identifiers only when asked and allowed."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from pypdf import PdfReader

from ablacem.dataset.schema import ADVERSE_EVENTS, ASSESSMENTS, LESIONS, PROCEDURES
from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import SIGNATURE_STATEMENT
from ablacem.edc.selectors.casebook_print import WITHHELD, casebook
from ablacem.interop.pdf import casebook_pdf
from tests.edc.conftest import PASSWORD
from tests.edc.views.world import build_world

pytestmark = pytest.mark.db_backend

PRINTED = timezone.make_aware(dt.datetime(2026, 11, 30, 9, 45))


def pdf_text(pdf: bytes) -> tuple[str, int]:
    """The PDF's text with all white space removed (cells wrap words across lines), and its page count."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", "", "\n".join(p.extract_text() for p in reader.pages)), len(reader.pages)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def world(users):
    world = build_world(users["coordinator"])
    services.adverse_event_record(
        patient=world["patient"],
        adverse_event=world["event"],
        expected_version=world["event"].version,
        onset_date=world["event"].onset_date,
        term="pain_flare",
        cirse_grade=1,
        serious=False,
        related_to="ablation",
        relation_procedure="probable",
        description="Seen by Dr Whistleblower on the ward",
        reason="description added",
        lesion=world["lesion"],
        actor=Actor.staff(users["coordinator"]),
    )
    services.casebook_sign(
        patient=world["patient"],
        password=PASSWORD,
        actor=Actor.staff(users["investigator"]),
        confirm_open_follow_up=True,
    )
    return world


def test_every_form_value_is_in_the_pdf(world, users):
    book = casebook(patient=world["patient"], actor=users["monitor"], now=PRINTED)
    text, pages = pdf_text(casebook_pdf(book))
    study_id = world["patient"].study_id
    assert squeeze(f"ablacem casebook, study ID {study_id}, printed 2026-11-30 09:45") in text
    assert f"Page1of{pages}" in text and f"Page{pages}of{pages}" in text
    printed_forms = 0
    for _group, forms in book.forms:
        for form in forms:
            printed_forms += 1
            assert squeeze(form.title) in text
            for label, value in form.fields:
                if value:
                    assert squeeze(value) in text, (form.title, label, value)
    assert printed_forms >= 6  # enrolment, lesion, procedure, visits, analgesic, adverse event
    # Values checked against what was entered, not only against the selector's own output.
    fields = {form.title: dict(form.fields) for _group, forms in book.forms for form in forms}
    assert fields["Baseline visit"][ASSESSMENTS.column("vas_worst").label] == "8"
    assert "T8" in fields["Lesion ABL-001-L1"][LESIONS.column("site").label]
    assert fields["Procedure, treated lesion ABL-001-L1"][PROCEDURES.column("cement_ml").label] == "4.5"
    event = fields[f"Adverse event {study_id}-AE1"]
    assert event[ADVERSE_EVENTS.column("term").label] == "Pain flare (pain_flare)"
    assert event[ADVERSE_EVENTS.column("relation_procedure").label] == "Probable (probable)"
    for entered in ("Painflare(pain_flare)", "Probable(probable)", "4.5"):
        assert entered in text


def test_visit_states_signature_and_audit_trail_are_printed(world, users):
    book = casebook(patient=world["patient"], actor=users["data_manager"], now=PRINTED)
    text, _ = pdf_text(casebook_pdf(book))
    for visit, _target, state, form_state in book.visits:
        assert squeeze(visit) in text and squeeze(state) in text and squeeze(form_state) in text
    states = {visit: (state, form_state) for visit, _target, state, form_state in book.visits}
    assert states["Baseline"][1] == "Locked"  # signed: every form is locked
    assert squeeze(SIGNATURE_STATEMENT) in text
    assert users["investigator"].get_username() in text and "inforce" in text
    assert squeeze("description added") in text  # the reason for change, from the audit trail
    assert "Queries" in text and "Noqueries." in text


def test_identifiers_and_free_text_are_absent_without_the_flag(world, users):
    text, _ = pdf_text(casebook_pdf(casebook(patient=world["patient"], actor=users["monitor"], now=PRINTED)))
    for secret in ("AliceExample", "HN-424242", "Whistleblower"):
        assert secret not in text
    assert squeeze(WITHHELD) in text  # the audit trail says a description changed, not what it says


def test_identifiers_are_printed_when_asked_by_an_allowed_actor(world, users):
    book = casebook(patient=world["patient"], actor=users["investigator"], with_identifiers=True, now=PRINTED)
    text, _ = pdf_text(casebook_pdf(book))
    assert "AliceExample" in text and "HN-424242" in text and "Whistleblower" in text


def test_a_role_that_may_not_read_clinical_data_gets_no_casebook(world, users):
    with pytest.raises(PermissionDenied):
        casebook(patient=world["patient"], actor=users["statistician"])


def test_query_threads_are_printed_their_text_only_with_identifiers(world, users):
    services.query_open(
        kind="visit",
        record=world["visit"],
        field_name="vas_worst",
        question="Did Dr Whistleblower confirm the 8?",
        actor=Actor.staff(users["monitor"]),
    )
    text, _ = pdf_text(casebook_pdf(casebook(patient=world["patient"], actor=users["monitor"], now=PRINTED)))
    assert "Noqueries." not in text and "fieldvas_worst(open)" in text and "questionby" in text
    assert "Whistleblower" not in text
    book = casebook(patient=world["patient"], actor=users["investigator"], with_identifiers=True, now=PRINTED)
    assert squeeze("Did Dr Whistleblower confirm the 8?") in pdf_text(casebook_pdf(book))[0]


def test_signatures_show_the_signers_printed_name(world, users):
    investigator = users["investigator"]
    investigator.first_name, investigator.last_name = "Ines", "Vestergaard"
    investigator.save()
    services.casebook_unlock(patient=world["patient"], reason="query", actor=Actor.staff(users["data_manager"]))
    services.casebook_sign(
        patient=world["patient"], password=PASSWORD, actor=Actor.staff(investigator), confirm_open_follow_up=True
    )
    text, _ = pdf_text(casebook_pdf(casebook(patient=world["patient"], actor=users["monitor"], now=PRINTED)))
    assert squeeze(f"Ines Vestergaard ({investigator.get_username()})") in text
