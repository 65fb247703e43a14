"""Masking patient link tokens in log records (request logs print the address, which holds the token).

A link token is 43 URL-safe base64 characters (:mod:`ablacem.epro.links`). The filter rewrites
every record it sees, replacing the token in ``/p/<token>`` addresses and any other run of 43
such characters, so that neither the development server's request lines (``django.server``),
Django's 404/500 reports (``django.request``) nor gunicorn's access log keep a working link.
"""

from __future__ import annotations

import logging
import re

#: A 43-character run of URL-safe base64, not part of a longer run (a link token).
TOKEN_PATTERN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")
MASK = "[link]"
#: Loggers that print request addresses; :meth:`ablacem.epro.apps.EproConfig.ready` filters them.
REQUEST_LOGGERS = ("django.request", "django.server", "gunicorn.access", "gunicorn.error")


def mask_tokens(text: str) -> str:
    """``text`` with every link token replaced by ``[link]``."""
    return TOKEN_PATTERN.sub(MASK, text)


class MaskLinkTokens(logging.Filter):
    """A logging filter that masks link tokens in the message and its arguments (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler to report
            return True
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_text:
            record.exc_text = mask_tokens(record.exc_text)
        request = getattr(record, "request", None)
        if request is not None and TOKEN_PATTERN.search(getattr(request, "path", "") or ""):
            # A handler such as AdminEmailHandler would print the request: keep only its method.
            record.request = None
        return True


def install() -> None:
    """Attach :class:`MaskLinkTokens` to the request loggers (once)."""
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, MaskLinkTokens) for f in logger.filters):
            logger.addFilter(MaskLinkTokens())
