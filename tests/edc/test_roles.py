"""The permission matrix of issue 4, role by role and action by action."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import AnonymousUser, Group

from ablacem.edc.roles import ROLE_NAMES, Action, allowed_actions, can, role_of

A = Action
#: The matrix as issue 4 states it, written out independently of roles.PERMISSIONS.
EXPECTED = {
    "coordinator": {A.VIEW_CLINICAL, A.VIEW_IDENTIFIERS, A.VIEW_AUDIT, A.EDIT, A.BUILD_REPORT, A.ANSWER_QUERY},
    "investigator": {
        *(A.VIEW_CLINICAL, A.VIEW_IDENTIFIERS, A.VIEW_AUDIT, A.EDIT, A.SIGN, A.BUILD_REPORT),
        *(A.RAISE_QUERY, A.CONFIRM_LOCK),  # issue 12: opens queries, confirms the database lock
        # issue 12: the SAE banner, its acknowledgement, the printed casebook
        *(A.SEE_SAE_ALERTS, A.ACKNOWLEDGE_SAE, A.PRINT_CASEBOOK),
        # issue 15: the radiologist (an investigator) uploads the CT series and rules on its measurement
        A.MEASURE_CT,
    },
    # Issue 12: the data manager raises queries and requests the lock, but never answers a query
    # (the site does), verifies source (the monitor does) or confirms the lock (an investigator does);
    # an acknowledgement, like a signature, is the investigator's own.
    "data_manager": set(Action)
    - {A.SIGN, A.ANSWER_QUERY, A.VERIFY_SOURCE, A.CONFIRM_LOCK, A.ACKNOWLEDGE_SAE, A.MEASURE_CT},
    "monitor": {
        *(A.VIEW_CLINICAL, A.VIEW_IDENTIFIERS, A.VIEW_AUDIT, A.BUILD_REPORT, A.RAISE_QUERY, A.VERIFY_SOURCE),
        A.PRINT_CASEBOOK,
    },
    "statistician": {A.EXPORT_DEIDENTIFIED, A.BUILD_REPORT},
}

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_the_roles_migration_creates_one_group_per_role():
    # Run the data migration's function itself: transactional tests (the browser tests) flush the
    # tables, so the rows it made when the test database was created may be gone by now.
    migration = importlib.import_module("ablacem.edc.migrations.0002_roles")
    Group.objects.filter(name__in=ROLE_NAMES).delete()
    migration.create_roles(django_apps, None)
    migration.create_roles(django_apps, None)  # idempotent
    assert sorted(Group.objects.filter(name__in=ROLE_NAMES).values_list("name", flat=True)) == sorted(ROLE_NAMES)


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("action", list(Action))
def test_matrix(users, role, action):
    assert can(users[role], action) is (action in EXPECTED[role])


def test_statistician_never_sees_identifiers_or_clinical_pages(statistician):
    assert not can(statistician, "view_identifiers")
    assert not can(statistician, "view_clinical")
    assert not can(statistician, "export_identified")


def test_monitor_changes_no_data(monitor):
    assert not {A.EDIT, A.SIGN, A.UNLOCK, A.MANAGE_USERS} & allowed_actions(monitor)


def test_anonymous_inactive_and_roleless_users_may_do_nothing(django_user_model, coordinator):
    assert allowed_actions(AnonymousUser()) == frozenset()
    assert allowed_actions(None) == frozenset()
    roleless = django_user_model.objects.create_user("nobody", password="x-very-long-pass")
    assert role_of(roleless) is None
    assert allowed_actions(roleless) == frozenset()
    coordinator.is_active = False
    assert allowed_actions(coordinator) == frozenset()


def test_superuser_is_a_data_manager_who_does_not_sign(django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x-very-long-pass")
    assert allowed_actions(admin) == frozenset(EXPECTED["data_manager"])


def test_an_unknown_action_is_an_error_not_a_silent_no(coordinator):
    with pytest.raises(ValueError):
        can(coordinator, "edti")
