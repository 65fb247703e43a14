"""What every patient page does before its own work: throttle, find the link, pick the language.

A patient page is reached by its token alone. Its forms are exempt from Django's CSRF check:
with ``Referrer-Policy: no-referrer`` a browser sends ``Origin: null`` on every POST, which that
check refuses, and the check adds nothing here: a page that could forge the patient's POST would
need the 256-bit token in its address, and whoever has the token can answer anyway (the token
is the capability, as in any emailed link). Unknown tokens count against the client's
address (cache-based: ``EPRO_GUESS_LIMIT`` misses per ``EPRO_GUESS_WINDOW_SECONDS``); past the
limit every link page answers "too many attempts" for a while. Every answer carries
``Referrer-Policy: no-referrer`` and ``Cache-Control: no-store`` (the address holds the token).
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt

from ablacem.edc.actors import Actor
from ablacem.edc.models import PatientIdentity
from ablacem.edc.sites import patient_today
from ablacem.protocol import codelists as cl

from ..selectors import link_by_token, link_state, wording_blocks_links

DEFAULT_LANGUAGE = "en"
#: Session key of the in-clinic mode: the key of the link the clinic tablet is answering.
IN_CLINIC_SESSION_KEY = "epro_in_clinic_link"


def _client_key(request) -> str:
    return "epro-guesses:" + (request.META.get("REMOTE_ADDR") or "unknown")


def too_many_guesses(request) -> bool:
    """Whether the client's address has mistyped or guessed too many links lately."""
    return (cache.get(_client_key(request)) or 0) >= settings.EPRO_GUESS_LIMIT


def count_guess(request) -> None:
    """Count one unknown token against the client's address."""
    key = _client_key(request)
    if not cache.add(key, 1, settings.EPRO_GUESS_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, settings.EPRO_GUESS_WINDOW_SECONDS)


def language_of(link) -> str:
    """The link's language: the one chosen on its pages, else the patient's, else English."""
    if link is not None and link.language in cl.PATIENT_LANGUAGE.codes:
        return link.language
    if link is not None:
        chosen = PatientIdentity.objects.filter(patient=link.patient).values_list("language", flat=True).first()
        if chosen in cl.PATIENT_LANGUAGE.codes:
            return chosen
    return DEFAULT_LANGUAGE


def secure(response, language: str):
    """Headers of every patient page: no referrer, no caching, the page's language."""
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Content-Language"] = language
    return response


def closed_page(request, reason: str, *, language: str = DEFAULT_LANGUAGE, status: int = 410, status_info=None):
    """The short, friendly page of a link that does not open (never data, never a server error)."""
    with translation.override(language):
        response = render(
            request,
            "epro/closed.html",
            {"reason": reason, "status_info": status_info, "contact": settings.EPRO_SITE_CONTACT, "language": language},
            status=status,
        )
    return secure(response, language)


def patient_page(view):
    """Decorator of a patient page ``view(request, link, *, actor, language, today, **kwargs)``.

    It throttles guessing, finds the link by its token, refuses links that do not open today
    (friendly page) or whose licensed wording is required but missing, and runs the view in
    the link's language as the link's patient.
    """

    @csrf_exempt
    @functools.wraps(view)
    def wrapped(request, token: str, **kwargs):
        if too_many_guesses(request):
            return closed_page(request, "throttled", status=429)
        link = link_by_token(token)
        if link is None:
            count_guess(request)
            return closed_page(request, "unknown", status=404)
        language = language_of(link)
        today = patient_today(link.patient)  # the window is read on the patient's site's day
        status = link_state(link, today=today)
        if not status.opens:
            if status.state == "submitted":
                return closed_page(request, "submitted", language=language, status=200)
            return closed_page(request, str(status.state), language=language, status_info=status)
        if wording_blocks_links(language):
            return closed_page(request, "unavailable", language=language, status=503)
        with translation.override(language):
            response = view(
                request, link, actor=Actor.for_patient(link.patient), language=language, today=today, **kwargs
            )
        return secure(response, language)

    return wrapped


def in_clinic(request, link) -> bool:
    """Whether this browser session is the clinic tablet opened by staff for ``link``."""
    return request.session.get(IN_CLINIC_SESSION_KEY) == link.pk
