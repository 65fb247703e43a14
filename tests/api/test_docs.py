"""The OpenAPI schema and its browsable documentation (Swagger UI, served from this site under the CSP)."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_schema_and_docs_are_served_to_a_logged_in_user_without_inline_script(users):
    browser = Client()
    assert browser.get("/api/schema/").status_code in (401, 403)
    browser.force_login(users["monitor"])
    schema = browser.get("/api/schema/?format=json")
    assert schema.status_code == 200 and schema.json()["openapi"].startswith("3.")
    assert "/api/v1/patients/{id}/assessments/{timepoint}/" in schema.json()["paths"]
    page = browser.get("/api/docs/")
    html = page.content.decode()
    assert page.status_code == 200 and "Content-Security-Policy" in page.headers
    assert "<script>" not in html and "?script=" in html
    script = browser.get("/api/docs/?script=")
    assert script.status_code == 200 and "javascript" in script["Content-Type"]
