"""Link tokens: random, never stored, regenerated from the row and the server's key."""

from __future__ import annotations

import hashlib

import pytest
from django.test import override_settings

from ablacem.edc.actors import Actor
from ablacem.epro import links
from ablacem.epro.models import PatientLink
from ablacem.epro.services import link_for_visit

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_the_token_has_256_bits_and_only_its_sha256_is_stored(week_patient):
    link = link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="w1")
    token = links.link_token(link)
    assert len(token) == 43  # 32 bytes of HMAC-SHA256, URL-safe base64 without padding
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    row = PatientLink.objects.filter(pk=link.pk).values().get()
    assert token not in {str(v) for v in row.values()}


def test_a_copy_of_the_database_without_the_key_gives_no_working_link(week_patient):
    link = link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="w1")
    with override_settings(ABLACEM_LINK_KEY="another-site-key-of-enough-length"):
        guessed = links.token_for_nonce(link.nonce)
    assert links.token_hash(guessed) != link.token_hash


def test_the_same_link_is_regenerated_from_the_row_and_the_key(week_patient):
    link = link_for_visit(actor=Actor.system("test"), patient=week_patient, timepoint="w1")
    again = PatientLink.objects.get(pk=link.pk)
    assert links.link_token(again) == links.link_token(link)
    assert links.link_path(again) == f"/p/{links.link_token(link)}/"
    assert links.link_url(again, base_url="https://study.example.org/") == (
        f"https://study.example.org/p/{links.link_token(link)}/"
    )


def test_the_link_key_is_the_setting_when_set_else_derived_from_the_secret_key():
    with override_settings(ABLACEM_LINK_KEY="", SECRET_KEY="s" * 50):
        derived = links.link_key()
    with override_settings(ABLACEM_LINK_KEY="", SECRET_KEY="t" * 50):
        assert links.link_key() != derived
    with override_settings(ABLACEM_LINK_KEY="k" * 40):
        assert links.link_key() == b"k" * 40
