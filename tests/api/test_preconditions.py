"""Optimistic locking over HTTP, locking after signature, errors as problem details, pagination."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Lesion

from .conftest import ENROLMENT, PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def _lesion(client, patient) -> dict:
    response = client.post(
        f"/api/v1/patients/{patient.pk}/lesions/", {"site": "T8", "lesion_type": "lytic"}, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_change_needs_if_match_and_a_stale_one_is_refused(client_for, patient):
    api = client_for("coordinator")
    lesion = _lesion(api, patient)
    url = f"/api/v1/lesions/{lesion['id']}/"
    etag = api.get(url)["ETag"]
    assert etag == '"1"'
    missing = api.patch(url, {"size_mm": 30, "reason": "measured again"}, format="json")
    assert missing.status_code == 428 and missing["Content-Type"] == "application/problem+json"
    done = api.patch(url, {"size_mm": 30, "reason": "measured again"}, format="json", HTTP_IF_MATCH=etag)
    assert done.status_code == 200 and done["ETag"] == '"2"' and done.json()["size_mm"] == 30
    stale = api.patch(url, {"size_mm": 31, "reason": "again"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale.json()["type"] == "urn:ablacem:problem:stale-edit"
    assert stale["ETag"] == '"2"'
    garbage = api.patch(url, {"size_mm": 31, "reason": "again"}, format="json", HTTP_IF_MATCH="nonsense")
    assert garbage.status_code == 412


def test_edit_check_errors_name_the_field_and_the_rule(client_for, patient):
    api = client_for("coordinator")
    lesion = _lesion(api, patient)
    url = f"/api/v1/lesions/{lesion['id']}/"
    no_reason = api.patch(url, {"size_mm": 30}, format="json", HTTP_IF_MATCH='"1"')
    body = no_reason.json()
    assert no_reason.status_code == 400 and no_reason["Content-Type"] == "application/problem+json"
    assert {"type", "title", "status", "detail", "errors"} <= set(body)
    assert body["errors"] == [
        {
            "field": "reason",
            "rule": "edit_check",
            "message": "this form was already complete: give a reason for the change",
        }
    ]
    bad_type = api.post("/api/v1/patients/", {**ENROLMENT, "age": "old"}, format="json").json()
    assert bad_type["errors"] == [{"field": "age", "rule": "invalid", "message": "A valid integer is required."}]


def test_a_signed_casebook_refuses_changes_through_the_api(client_for, users, patient):
    api = client_for("coordinator")
    lesion = _lesion(api, patient)
    services.casebook_sign(
        patient=patient, password=PASSWORD, actor=Actor.staff(users["investigator"]), confirm_open_follow_up=True
    )
    url = f"/api/v1/lesions/{lesion['id']}/"
    etag = api.get(url)["ETag"]
    refused = api.patch(url, {"size_mm": 30, "reason": "late"}, format="json", HTTP_IF_MATCH=etag)
    assert refused.status_code == 409 and refused.json()["type"] == "urn:ablacem:problem:record-locked"
    added = api.post(f"/api/v1/patients/{patient.pk}/lesions/", {"site": "L2", "lesion_type": "lytic"}, format="json")
    assert added.status_code == 409


def test_unknown_keys_are_404_problems_and_lists_are_paged(client_for, patient):
    api = client_for("monitor")
    missing = api.get("/api/v1/patients/999999/")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"
    coordinator = client_for("coordinator")
    for _ in range(2):
        assert coordinator.post("/api/v1/patients/", ENROLMENT, format="json").status_code == 201
    first = api.get("/api/v1/patients/?page_size=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["next"]
    second = api.get(first["next"]).json()
    assert [p["study_id"] for p in second["results"]] == ["ABL-003"]


def test_the_browsable_api_takes_the_session_with_csrf(users, patient):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(users["coordinator"])
    assert browser.get("/api/v1/patients/").status_code == 200
    refused = browser.post("/api/v1/patients/", ENROLMENT, format="json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]


def test_a_soft_delete_needs_if_match_and_a_reason(client_for, patient):
    api = client_for("coordinator")
    lesion = _lesion(api, patient)
    url = f"/api/v1/lesions/{lesion['id']}/"
    assert api.delete(url, {"reason": "entered twice"}, format="json").status_code == 428
    no_reason = api.delete(url, {}, format="json", HTTP_IF_MATCH='"1"')
    assert no_reason.status_code == 400 and no_reason.json()["errors"][0]["field"] == "reason"
    assert api.delete(url, {"reason": "entered twice"}, format="json", HTTP_IF_MATCH='"1"').status_code == 204
    assert api.get(url).status_code == 404
    assert Lesion.objects.get(pk=lesion["id"]).is_deleted
