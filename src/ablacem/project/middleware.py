"""HTTP policies every page of the site follows."""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (with ``private``, ``no-cache``, ``max-age=0``) on every page.

    Pages of staff users and the patients' ePRO pages show identifiers or answers: no browser,
    proxy or back-button cache may keep them (OWASP Session Management Cheat Sheet, "Web Content
    Caching"). Every response that reaches this middleware gets the header, which is simpler
    than listing the pages that show identifiers and cannot miss a new one; static files are
    served before it (WhiteNoise) and keep their long cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
