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
