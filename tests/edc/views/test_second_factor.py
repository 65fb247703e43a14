"""TOTP second factor: enrolment from the page, the code asked at login, and the setting that
requires it for roles that see identifiers or sign."""

from __future__ import annotations

import base64
import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ablacem.edc.models import AuditEvent, AuditEventKind

from .world import PASSWORD

pytestmark = pytest.mark.db_backend


def _code(key_hex: str, offset: int = 0) -> str:
    """The code an authenticator app shows for the secret ``key_hex`` (RFC 6238, 30-second steps)."""
    return f"{totp(bytes.fromhex(key_hex), t0=-offset * 30):06d}"


def _log_in(client, username: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


def _enrol(client) -> TOTPDevice:
    url = reverse("second_factor_enrol")
    html = client.get(url).content.decode()
    assert "<svg" in html and 'class="segno"' in html and 'name="token"' in html
    assert "style=" not in html[html.index('id="totp-qr"') : html.index("</figure>")]
    key = client.session["ablacem_totp_enrol_key"]
    shown = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    assert base64.b32decode(shown + "=" * (-len(shown) % 8)) == bytes.fromhex(key)
    refused = client.post(url, {"token": "000000" if _code(key) != "000000" else "111111"})
    assert refused.status_code == 422 and "the code does not match" in refused.content.decode()
    assert not TOTPDevice.objects.exists()
    assert client.post(url, {"token": _code(key)}).status_code == 302
    return TOTPDevice.objects.get()


def test_enrolment_then_every_login_asks_for_the_code(client, users):
    _log_in(client, "coordinator_user")
    device = _enrol(client)
    assert device.confirmed and device.user == users["coordinator"]
    assert AuditEvent.objects.filter(kind=AuditEventKind.DEVICE_ENROLLED, subject_username="coordinator_user").exists()
    client.post(reverse("logout"))

    # Password alone: every page leads to the code page.
    assert _log_in(client, "coordinator_user").status_code == 302
    dashboard = client.get(reverse("edc:dashboard"))
    assert dashboard.status_code == 302 and dashboard["Location"].startswith(reverse("second_factor_verify"))
    page = client.get(dashboard["Location"])
    assert page.status_code == 200 and 'name="token"' in page.content.decode()
    # Nor can the password alone replace the authenticator.
    assert client.get(reverse("second_factor_enrol"))["Location"] == reverse("second_factor_verify")

    wrong = client.post(reverse("second_factor_verify"), {"token": "12345", "next": "/dashboard/"})
    assert wrong.status_code == 422 and "the code does not match" in wrong.content.decode()
    assert AuditEvent.objects.filter(kind=AuditEventKind.LOGIN_FAILED, detail="wrong authenticator code").exists()
    # django-otp throttles a device after a wrong code (1 s, doubling with each failure).
    time.sleep(1.5)
    # The next 30-second step's code (within the tolerance): TOTP refuses a code used twice.
    right = client.post(reverse("second_factor_verify"), {"token": _code(device.key, 1), "next": "/dashboard/"})
    assert right.status_code == 302 and right["Location"] == "/dashboard/"
    assert client.get(reverse("edc:dashboard")).status_code == 200


def test_without_a_device_login_is_one_step_unless_required(client, users, settings):
    settings.ABLACEM_REQUIRE_SECOND_FACTOR = False
    _log_in(client, "investigator_user")
    assert client.get(reverse("edc:dashboard")).status_code == 200


def test_the_setting_sends_roles_that_see_identifiers_or_sign_to_enrolment(client, users, settings):
    settings.ABLACEM_REQUIRE_SECOND_FACTOR = True
    for username in ("investigator_user", "coordinator_user", "data_manager_user", "monitor_user"):
        _log_in(client, username)
        response = client.get(reverse("edc:dashboard"))
        assert response.status_code == 302 and response["Location"] == reverse("second_factor_enrol"), username
        page = client.get(response["Location"]).content.decode()
        assert "Your role needs a second factor" in page
        client.post(reverse("logout"))
    # The statistician sees neither identifiers nor signs: no second factor required.
    _log_in(client, "statistician_user")
    assert client.get(reverse("edc:exports")).status_code == 200
    client.post(reverse("logout"))
    # Once enrolled, the investigator reaches the pages.
    _log_in(client, "investigator_user")
    _enrol(client)
    assert client.get(reverse("edc:dashboard")).status_code == 200


def test_a_data_manager_removes_a_lost_authenticator_from_the_users_page(client, users):
    _log_in(client, "monitor_user")
    _enrol(client)
    client.post(reverse("logout"))

    from .world import login

    login(client, users["data_manager"])
    url = reverse("edc:user_remove_authenticator", args=[users["monitor"].pk])
    page = client.get(reverse("edc:user_list")).content.decode()
    assert f'action="{url}"' in page and "Remove the authenticator" in page
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=users["monitor"]).exists()
    event = AuditEvent.objects.get(kind=AuditEventKind.DEVICE_REMOVED)
    assert (event.subject_username, event.user) == ("monitor_user", users["data_manager"])
    client.post(reverse("logout"))

    _log_in(client, "monitor_user")  # the password alone again: no authenticator left
    assert client.get(reverse("edc:dashboard")).status_code == 200
