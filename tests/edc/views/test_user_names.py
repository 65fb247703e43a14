"""The new-user page: username rules and look-alikes refused by name, the full name required;
the users page flags accounts without a printed name."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.usernames import RULE

from .page_inputs import page_of
from .world import PASSWORD

pytestmark = pytest.mark.db_backend

NEW_PASSWORD = "Ablation-Cement-2025"


def _form(client, **values) -> dict:
    """The new-user form as a person fills it in; each field must be editable on the page."""
    url = reverse("edc:user_new")
    page = page_of(client.get(url).content)
    data = {"role": "monitor", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD, **values}
    for name in data:
        assert [c for c in page.named(name) if c.editable], f"no editable {name!r} on {url}"
    return data


def test_the_full_name_is_required_on_the_page(client_as, users):
    client = client_as("data_manager")
    html = client.get(reverse("edc:user_new")).content.decode()
    assert 'name="full_name"' in html and "required" in html.split('name="full_name"')[1].split(">")[0]
    response = client.post(reverse("edc:user_new"), _form(client, username="nora", full_name=""))
    assert response.status_code == 422
    assert not get_user_model().objects.filter(username="nora").exists()


@pytest.mark.parametrize("username", ["<script>x</script>", "ann smith", "a/b", "=cmd"])
def test_unsafe_usernames_are_refused_with_the_rule(client_as, users, username):
    client = client_as("data_manager")
    response = client.post(reverse("edc:user_new"), _form(client, username=username, full_name="Ann Example"))
    assert response.status_code == 422
    assert RULE.replace("'", "&#x27;") in response.content.decode()
    assert not get_user_model().objects.filter(username=username).exists()


def test_the_look_alike_of_coordinator_user_is_refused(client_as, users):
    client = client_as("data_manager")
    look_alike = "\u0441\u043e\u043erdinator_user"  # Cyrillic с, о, о
    response = client.post(reverse("edc:user_new"), _form(client, username=look_alike, full_name="Eve Mallory"))
    assert response.status_code == 422
    assert "looks like the existing username" in response.content.decode()
    assert not get_user_model().objects.filter(username=look_alike).exists()


def test_the_users_page_shows_printed_names_and_flags_accounts_without_one(client_as, users):
    services.user_create(
        username="legacy", role="monitor", password=PASSWORD, actor=Actor.system("createuser")
    )  # created before full names were required
    client = client_as("data_manager")
    assert (
        client.post(reverse("edc:user_new"), _form(client, username="nora", full_name="Nora Ewing")).status_code == 302
    )
    html = client.get(reverse("edc:user_list")).content.decode()
    assert "Nora Ewing" in html
    legacy_row = next(row for row in html.split("<tr>") if ">legacy<" in row)
    assert "no full name recorded" in legacy_row
    nora_row = next(row for row in html.split("<tr>") if ">nora<" in row)
    assert "no full name recorded" not in nora_row
