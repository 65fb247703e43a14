"""Every page carries the Content-Security-Policy (no inline script or style) and
``Cache-Control: no-store``; no template has an inline script, style or event handler."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

import ablacem
from tests.edc.test_permission_matrix import PAGES, ROLES, _url, study  # noqa: F401 - the fixture
from tests.edc.views.world import login

TEMPLATES = sorted(Path(ablacem.__file__).parent.glob("*/templates/**/*.html"))


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def assert_protected(response, what: str) -> None:
    """The response has the site's CSP (self only, nothing inline) and may not be stored."""
    assert "Content-Security-Policy" in response, f"{what}: no Content-Security-Policy"
    policy = _policy(response)
    for directive in ("default-src", "script-src", "style-src"):
        assert policy[directive] == "'self'", (what, directive, policy.get(directive))
    assert "unsafe-inline" not in response["Content-Security-Policy"], what
    assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'", what
    assert "no-store" in response["Cache-Control"], (what, response.get("Cache-Control"))


CASES = list(PAGES)


@pytest.mark.db_backend
@pytest.mark.parametrize("page", CASES)
def test_every_page_carries_the_policy_and_no_store(client, users, study, page):  # noqa: F811
    name, args, get_roles, _, post_roles, _, post_data = PAGES[page]
    url = _url(name, args, study)
    role = next(r for r in ROLES if r in get_roles | post_roles)
    login(client, users[role])
    assert_protected(client.get(url), f"GET {page} as {role}")
    post_role = next((r for r in ROLES if r in post_roles), None)
    if post_role is not None:
        login(client, users[post_role])
        assert_protected(client.post(url, post_data), f"POST {page} as {post_role}")


@pytest.mark.db_backend
def test_login_page_and_error_pages_carry_them_too(client, users):
    assert_protected(client.get(reverse("login")), "login page")
    login(client, users["statistician"])
    assert_protected(client.get("/patients/999999/"), "404 page")
    assert_protected(client.get(reverse("edc:dashboard")), "403 page")


@pytest.mark.db_backend
def test_static_files_keep_their_cache(client):
    response = client.get("/static/edc/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


_INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "style block": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: link": re.compile(r"javascript:", re.IGNORECASE),
}


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.name for t in TEMPLATES])
def test_no_template_has_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    found = [kind for kind, pattern in _INLINE.items() if pattern.search(text)]
    assert found == [], f"{template}: {', '.join(found)} (the CSP refuses them: use a static file)"
