"""Log in, log out, lockout after repeated failures (django-axes), anonymous users see only the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .world import PASSWORD

pytestmark = pytest.mark.db_backend


def test_anonymous_user_is_sent_to_the_login_page(client):
    response = client.get(reverse("edc:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


def test_login_page_renders_for_anonymous_user(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content and b'name="password"' in response.content


def test_login_lands_a_coordinator_on_the_dashboard(client, users):
    response = client.post(reverse("login"), {"username": "coordinator_user", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("edc:dashboard")
    assert b"Worklist" in response.content


def test_login_lands_a_statistician_on_the_exports_page(client, users):
    response = client.post(reverse("login"), {"username": "statistician_user", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("edc:exports")


def test_wrong_password_says_so_without_logging_in(client, users):
    response = client.post(reverse("login"), {"username": "coordinator_user", "password": "wrong"})
    assert response.status_code == 200
    assert b"enter a correct username and password" in response.content.lower()
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "coordinator_user", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "coordinator_user", "password": PASSWORD})
    assert response.status_code == 429
    page = response.content.decode()
    assert "Account locked" in page and f"Too many failed login attempts ({settings.AXES_FAILURE_LIMIT})" in page
    assert "_auth_user_id" not in client.session


def test_another_account_is_not_locked_by_someone_elses_failures(client, users, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("login"), {"username": "coordinator_user", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "monitor_user", "password": PASSWORD})
    assert response.status_code == 302


def test_logout_is_a_post_and_returns_to_login(client, users):
    client.post(reverse("login"), {"username": "monitor_user", "password": PASSWORD})
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.get(reverse("edc:dashboard")).status_code == 302


def test_typing_keeps_the_session_alive_and_an_expired_session_is_told(client, users):
    from .world import login

    assert client.post(reverse("keep_alive"))["Location"].startswith("/login/")
    login(client, users["coordinator"])
    response = client.post(reverse("keep_alive"))
    assert response.status_code == 204
    assert "sessionid" in response.cookies  # the session was saved: its expiry moved on
    page = client.get(reverse("edc:enrol")).content.decode()
    assert 'data-keep-alive="/session/keep-alive/"' in page and "edc/keepalive" in page
    assert 'id="session-ended" class="stale" role="alert" hidden' in page
