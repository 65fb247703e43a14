"""Contact details for questionnaire messages: address formats and the chosen channel's requirements."""

from __future__ import annotations

import pytest

from ablacem.dataset.rules import contact_details, normalise_mobile


def _fields(**kw) -> dict[str, list[str]]:
    data = {"email": "", "mobile": "", "contact_channel": "none", "contact_consent": False, **kw}
    out: dict[str, list[str]] = {}
    for f in contact_details(**data):
        out.setdefault(f.field, []).append(f.message)
    return out


def test_nothing_given_is_fine():
    assert _fields() == {}
    assert _fields(contact_channel=None, contact_consent=None) == {}


@pytest.mark.parametrize("email", ["jane@example.org", "j.doe+study@mail.example.co.uk"])
def test_plain_addresses_pass(email):
    assert _fields(email=email) == {}


@pytest.mark.parametrize("email", ["jane", "jane@example", "jane doe@example.org", "a@b@example.org"])
def test_malformed_email_is_named_with_an_example(email):
    assert _fields(email=email) == {"email": ["not an email address (expected name@domain, e.g. jane@example.org)"]}


@pytest.mark.parametrize("mobile", ["+33 6 39 98 12 34", "+44 7700-900123", "+447700900123"])
def test_international_numbers_pass_with_spaces_and_dashes(mobile):
    assert _fields(mobile=mobile) == {}


@pytest.mark.parametrize("mobile", ["06 39 98 12 34", "+0 123 456 789", "+33 6", "+33 6 39 98 12 34 56 78 90"])
def test_numbers_without_country_code_or_of_the_wrong_length_are_refused(mobile):
    (message,) = _fields(mobile=mobile)["mobile"]
    assert "international form" in message


def test_the_chosen_channel_needs_its_address_and_the_agreement():
    assert _fields(contact_channel="sms") == {
        "mobile": ["required when the preferred channel is SMS (text message)"],
        "contact_consent": ["messages by SMS (text message) need the patient's agreement to be contacted"],
    }
    assert _fields(contact_channel="email", email="jane@example.org", contact_consent=True) == {}


def test_normalise_mobile_keeps_plus_and_digits():
    assert normalise_mobile("+33 (0)6.39-98 12 34") == "+330639981234"
    assert normalise_mobile(None) == ""
