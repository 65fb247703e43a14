"""Error pages: they explain, and echo nothing of the request (no path, no patient data)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from ablacem.edc.views import errors

pytestmark = pytest.mark.db_backend


def test_404_page_does_not_echo_the_address(client_as):
    client = client_as("coordinator")
    response = client.get("/patients/999999/ABL-secret-path/")
    assert response.status_code == 404
    assert b"Not found" in response.content
    assert b"ABL-secret-path" not in response.content and b"999999" not in response.content


def test_missing_patient_is_a_404(client_as):
    response = client_as("coordinator").get(reverse("edc:patient_detail", args=[424242]))
    assert response.status_code == 404
    assert b"424242" not in response.content


def test_403_page_says_why_without_patient_data(client_as, world):
    response = client_as("statistician").get(reverse("edc:patient_detail", args=[world["patient"].pk]))
    assert response.status_code == 403
    assert b"Your role does not give access to clinical pages." in response.content
    assert world["patient"].study_id.encode() not in response.content
    assert b"Alice" not in response.content


def test_500_page_renders_without_the_request_context():
    response = errors.server_error(RequestFactory().get("/patients/1/?name=Alice"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
    assert b"Alice" not in response.content and b"patients" not in response.content


def test_debug_is_off_in_tests(settings):
    assert settings.DEBUG is False


def test_a_busy_database_gets_the_try_again_page_never_a_server_error(client_as, monkeypatch):
    """SQLite still locked after the busy timeout (for example behind a long import): the session
    saved after the view fails; the user is told to try again (503), not "server error"."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    client = client_as("coordinator")
    client.raise_request_exception = False

    def locked(self, must_create=False):
        raise OperationalError("database is locked")

    monkeypatch.setattr(SessionStore, "save", locked)
    response = client.get(reverse("edc:patient_list"))
    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.BUSY_RETRY_AFTER_SECONDS)
    page = response.content.decode()
    assert "Busy: please try again" in page and "Nothing was saved by this request" in page


def test_other_database_errors_stay_server_errors(rf):
    import sys

    from django.db import OperationalError

    try:
        raise OperationalError("no such table: edc_patient")
    except OperationalError:
        assert sys.exc_info()[1] is not None
        response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
