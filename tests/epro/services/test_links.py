"""Issuing, renewing and revoking links: one open link per visit, audited, staff with edit only."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from ablacem.edc.actors import Actor
from ablacem.epro.links import link_token, token_for_nonce, token_hash
from ablacem.epro.models import PatientLink
from ablacem.epro.selectors import link_by_token
from ablacem.epro.services import link_for_visit, link_revoke, link_rotate, link_set_language

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_link_for_visit_returns_the_open_link_and_issues_one_only_when_none(week_patient, coordinator):
    actor = Actor.staff(coordinator)
    first = link_for_visit(actor=actor, patient=week_patient, timepoint="w1")
    assert link_for_visit(actor=actor, patient=week_patient, timepoint="w1").pk == first.pk
    other = link_for_visit(actor=actor, patient=week_patient, timepoint="m1")
    assert other.pk != first.pk
    assert PatientLink.objects.filter(patient=week_patient).count() == 2


def test_the_database_refuses_a_second_open_link_for_one_visit(week_patient):
    link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="w1")
    duplicate = PatientLink(patient=week_patient, timepoint="w1", nonce="n" * 64)
    duplicate.token_hash = token_hash(token_for_nonce(duplicate.nonce))
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_revoking_closes_the_link_and_a_new_one_can_be_issued(week_patient, coordinator):
    actor = Actor.staff(coordinator)
    link = link_for_visit(actor=actor, patient=week_patient, timepoint="w1")
    revoked = link_revoke(actor=actor, link=link, reason="phone lost")
    assert revoked.revoked_at is not None and revoked.revoke_reason == "phone lost"
    fresh = link_for_visit(actor=actor, patient=week_patient, timepoint="w1")
    assert fresh.pk != link.pk and fresh.is_open
    with pytest.raises(ValidationError) as error:
        link_revoke(actor=actor, link=revoked, reason="again")
    assert "already revoked" in str(error.value)


def test_revoking_needs_a_reason(week_patient, coordinator):
    link = link_for_visit(actor=Actor.staff(coordinator), patient=week_patient, timepoint="w1")
    with pytest.raises(ValidationError) as error:
        link_revoke(actor=Actor.staff(coordinator), link=link, reason="  ")
    assert "reason" in error.value.message_dict


def test_rotating_gives_a_fresh_token_and_the_old_one_stops_opening(week_patient):
    actor = Actor.system("epro link")
    link = link_for_visit(actor=actor, patient=week_patient, timepoint="w1")
    old_token = link_token(link)
    rotated = link_rotate(actor=actor, patient=week_patient, timepoint="w1")
    assert rotated.pk == link.pk
    assert link_by_token(old_token) is None
    assert link_by_token(link_token(rotated)).pk == link.pk


def test_issue_rotation_and_revocation_are_audited_with_the_actor(week_patient, coordinator):
    actor = Actor.staff(coordinator)
    link = link_for_visit(actor=actor, patient=week_patient, timepoint="w1")
    link_rotate(actor=Actor.system("epro link"), patient=week_patient, timepoint="w1")
    link_revoke(actor=actor, link=link, reason="wrong patient address")
    rows = list(link.history.order_by("history_date", "history_id"))
    assert [r.history_change_reason for r in rows] == [
        "link issued",
        "link token renewed",
        "link revoked: wrong patient address",
    ]
    assert [r.actor_kind for r in rows] == ["staff", "system", "staff"]
    assert rows[0].history_user == coordinator
    assert not hasattr(rows[0], "nonce")  # the nonce never reaches the history table


@pytest.mark.parametrize("role", ["monitor", "statistician"])
def test_roles_without_edit_cannot_issue_or_revoke(week_patient, users, coordinator, role):
    with pytest.raises(PermissionDenied):
        link_for_visit(actor=Actor.staff(users[role]), patient=week_patient, timepoint="w1")
    link = link_for_visit(actor=Actor.staff(coordinator), patient=week_patient, timepoint="w1")
    with pytest.raises(PermissionDenied):
        link_revoke(actor=Actor.staff(users[role]), link=link, reason="no")


def test_an_unknown_timepoint_is_refused_by_name(week_patient):
    with pytest.raises(ValidationError) as error:
        link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="m6")
    assert "'m6' is not one of baseline, post, w1, m1, m3" in error.value.message_dict["timepoint"][0]


def test_the_patient_may_set_their_language_on_their_own_link_only(week_patient, coordinator):
    link = link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="w1")
    assert link_set_language(actor=Actor.for_patient(week_patient), link=link, language="fr").language == "fr"
    with pytest.raises(ValidationError):
        link_set_language(actor=Actor.for_patient(week_patient), link=link, language="de")
    from tests.epro.conftest import treated_days_ago

    other = treated_days_ago(coordinator, 7)
    with pytest.raises(PermissionDenied):
        link_set_language(actor=Actor.for_patient(other), link=link, language="en")
