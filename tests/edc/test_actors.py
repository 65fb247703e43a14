"""Who is acting: staff, a patient through their link, an API client, the system; permissions on
the object, querysets visible to the actor, and the actor kept in the audit trail."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from ablacem.edc import services
from ablacem.edc.actors import Actor, ActorKind, actor_from_request
from ablacem.edc.models import Assessment, Lesion, Patient
from ablacem.edc.roles import Action, can
from ablacem.edc.selectors import patient_audit_trail, worklist
from ablacem.edc.selectors.patient_list import patient_list_page
from ablacem.synth import generate

from .conftest import DAY0, ITEMS, enrol, treat

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


@pytest.fixture(scope="module")
def small_cohort():
    return generate(3, 5)


def _own_visit(patient, actor):
    return services.assessment_record(
        patient=patient, timepoint="w1", assessed_on=DAY0.replace(day=17), vas_worst=3.0, items=ITEMS, actor=actor
    )


def test_a_request_gives_a_staff_actor_named_by_the_user(coordinator):
    request = RequestFactory().get("/")
    request.user = coordinator
    actor = actor_from_request(request)
    assert (actor.kind, actor.user, actor.name) == (ActorKind.STAFF, coordinator, "coordinator_user")
    assert actor_from_request(request) is actor  # once per request


def test_an_anonymous_request_gives_an_actor_that_may_do_nothing():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    actor = actor_from_request(request)
    assert actor.user is None
    assert not any(can(actor, a) for a in Action)


def test_a_patient_may_record_only_their_own_answers(treated_patient, coordinator):
    patient, lesion, _ = treated_patient
    other = enrol(coordinator)
    me = Actor.for_patient(patient)
    assert can(me, Action.EDIT, patient) and can(me, Action.EDIT, lesion)
    assert not can(me, Action.EDIT, other)
    assert not can(me, Action.EDIT)  # never without the record it is about
    assert not can(me, Action.SIGN, patient) and not can(me, Action.VIEW_IDENTIFIERS, patient)
    with pytest.raises(PermissionDenied):
        _own_visit(other, me)


def test_a_patients_own_answers_are_stored_and_audited_as_the_patients(treated_patient):
    patient, _, _ = treated_patient
    visit = _own_visit(patient, Actor.for_patient(patient))
    row = visit.history.latest("history_date")
    assert (row.actor_kind, row.actor_name, row.history_user) == ("patient", "patient ABL-001", None)
    who = {r.who for r in patient_audit_trail(patient=patient) if r.model == "assessment"}
    assert who == {"patient ABL-001 (patient)"}


def test_staff_changes_keep_the_user_and_the_kind(treated_patient, coordinator):
    patient, _, _ = treated_patient
    row = Patient.history.filter(id=patient.pk).earliest("history_date")
    assert (row.actor_kind, row.actor_name, row.history_user) == ("staff", "coordinator_user", coordinator)


def test_the_system_imports_and_the_trail_says_so(small_cohort):
    services.dataset_import(source=small_cohort, actor=Actor.system("import"))
    patient = Patient.objects.order_by("study_id").first()
    row = patient.history.get()
    assert (row.actor_kind, row.actor_name, row.history_user) == ("system", "import", None)
    assert {r.who for r in patient_audit_trail(patient=patient)} == {"import (system)"}


def test_an_import_on_behalf_of_a_user_needs_that_users_permission(small_cohort, monitor, data_manager):
    with pytest.raises(PermissionDenied):
        services.dataset_import(source=small_cohort, actor=Actor.system("import", user=monitor))
    services.dataset_import(source=small_cohort, actor=Actor.system("import", user=data_manager))
    row = Patient.history.first()
    assert (row.actor_kind, row.history_user) == ("system", data_manager)


def test_querysets_show_a_patient_only_their_own_records(treated_patient, coordinator, statistician):
    patient, lesion, _ = treated_patient
    other = enrol(coordinator)
    treat(coordinator, other)
    me = Actor.for_patient(patient)
    assert list(Patient.objects.visible_to(me)) == [patient]
    assert list(Lesion.objects.visible_to(me)) == [lesion]
    assert Patient.objects.visible_to(Actor.staff(coordinator)).count() == 2
    assert not Patient.objects.visible_to(Actor.staff(statistician)).exists()
    assert not Assessment.objects.visible_to(Actor.staff(AnonymousUser())).exists()


def test_the_worklist_and_the_patient_list_show_only_visible_patients(treated_patient, coordinator, statistician):
    patient, _, _ = treated_patient
    other = enrol(coordinator)
    treat(coordinator, other)
    today = DAY0.replace(day=17)
    staff = {r.study_id for r in worklist(today=today, actor=Actor.staff(coordinator))}
    assert staff == {patient.study_id, other.study_id}
    assert {r.study_id for r in worklist(today=today, actor=Actor.for_patient(patient))} == {patient.study_id}
    assert not worklist(today=today, actor=Actor.staff(statistician))
    listed = patient_list_page(actor=Actor.staff(statistician), as_of=today)
    assert list(listed.object_list) == []
    assert len(patient_list_page(actor=Actor.staff(coordinator), as_of=today).object_list) == 2
