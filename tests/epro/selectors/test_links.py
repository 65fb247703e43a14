"""Whether a link opens on a day: window, visit recorded, end of study, revoked, submitted."""

from __future__ import annotations

import datetime as dt

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.epro.links import link_token
from ablacem.epro.selectors import LinkState, link_by_token, link_state
from ablacem.epro.services import link_for_visit, link_revoke
from tests.edc.conftest import DAY0, enrol, treat

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


@pytest.fixture
def patient(coordinator):
    """Treated on DAY0 (2025-03-10): the 1-week window runs from day 5 to day 10."""
    p = enrol(coordinator)
    treat(coordinator, p)
    p.refresh_from_db()
    return p


def _w1(patient):
    return link_for_visit(actor=Actor.system("test"), patient=patient, timepoint="w1")


@pytest.mark.parametrize(
    ("day", "state"),
    [(4, LinkState.NOT_YET_OPEN), (5, LinkState.OPEN), (7, LinkState.OPEN), (10, LinkState.OPEN), (11, "expired")],
)
def test_the_window_decides_between_not_yet_open_open_and_expired(patient, day, state):
    status = link_state(_w1(patient), today=DAY0 + dt.timedelta(days=day))
    assert status.state == state
    assert (status.opens_on, status.closes_on) == (DAY0 + dt.timedelta(days=5), DAY0 + dt.timedelta(days=10))
    assert status.opens == (state == LinkState.OPEN)


def test_a_visit_recorded_by_staff_closes_the_link(patient, coordinator):
    link = _w1(patient)
    services.assessment_mark_not_done(
        patient=patient, timepoint="w1", status="missed", not_done_reason="no answer", actor=Actor.staff(coordinator)
    )
    assert link_state(link, today=DAY0 + dt.timedelta(days=7)).state == LinkState.RECORDED


def test_the_end_of_study_closes_the_link(patient, coordinator):
    link = _w1(patient)
    services.end_of_study_record(
        patient=patient,
        end_reason="died",
        end_date=DAY0 + dt.timedelta(days=3),
        death_date=DAY0 + dt.timedelta(days=3),
        expected_version=patient.version,
        actor=Actor.staff(coordinator),
    )
    link.patient.refresh_from_db()
    assert link_state(link, today=DAY0 + dt.timedelta(days=7)).state == LinkState.ENDED


def test_a_revoked_link_does_not_open(patient):
    link = link_revoke(actor=Actor.system("test"), link=_w1(patient), reason="replaced")
    assert link_state(link, today=DAY0 + dt.timedelta(days=7)).state == LinkState.REVOKED


def test_follow_up_links_wait_for_the_procedure_and_baseline_opens_before_it(coordinator):
    p = enrol(coordinator)
    actor = Actor.system("test")
    assert link_state(link_for_visit(actor=actor, patient=p, timepoint="w1"), today=DAY0).state == "not_yet_open"
    assert link_state(link_for_visit(actor=actor, patient=p, timepoint="baseline"), today=DAY0).opens


def test_a_token_finds_its_link_and_anything_else_finds_none(patient):
    link = _w1(patient)
    token = link_token(link)
    assert link_by_token(token).pk == link.pk
    mistyped = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert link_by_token(mistyped) is None
    assert link_by_token("") is None
    assert link_by_token("x" * 500) is None


def test_a_signed_casebook_closes_the_link(patient, investigator):
    from tests.edc.conftest import PASSWORD

    link = _w1(patient)
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(investigator), confirm_open_follow_up=True
    )
    link.patient.refresh_from_db()
    assert link_state(link, today=DAY0 + dt.timedelta(days=7)).state == LinkState.LOCKED
