"""The API tokens page: the fields it posts are on the page; a new token is shown once; revoke."""

from __future__ import annotations

import pytest
from django.test import Client

from ablacem.api.models import ApiToken

pytestmark = pytest.mark.django_db


def test_create_shows_the_token_once_then_revoke(users):
    client = Client()
    client.force_login(users["coordinator"])
    page = client.get("/account/api-tokens/").content.decode()
    assert 'href="/account/api-tokens/" aria-current="page"' in page
    assert 'name="name"' in page and 'name="days"' in page and 'name="action" value="create"' in page
    created = client.post("/account/api-tokens/", {"action": "create", "name": "bridge", "days": "30"})
    token = ApiToken.objects.get(user=users["coordinator"])
    body = created.content.decode()
    assert 'id="token-value"' in body and f"abl_{token.prefix}_" in body
    again = client.get("/account/api-tokens/").content.decode()
    assert 'id="token-value"' not in again and 'name="token"' in again
    client.post("/account/api-tokens/", {"action": "revoke", "token": str(token.pk)})
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None


def test_a_bad_lifetime_is_shown_next_to_its_field(users):
    client = Client()
    client.force_login(users["coordinator"])
    page = client.post("/account/api-tokens/", {"action": "create", "name": "x", "days": "100000"}).content.decode()
    assert not ApiToken.objects.exists() and "a whole number of days from 1 to 365" in page
