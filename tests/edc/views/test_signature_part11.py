"""21 CFR Part 11 signatures on the pages: username and password at the first signing of a session,
the password alone afterwards; the printed name, time and meaning shown with the signed casebook."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import SIGNATURE_STATEMENT, CasebookSignature
from ablacem.edc.selectors import casebook_signatures

from .page_inputs import page_of
from .world import PASSWORD, enrol, login

pytestmark = pytest.mark.db_backend

CONFIRM = {"confirm_open_follow_up": "on"}


@pytest.fixture
def signer(db):
    return services.user_create(
        username="ivega",
        role="investigator",
        password=PASSWORD,
        full_name="Ines Vega",
        actor=Actor.system("createuser"),
    )


def _editable(client, url: str) -> set[str]:
    page = page_of(client.get(url).content)
    return {name for name in ("username", "password") if [c for c in page.named(name) if c.editable]}


def test_first_signing_of_a_session_takes_username_and_password_later_ones_the_password(client, signer, world, users):
    first, second = world["patient"], enrol(signer, name="Bob Example", hospital_number="HN-515151")
    login(client, signer)
    url = reverse("edc:sign", args=[first.pk])
    assert _editable(client, url) == {"username", "password"}
    html = client.get(url).content.decode()
    assert "Ines Vega" in html and SIGNATURE_STATEMENT in html and "First signature of this session" in html

    wrong = client.post(url, {**CONFIRM, "username": "coordinator_user", "password": PASSWORD})
    assert wrong.status_code == 422
    assert "this is not the username of the account signing" in wrong.content.decode()
    assert not CasebookSignature.objects.exists()

    assert client.post(url, {**CONFIRM, "username": "ivega", "password": PASSWORD}).status_code == 302
    signed = CasebookSignature.objects.get(patient=first)
    assert (signed.signer_name, signed.statement, signed.both_components) == ("Ines Vega", SIGNATURE_STATEMENT, True)

    url = reverse("edc:sign", args=[second.pk])
    assert _editable(client, url) == {"password"}
    assert "your password is enough" in client.get(url).content.decode()
    assert client.post(url, {**CONFIRM, "password": PASSWORD}).status_code == 302
    assert CasebookSignature.objects.get(patient=second).both_components is False

    client.post(reverse("logout"))
    login(client, signer)  # a new session: both components again
    services.casebook_unlock(patient=second, reason="late CT", actor=Actor.staff(users["data_manager"]))
    assert _editable(client, url) == {"username", "password"}


def test_the_signed_casebook_and_its_audit_trail_show_name_time_and_meaning(client, signer, world, users):
    patient = world["patient"]
    signature = services.casebook_sign(
        patient=patient, password=PASSWORD, username="ivega", actor=Actor.staff(signer), confirm_open_follow_up=True
    )
    login(client, users["monitor"])
    page = client.get(reverse("edc:patient_detail", args=[patient.pk])).content.decode()
    block = page[page.index('id="signature"') :]
    block = block[: block.index("</p>")]
    assert "Ines Vega (ivega)" in block and SIGNATURE_STATEMENT in block
    from ablacem.edc.site_time import site_time

    assert site_time(signature.signed_at, seconds=True) in block

    trail = client.get(reverse("edc:audit", args=[patient.pk])).content.decode()
    assert "Ines Vega" in trail and SIGNATURE_STATEMENT in trail

    [shown] = casebook_signatures(patient)
    assert (shown.printed_name, shown.username, shown.meaning, shown.active) == (
        "Ines Vega",
        "ivega",
        SIGNATURE_STATEMENT,
        True,
    )
    assert shown.signed_at == signature.signed_at and shown.both_components is True
