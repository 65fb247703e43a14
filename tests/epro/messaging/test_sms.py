"""The SMS backends: files for the demo and tests, and the Twilio REST adapter (checked without a network)."""

from __future__ import annotations

import base64
import io
import urllib.error
import urllib.parse

import pytest

from ablacem.epro.messaging import sms
from ablacem.epro.messaging.sms import DeliveryError, FileSmsBackend, TwilioSmsBackend, get_sms_backend


def test_file_backend_writes_one_file_per_message(tmp_path):
    backend = FileSmsBackend(tmp_path)
    backend.send("+447700900123", "Your questionnaire is ready.")
    backend.send("+447700900124", "Reminder.")
    texts = sorted(p.read_text() for p in tmp_path.iterdir())
    assert texts == ["To: +447700900123\n\nYour questionnaire is ready.\n", "To: +447700900124\n\nReminder.\n"]


def test_twilio_request_is_a_form_post_with_basic_auth():
    backend = TwilioSmsBackend("AC123", "secret-token", "+447700900000")
    request = backend.request("+447700900123", "Your questionnaire is ready: https://x.example.org/p/abc/")
    assert request.full_url == "https://api.twilio.com/2010-04-01/Accounts/AC123/Messages.json"
    assert request.get_method() == "POST"
    assert request.headers["Authorization"] == "Basic " + base64.b64encode(b"AC123:secret-token").decode()
    assert urllib.parse.parse_qs(request.data.decode()) == {
        "To": ["+447700900123"],
        "From": ["+447700900000"],
        "Body": ["Your questionnaire is ready: https://x.example.org/p/abc/"],
    }


def test_twilio_messaging_service_sid_is_sent_as_such():
    request = TwilioSmsBackend("AC123", "t", "MG0001").request("+447700900123", "hi")
    assert urllib.parse.parse_qs(request.data.decode())["MessagingServiceSid"] == ["MG0001"]


def test_twilio_refusal_carries_the_providers_code_and_message(monkeypatch):
    body = b'{"code": 21211, "message": "The \'To\' number +447700900123 is not a valid phone number."}'

    def refuse(request, timeout):
        raise urllib.error.HTTPError(request.full_url, 400, "Bad Request", {}, io.BytesIO(body))

    monkeypatch.setattr(sms.urllib.request, "urlopen", refuse)
    with pytest.raises(DeliveryError, match=r"^HTTP 400: 21211 The 'To' number"):
        TwilioSmsBackend("AC123", "t", "+447700900000").send("+447700900123", "hi")


def test_twilio_unreachable_is_a_delivery_error(monkeypatch):
    def down(request, timeout):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(sms.urllib.request, "urlopen", down)
    with pytest.raises(DeliveryError, match="Twilio not reachable: Name or service not known"):
        TwilioSmsBackend("AC123", "t", "+447700900000").send("+447700900123", "hi")


def test_twilio_without_credentials_says_which_settings(settings):
    settings.TWILIO_ACCOUNT_SID = ""
    with pytest.raises(DeliveryError, match="ABLACEM_TWILIO_ACCOUNT_SID"):
        TwilioSmsBackend()


def test_backend_by_setting(settings, tmp_path):
    settings.EPRO_SMS_BACKEND = "file"
    settings.EPRO_SMS_FILE_PATH = tmp_path
    assert isinstance(get_sms_backend(), FileSmsBackend)
