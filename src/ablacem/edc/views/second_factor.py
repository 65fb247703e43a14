"""Second factor (TOTP): enrol an authenticator app, and enter its code after the password."""

from __future__ import annotations

import base64
import binascii

import segno
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from ablacem.edc.actors import actor_from_request
from ablacem.edc.forms.second_factor import TokenForm
from ablacem.edc.models import AuditEventKind
from ablacem.edc.second_factor import NO_DEVICE
from ablacem.edc.selectors.second_factor import has_second_factor, second_factor_required
from ablacem.edc.services.audit_events import audit_event_record
from ablacem.edc.services.second_factor import WRONG_CODE, totp_device_enrol

from ._forms import posted, run_service
from ._render import form_page

#: Session key of the secret being enrolled (kept until the app's code proves it was scanned).
ENROL_KEY = "ablacem_totp_enrol_key"


def _qr_svg(uri: str) -> str:
    """The provisioning URI as an inline SVG QR code (markup only: no script, no style attribute)."""
    return mark_safe(segno.make(uri, error="m").svg_inline(scale=5, light="#fff", dark="#000"))


def _grouped_base32(hex_key: str) -> str:
    secret = base64.b32encode(binascii.unhexlify(hex_key)).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def enrol(request):
    """Show a new secret as a QR code (and as text); the app's current code confirms it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if has_second_factor(request.user) and not request.user.is_verified():
        # Replacing an authenticator needs the current one: the password alone is not enough.
        return redirect("second_factor_verify")
    key = request.session.get(ENROL_KEY) or default_key()
    request.session[ENROL_KEY] = key
    form = TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        device = run_service(
            form,
            lambda: totp_device_enrol(actor=actor_from_request(request), key=key, token=form.cleaned_data["token"]),
        )
        if device is not None:
            otp_login(request, device)
            request.session.pop(ENROL_KEY, None)
            request.session.pop(NO_DEVICE, None)
            messages.success(request, "Authenticator enrolled: you will enter its code at every login.")
            return redirect("edc:home")
    uri = TOTPDevice(user=request.user, key=key, name="authenticator").config_url
    return form_page(
        request,
        "edc/second_factor_enrol.html",
        title="Set up your authenticator",
        form=form,
        qr_svg=_qr_svg(uri),
        secret=_grouped_base32(key),
        required=second_factor_required(request.user),
        replaces=has_second_factor(request.user),
        submit_label="Confirm",
        cancel_url="/",
        nav="account",
    )


def verify(request):
    """After the password: the authenticator's code, before any other page."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.is_verified() or not has_second_factor(request.user):
        return redirect(_next_url(request))
    form = TokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].strip().replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            audit_event_record(
                actor=actor_from_request(request),
                kind=AuditEventKind.LOGIN,
                subject_username=request.user.get_username(),
                detail="second factor verified",
            )
            return redirect(_next_url(request))
        form.add_error("token", WRONG_CODE)
        audit_event_record(
            actor=actor_from_request(request),
            kind=AuditEventKind.LOGIN_FAILED,
            subject_username=request.user.get_username(),
            detail="wrong authenticator code",
        )
    return form_page(
        request,
        "registration/second_factor_verify.html",
        form=form,
        next=_next_url(request),
        nav="account",
    )
