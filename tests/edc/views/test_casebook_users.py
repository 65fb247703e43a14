"""Signing (investigator, password re-entry) and unlocking (data manager, reason); user accounts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import SIGNATURE_STATEMENT, CasebookSignature
from ablacem.edc.roles import role_of

from .page_inputs import main_form_buttons, page_of
from .world import DAY0, PASSWORD

pytestmark = pytest.mark.db_backend


def fill_in(client, url: str, values: dict) -> dict:
    """What a person can post from the page at ``url``: each of ``values`` must be an editable
    control drawn on the page (a view test that posts a field the page lacks proves nothing)."""
    page = page_of(client.get(url).content)
    for name in values:
        assert [c for c in page.named(name) if c.editable], f"no editable {name!r} on {url}"
    return values


def test_signing_needs_the_password_and_locks_every_form(client_as, world):
    patient = world["patient"]
    client = client_as("investigator")
    url = reverse("edc:sign", args=[patient.pk])
    confirm = {"confirm_open_follow_up": "on", "username": "investigator_user"}
    refused = client.post(url, fill_in(client, url, {**confirm, "password": "not my password"}))
    assert refused.status_code == 422 and "the password is not correct" in refused.content.decode()
    assert client.post(url, fill_in(client, url, {**confirm, "password": PASSWORD})).status_code == 302
    patient.refresh_from_db()
    assert patient.form_state == "locked"
    page = client.get(reverse("edc:patient_detail", args=[patient.pk])).content.decode()
    assert "Signed by investigator_user" in page and "Record the procedure" not in page
    assert SIGNATURE_STATEMENT in page  # the meaning, with the printed name and time
    edit = client.post(reverse("edc:lesion_new", args=[patient.pk]), {"site": "T9", "lesion_type": "lytic"})
    assert edit.status_code == 422 and "is signed; a data manager must unlock it first" in edit.content.decode()


def test_the_sign_page_shows_what_is_still_open_and_asks_to_confirm_during_follow_up(client_as, users, world):
    patient = world["patient"]
    client = client_as("investigator")
    url = reverse("edc:sign", args=[patient.pk])
    html = client.get(url).content.decode()
    open_forms = html[html.index('id="open-forms"') : html.index("</ul>", html.index('id="open-forms"'))]
    for visit in ("Post-procedure visit", "1 week visit", "1 month visit", "3 months visit"):
        assert visit in open_forms
    assert "Baseline visit" not in open_forms  # recorded by the world
    assert "CT of lesion ABL-001-L1: not recorded" in open_forms
    assert "Follow-up is not over" in html and 'name="confirm_open_follow_up"' in html
    assert SIGNATURE_STATEMENT in html

    refused = client.post(url, {"username": "investigator_user", "password": PASSWORD})  # the box left unticked
    assert refused.status_code == 422
    assert "follow-up is not over (no end of study recorded): confirm" in refused.content.decode()
    patient.refresh_from_db()
    assert patient.form_state != "locked" and not CasebookSignature.objects.exists()

    services.end_of_study_record(
        patient=patient,
        end_reason="withdrew",
        end_date=DAY0 + dt.timedelta(days=10),
        expected_version=patient.version,
        actor=Actor.staff(users["coordinator"]),
    )
    html = client.get(url).content.decode()
    assert "Follow-up is not over" not in html and "confirm_open_follow_up" not in html
    assert "1 month visit" not in html  # no longer expected after the end of study
    signing = {"username": "investigator_user", "password": PASSWORD}
    assert client.post(url, fill_in(client, url, signing)).status_code == 302
    assert CasebookSignature.objects.filter(patient=patient, is_active=True).exists()


def test_unlocking_through_the_page_needs_a_reason_and_reopens_the_forms(client, users, world):
    from .world import login

    patient = world["patient"]
    login(client, users["investigator"])
    client.post(
        reverse("edc:sign", args=[patient.pk]),
        {"username": "investigator_user", "password": PASSWORD, "confirm_open_follow_up": "on"},
    )
    login(client, users["data_manager"])
    url = reverse("edc:unlock", args=[patient.pk])
    html = client.get(url).content.decode()
    assert "Signed by investigator_user on" in html
    assert client.post(url, fill_in(client, url, {"reason": ""})).status_code == 422
    assert client.post(url, fill_in(client, url, {"reason": "query on the 1-week VAS"})).status_code == 302
    patient.refresh_from_db()
    assert patient.form_state == "complete"
    signature = CasebookSignature.objects.get(patient=patient)
    assert (signature.is_active, signature.unlock_reason) == (False, "query on the 1-week VAS")


def test_a_signed_casebooks_form_is_shown_read_only_with_who_can_unlock_it(client, users, world):
    from .world import login

    patient, lesion = world["patient"], world["lesion"]
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(users["investigator"]), confirm_open_follow_up=True
    )
    url = reverse("edc:lesion_edit", args=[patient.pk, lesion.pk])
    login(client, users["coordinator"])
    html = client.get(url).content.decode()
    page = page_of(html)
    assert page.editable() == [] and main_form_buttons(page) == []
    assert [c.disabled for c in page.named("site")] == [True] and 'value="T8"' in html  # the value is shown
    assert "Read-only: this casebook is signed</strong> by investigator_user" in html
    assert "until a data manager unlocks the casebook" in html and reverse("edc:unlock", args=[patient.pk]) not in html
    assert "Read-only: your role" not in html
    login(client, users["data_manager"])
    assert reverse("edc:unlock", args=[patient.pk]) in client.get(url).content.decode()  # the one who can


def test_a_data_manager_creates_a_user_with_a_role(client_as, users):
    client = client_as("data_manager")
    data = {
        "username": "newcoord",
        "full_name": "Nora Ewing",
        "role": "coordinator",
        "password1": "Ablation-Cement-2025",
        "password2": "Ablation-Cement-2025",
    }
    assert client.post(reverse("edc:user_new"), data).status_code == 302
    created = get_user_model().objects.get(username="newcoord")
    assert role_of(created).value == "coordinator" and created.check_password("Ablation-Cement-2025")
    assert b"newcoord" in client.get(reverse("edc:user_list")).content


def test_weak_passwords_are_refused_by_djangos_validators(client_as, users):
    data = {
        "username": "weak",
        "full_name": "Wendy Eak",
        "role": "monitor",
        "password1": "12345678",
        "password2": "12345678",
    }
    response = client_as("data_manager").post(reverse("edc:user_new"), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert "This password is too short" in page and "This password is entirely numeric" in page
    assert 'value="weak"' in page
    assert not get_user_model().objects.filter(username="weak").exists()


def test_a_deactivated_account_cannot_log_in(client, users):
    from .world import login

    login(client, users["data_manager"])
    monitor = users["monitor"]
    assert client.post(reverse("edc:user_toggle_active", args=[monitor.pk])).status_code == 302
    monitor.refresh_from_db()
    assert monitor.is_active is False
    client.post(reverse("logout"))
    response = client.post(reverse("login"), {"username": "monitor_user", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_a_data_manager_changes_a_role(client_as, users):
    monitor = users["monitor"]
    response = client_as("data_manager").post(
        reverse("edc:user_change_role", args=[monitor.pk]), {"role": "investigator"}
    )
    assert response.status_code == 302
    monitor = get_user_model().objects.get(pk=monitor.pk)
    assert role_of(monitor).value == "investigator"


def test_wrong_signature_passwords_count_towards_the_lockout(client, users, world, settings):
    from .world import login

    patient = world["patient"]
    login(client, users["investigator"])
    url = reverse("edc:sign", args=[patient.pk])
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        refused = client.post(
            url, {"username": "investigator_user", "password": "a guess", "confirm_open_follow_up": "on"}
        )
        assert refused.status_code == 422 and "the password is not correct" in refused.content.decode()
    locked = client.post(
        url, {"username": "investigator_user", "password": "a guess", "confirm_open_follow_up": "on"}
    )  # reaches the limit
    assert locked.status_code in (403, 429) and "Account locked" in locked.content.decode()
    # Logged out, and neither the right password nor a new login gets through until the cool-off.
    assert client.get(reverse("edc:patient_detail", args=[patient.pk])).status_code == 302
    again = client.post(reverse("login"), {"username": "investigator_user", "password": PASSWORD})
    assert again.status_code == 429
    assert not CasebookSignature.objects.filter(patient=patient).exists()


def test_a_data_manager_lifts_a_login_lockout_from_the_users_page(client, users, settings):
    from .world import login

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "monitor_user", "password": "a guess"})
    assert client.post(reverse("login"), {"username": "monitor_user", "password": PASSWORD}).status_code == 429
    login(client, users["data_manager"])
    page = client.get(reverse("edc:user_list")).content.decode()
    row = page[page.index("<td>monitor_user</td>") :]
    row = row[: row.index("</tr>")]
    assert "login locked" in row and reverse("edc:user_unlock_login", args=[users["monitor"].pk]) in row
    assert "login locked" not in page.replace(row, "")  # nobody else is locked
    response = client.post(reverse("edc:user_unlock_login", args=[users["monitor"].pk]))
    assert response.status_code == 302
    assert "login locked" not in client.get(reverse("edc:user_list")).content.decode()
    client.post(reverse("logout"))
    assert client.post(reverse("login"), {"username": "monitor_user", "password": PASSWORD}).status_code == 302


def test_a_signed_casebooks_patient_page_links_to_each_form_to_view_it(client, users, world):
    """A signed casebook hides the Edit links; each recorded form is still reached from the
    patient page (a View link), and opens read-only."""
    import re

    from .world import login

    patient, lesion = world["patient"], world["lesion"]
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(users["investigator"]), confirm_open_follow_up=True
    )
    login(client, users["coordinator"])
    html = client.get(reverse("edc:patient_detail", args=[patient.pk])).content.decode()
    lesion_url = reverse("edc:lesion_edit", args=[patient.pk, lesion.pk])
    procedure_url = reverse("edc:procedure_edit", args=[patient.pk])
    assert re.search(rf'href="{re.escape(lesion_url)}">View</a>', html)
    assert f'href="{procedure_url}">View the procedure form</a>' in html
    assert ">Edit</a>" not in html and "Record the procedure" not in html
    for url in (lesion_url, procedure_url):
        page = page_of(client.get(url).content.decode())
        assert page.editable() == [] and main_form_buttons(page) == []
