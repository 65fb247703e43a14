"""Accounts: one role each, Django's password validators, managed by data managers only."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.roles import role_of

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_create_with_role(data_manager):
    user = services.user_create(
        username="nurse1", role="coordinator", password="lighthouse-ferry-42", actor=Actor.staff(data_manager)
    )
    assert role_of(user) == "coordinator" and user.check_password("lighthouse-ferry-42")


def test_password_validators_and_role_are_enforced(data_manager):
    with pytest.raises(ValidationError) as exc:
        services.user_create(username="nurse2", role="nurse", password="12345", actor=Actor.staff(data_manager))
    assert set(exc.value.message_dict) == {"role", "password"}
    assert len(exc.value.message_dict["password"]) >= 2  # too short, too common / numeric


def test_only_data_managers_manage_users(coordinator):
    with pytest.raises(PermissionDenied):
        services.user_create(
            username="x", role="monitor", password="lighthouse-ferry-42", actor=Actor.staff(coordinator)
        )


def test_change_role_and_deactivate(data_manager, coordinator):
    services.user_set_role(account=coordinator, role="monitor", actor=Actor.staff(data_manager))
    coordinator.refresh_from_db()
    assert role_of(coordinator) == "monitor"
    services.user_set_active(account=coordinator, active=False, actor=Actor.staff(data_manager))
    coordinator.refresh_from_db()
    assert not coordinator.is_active


def test_only_a_data_manager_lifts_a_login_lockout(users):
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="monitor_user", ip_address="127.0.0.1", user_agent="test", failures_since_start=5
    )
    with pytest.raises(PermissionDenied):
        services.user_unlock_login(account=users["monitor"], actor=Actor.staff(users["coordinator"]))
    assert services.user_unlock_login(account=users["monitor"], actor=Actor.staff(users["data_manager"])) == 1
    assert not AccessAttempt.objects.filter(username="monitor_user").exists()
