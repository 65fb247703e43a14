"""The role matrix over every endpoint and method: who gets through the permission (and who gets 403).

The expectations are written out here, from issue 4's matrix (coordinators, investigators and data
managers enter data; monitors read; statisticians get only the de-identified dataset), not read
back from ``roles.PERMISSIONS``. A request that passes the permission may still be refused by
the body (400) or a missing If-Match (428): what this test proves is that it is not 401/403.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ablacem.edc.models import ReportBuild

pytestmark = pytest.mark.django_db

READERS = {"coordinator", "investigator", "data_manager", "monitor"}
WRITERS = {"coordinator", "investigator", "data_manager"}
ALL = READERS | {"statistician"}
IDENTIFIED_EXPORT = {"data_manager"}
RELATED = "ablation"
QUERY_OPENERS = {"investigator", "data_manager", "monitor"}
#: Every role builds the study report (issue 13); the statistician and the data manager export.
REPORT = {"coordinator", "investigator", "data_manager", "monitor", "statistician"}
DEIDENTIFIED_EXPORT = {"data_manager", "statistician"}


def _endpoints(ids):
    p, lesion, ae = ids["patient"], ids["lesion"], ids["ae"]
    return [
        ("get", "/api/v1/patients/", READERS),
        ("post", "/api/v1/patients/", WRITERS),
        ("get", f"/api/v1/patients/{p}/", READERS),
        ("patch", f"/api/v1/patients/{p}/", WRITERS),
        ("get", f"/api/v1/patients/{p}/identity/", READERS),
        ("put", f"/api/v1/patients/{p}/identity/", WRITERS),
        ("put", f"/api/v1/patients/{p}/end-of-study/", WRITERS),
        ("get", f"/api/v1/patients/{p}/lesions/", READERS),
        ("post", f"/api/v1/patients/{p}/lesions/", WRITERS),
        ("get", f"/api/v1/lesions/{lesion}/", READERS),
        ("patch", f"/api/v1/lesions/{lesion}/", WRITERS),
        ("delete", f"/api/v1/lesions/{lesion}/", WRITERS),
        ("get", f"/api/v1/patients/{p}/procedure/", READERS),
        ("put", f"/api/v1/patients/{p}/procedure/", WRITERS),
        ("get", f"/api/v1/patients/{p}/assessments/", READERS),
        ("get", f"/api/v1/patients/{p}/assessments/baseline/", READERS),
        ("put", f"/api/v1/patients/{p}/assessments/baseline/", WRITERS),
        ("get", f"/api/v1/lesions/{lesion}/imaging/", READERS),
        ("get", f"/api/v1/lesions/{lesion}/imaging/post/", READERS),
        ("put", f"/api/v1/lesions/{lesion}/imaging/post/", WRITERS),
        ("get", f"/api/v1/patients/{p}/adverse-events/", READERS),
        ("post", f"/api/v1/patients/{p}/adverse-events/", WRITERS),
        ("get", f"/api/v1/adverse-events/{ae}/", READERS),
        ("put", f"/api/v1/adverse-events/{ae}/", WRITERS),
        ("delete", f"/api/v1/adverse-events/{ae}/", WRITERS),
        ("post", f"/api/v1/adverse-events/{ae}/acknowledge/", {"investigator"}),
        ("get", "/api/v1/worklist/", READERS),
        ("get", "/api/v1/queries/", READERS),
        ("post", "/api/v1/queries/", QUERY_OPENERS),
        ("get", f"/api/v1/queries/{ids['query']}/", READERS),
        ("post", f"/api/v1/queries/{ids['query']}/answer/", {"coordinator"}),
        ("post", f"/api/v1/queries/{ids['query']}/close/", QUERY_OPENERS),
        ("post", f"/api/v1/queries/{ids['query']}/reopen/", QUERY_OPENERS),
        ("get", "/api/v1/dataset/", {"data_manager", "statistician"}),
        ("get", "/api/v1/dataset/?identified=true", IDENTIFIED_EXPORT),
        ("get", f"/api/v1/patients/{p}/fhir/", DEIDENTIFIED_EXPORT),
        ("get", f"/api/v1/patients/{p}/fhir/?identified=true", IDENTIFIED_EXPORT),
        ("post", "/api/v1/report-builds/", REPORT),
        ("get", f"/api/v1/report-builds/{ids['build']}/", REPORT),
        ("get", f"/api/v1/report-builds/{ids['build']}/download/", REPORT),
    ]


@pytest.fixture
def ids(users, patient):
    import datetime as dt

    from ablacem.edc import services
    from ablacem.edc.actors import Actor

    actor = Actor.staff(users["coordinator"])
    lesion = services.lesion_create(patient=patient, actor=actor, site="T8", lesion_type="lytic")
    event = services.adverse_event_record(
        patient=patient,
        onset_date=patient.enrolled_on + dt.timedelta(days=1),
        term="pain_flare",
        cirse_grade=1,
        serious=False,
        related_to=RELATED,
        actor=actor,
    )
    query = services.query_open(
        kind="lesion", record=lesion, field_name="size_mm", question="Size?", actor=Actor.staff(users["monitor"])
    )
    build = ReportBuild.objects.create(user=users["coordinator"])
    return {"patient": patient.pk, "lesion": lesion.pk, "ae": event.pk, "query": query.pk, "build": build.pk}


def test_every_endpoint_and_method_follows_the_role_matrix(client_for, ids):
    for method, url, allowed in _endpoints(ids):
        for role in sorted(ALL):
            response = getattr(client_for(role), method)(url, {}, format="json")
            if role in allowed:
                assert response.status_code not in (401, 403), (role, method, url, response.json())
            else:
                assert response.status_code == 403, (role, method, url, response.status_code)
                assert response["Content-Type"] == "application/problem+json"


def test_without_a_token_every_endpoint_answers_401(ids):
    anonymous = APIClient()
    for method, url, _ in _endpoints(ids):
        response = getattr(anonymous, method)(url, {}, format="json")
        assert response.status_code == 401, (method, url)
        assert response["WWW-Authenticate"].startswith("Bearer")


def test_identifiers_only_for_roles_that_see_them(client_for, users, patient):
    seen = client_for("monitor").get(f"/api/v1/patients/{patient.pk}/").json()
    assert seen["identity"]["name"] == "Alice Martin"
    body = client_for("statistician").get("/api/v1/dataset/").json()
    assert "identifiers" not in body["tables"] and body["identified"] is False
    assert "Alice Martin" not in str(body)


def test_a_query_is_opened_answered_and_closed_through_the_api(client_for, ids):
    opened = client_for("monitor").post(
        "/api/v1/queries/", {"form": "lesion", "record": ids["lesion"], "question": "Which level?"}, format="json"
    )
    assert opened.status_code == 201, opened.json()
    url = f"/api/v1/queries/{opened.json()['id']}/"
    answered = client_for("coordinator").post(url + "answer/", {"text": "T8, as recorded"}, format="json")
    assert answered.status_code == 200 and answered.json()["state"] == "answered"
    closed = client_for("monitor").post(url + "close/", {}, format="json")
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    assert [m["kind"] for m in closed.json()["messages"]][:2] == ["question", "answer"]


def test_every_method_of_every_endpoint_names_the_action_it_needs():
    from ablacem.api.urls import v1

    for pattern in v1:
        view = pattern.callback.view_class
        handlers = {m.upper() for m in view.http_method_names if m not in ("head", "options") and hasattr(view, m)}
        assert handlers and handlers <= set(view.actions), (pattern.pattern, handlers - set(view.actions))
