"""Sending an SMS: a small pluggable backend interface, a file backend and a Twilio adapter.

``ABLACEM_SMS_BACKEND`` picks the backend: ``file`` (default; each message written as a file
under the data folder, for the demo and tests) or ``twilio`` (Twilio's Programmable Messaging
REST API, called with :mod:`urllib`: one POST per message, so no SDK is needed). Another
provider is a class with a ``send(to, body)`` method named in the setting by its dotted path.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import secrets
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class DeliveryError(Exception):
    """The provider refused the message; the text is the provider's error (never the message body)."""


class SmsBackend(Protocol):
    """What an SMS backend does: send ``body`` to the number ``to`` (E.164), or raise :class:`DeliveryError`."""

    def send(self, to: str, body: str) -> None: ...


class FileSmsBackend:
    """Writes each SMS as a text file in ``folder`` (one file per message), like Django's file email backend."""

    def __init__(self, folder: Path | str | None = None):
        self.folder = Path(folder or settings.EPRO_SMS_FILE_PATH)

    def send(self, to: str, body: str) -> None:
        """Write the message to a new file named by the time and a random suffix."""
        self.folder.mkdir(parents=True, exist_ok=True)
        name = f"{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(4)}.txt"
        (self.folder / name).write_text(f"To: {to}\n\n{body}\n", encoding="utf-8")


class TwilioSmsBackend:
    """Twilio's Messages resource: ``POST /2010-04-01/Accounts/{sid}/Messages.json`` with basic auth.

    Settings: ``ABLACEM_TWILIO_ACCOUNT_SID``, ``ABLACEM_TWILIO_AUTH_TOKEN``, ``ABLACEM_TWILIO_FROM``
    (the sending number or messaging service SID). API reference:
    https://www.twilio.com/docs/messaging/api/message-resource (2010-04-01 API version).
    """

    API = "https://api.twilio.com/2010-04-01/Accounts/{sid}/Messages.json"
    TIMEOUT_SECONDS = 20

    def __init__(self, account_sid: str | None = None, auth_token: str | None = None, sender: str | None = None):
        self.account_sid = account_sid or settings.TWILIO_ACCOUNT_SID
        self.auth_token = auth_token or settings.TWILIO_AUTH_TOKEN
        self.sender = sender or settings.TWILIO_FROM
        if not (self.account_sid and self.auth_token and self.sender):
            raise DeliveryError(
                "the Twilio SMS backend needs ABLACEM_TWILIO_ACCOUNT_SID, ABLACEM_TWILIO_AUTH_TOKEN "
                "and ABLACEM_TWILIO_FROM"
            )

    def request(self, to: str, body: str) -> urllib.request.Request:
        """The HTTP request that sends one message (separate so that it can be checked without a network)."""
        sender_field = "MessagingServiceSid" if self.sender.startswith("MG") else "From"
        data = urllib.parse.urlencode({"To": to, sender_field: self.sender, "Body": body}).encode()
        credentials = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return urllib.request.Request(
            self.API.format(sid=urllib.parse.quote(self.account_sid)),
            data=data,
            method="POST",
            headers={"Authorization": f"Basic {credentials}", "Content-Type": "application/x-www-form-urlencoded"},
        )

    def send(self, to: str, body: str) -> None:
        """Send; a refusal or a network failure raises :class:`DeliveryError` with Twilio's code and message."""
        try:
            with urllib.request.urlopen(self.request(to, body), timeout=self.TIMEOUT_SECONDS) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise DeliveryError(twilio_error(exc.code, exc.read())) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DeliveryError(f"Twilio not reachable: {getattr(exc, 'reason', exc)}") from None


def twilio_error(status: int, payload: bytes) -> str:
    """``HTTP 400: 21211 The 'To' number is not a valid phone number.`` from Twilio's error body."""
    try:
        data = json.loads(payload or b"{}")
    except ValueError:
        data = {}
    code = data.get("code")
    message = data.get("message") or "no message"
    return f"HTTP {status}: {code} {message}" if code else f"HTTP {status}: {message}"


#: The backends by their short name in ``ABLACEM_SMS_BACKEND``.
BACKENDS = {"file": FileSmsBackend, "twilio": TwilioSmsBackend}


def get_sms_backend() -> SmsBackend:
    """The backend ``ABLACEM_SMS_BACKEND`` names (``file``, ``twilio`` or a dotted class path)."""
    name = settings.EPRO_SMS_BACKEND
    cls = BACKENDS.get(name) or import_string(name)
    return cls()
