"""Sites over the API (issue 14): for a user of site ABL, site TOR's patient does not exist.

Every patient-scoped endpoint and method answers 404 (never 403, which would confirm the record
exists) for TOR's patient, its lesion, adverse event and query, also for changes sent with the
record's current ETag; TOR's patient is in no list, worklist, query list or dataset of an ABL
user; and the API cannot enrol a patient at a site the user does not reach.
"""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from ablacem.api.services import api_token_create
from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Patient, Query
from ablacem.protocol import codelists as cl
from tests.edc.views.world import DAY0, build_world

from .conftest import ENROLMENT, PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]
SYSTEM = Actor.system("createuser")


def _client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(actor=Actor.staff(user), name='t', days=30)[1]}")
    return client


@pytest.fixture
def two_sites(users):
    """ABL's world (the role users, created while single-site, belong to ABL) and TOR's, with a query."""
    abl = build_world(users["coordinator"])
    services.site_create(code="TOR", name="Toronto General", time_zone="America/Toronto", actor=SYSTEM)
    tor_coordinator = services.user_create(
        username="tor_coordinator", role="coordinator", password=PASSWORD, sites=["TOR"], actor=SYSTEM
    )
    tor_monitor = services.user_create(
        username="tor_monitor", role="monitor", password=PASSWORD, sites=["TOR"], actor=SYSTEM
    )
    tor = build_world(tor_coordinator, name="Bella Autre", hospital_number="HN-777777")
    tor["query"] = services.query_open(
        kind="lesion", record=tor["lesion"], field_name="size_mm", question="Size?", actor=Actor.staff(tor_monitor)
    )
    abl["query"] = services.query_open(
        kind="lesion", record=abl["lesion"], field_name="size_mm", question="Size?", actor=Actor.staff(users["monitor"])
    )
    for world, user in ((abl, users["coordinator"]), (tor, tor_coordinator)):
        world["imaging"] = services.imaging_record(
            lesion=world["lesion"],
            timepoint="post",
            imaged_on=DAY0 + dt.timedelta(days=1),
            local_status=cl.CONTROLLED,
            actor=Actor.staff(user),
        )
    assert (abl["patient"].study_id, tor["patient"].study_id) == ("ABL-001", "TOR-001")
    return abl, tor


def _patient_scoped(world) -> list[tuple[str, str, str, object]]:
    """``(role, method, url, record whose ETag goes in If-Match)``: every patient-scoped endpoint
    and method, with a role the matrix lets through."""
    p, lesion, event, query = world["patient"], world["lesion"], world["event"], world["query"]
    pu, lu, au, qu = (
        f"/api/v1/patients/{p.pk}/",
        f"/api/v1/lesions/{lesion.pk}/",
        f"/api/v1/adverse-events/{event.pk}/",
        f"/api/v1/queries/{query.pk}/",
    )
    c = "coordinator"
    return [
        (c, "get", pu, None),
        (c, "patch", pu, p),
        (c, "get", pu + "identity/", None),
        (c, "put", pu + "identity/", p),
        (c, "put", pu + "end-of-study/", p),
        (c, "get", pu + "lesions/", None),
        (c, "post", pu + "lesions/", None),
        (c, "get", pu + "procedure/", None),
        (c, "put", pu + "procedure/", p),
        (c, "get", pu + "assessments/", None),
        (c, "get", pu + "assessments/baseline/", None),
        (c, "put", pu + "assessments/baseline/", world["visit"]),
        (c, "get", pu + "adverse-events/", None),
        (c, "post", pu + "adverse-events/", None),
        ("data_manager", "get", pu + "fhir/", None),
        ("data_manager", "get", pu + "fhir/?identified=true", None),
        (c, "get", lu, None),
        (c, "patch", lu, lesion),
        (c, "delete", lu, lesion),
        (c, "get", lu + "imaging/", None),
        (c, "get", lu + "imaging/post/", None),
        (c, "put", lu + "imaging/post/", world["imaging"]),
        (c, "get", au, None),
        (c, "put", au, event),
        (c, "delete", au, event),
        ("investigator", "post", au + "acknowledge/", event),
        (c, "get", qu, None),
        (c, "post", qu + "answer/", None),
        ("monitor", "post", qu + "close/", None),
        ("monitor", "post", qu + "reopen/", None),
    ]


def test_another_sites_records_are_404_on_every_patient_scoped_endpoint(client_for, two_sites):
    abl, tor = two_sites
    before = {name: (type(tor[name]), tor[name].pk, tor[name].version) for name in ("patient", "lesion", "event")}
    wrong = []
    for role, method, url, record in _patient_scoped(tor):
        headers = {"HTTP_IF_MATCH": f'"{record.version}"'} if record is not None else {}
        body = {"reason": "checking", "text": "T8", "name": "Bella Autre"}
        got = getattr(client_for(role), method)(url, body, format="json", **headers)
        if got.status_code != 404 or got["Content-Type"] != "application/problem+json" or b"TOR-001" in got.content:
            wrong.append((role, method, url, got.status_code))
    assert not wrong, wrong
    # The same calls on ABL's own records get through (not a blanket 404).
    for role, method, url, _ in _patient_scoped(abl):
        if method == "get":
            assert getattr(client_for(role), method)(url).status_code == 200, (role, url)
    # Nothing of TOR's changed.
    for model, pk, version in before.values():
        assert model.objects.filter(pk=pk, version=version).exists(), model


def test_another_sites_patient_is_in_no_list_worklist_query_list_or_dataset(client_for, two_sites):
    abl, tor = two_sites
    for role in ("coordinator", "investigator", "data_manager", "monitor"):
        api = client_for(role)
        for url in ("/api/v1/patients/", "/api/v1/worklist/", "/api/v1/queries/"):
            text = api.get(url).content.decode()
            assert "TOR-001" not in text and "Bella" not in text, (role, url)
            assert "ABL-001" in text or url == "/api/v1/queries/", (role, url)
        rows = api.get("/api/v1/queries/").json()["results"]
        assert [q["id"] for q in rows] == [abl["query"].pk], role
    dataset = client_for("data_manager").get("/api/v1/dataset/?identified=true").json()["tables"]
    assert [p["patient_id"] for p in dataset["patients"]] == ["ABL-001"]
    assert [i["patient_id"] for i in dataset["identifiers"]] == ["ABL-001"]
    opened = client_for("monitor").post(
        "/api/v1/queries/", {"form": "lesion", "record": tor["lesion"].pk, "question": "Level?"}, format="json"
    )
    assert opened.status_code == 400 and [e["field"] for e in opened.json()["errors"]] == ["record"]
    assert Query.objects.filter(form="lesion", record_pk=tor["lesion"].pk).count() == 1


def test_the_api_enrols_only_at_the_users_sites(client_for, two_sites):
    abl_coordinator = client_for("coordinator")
    refused = abl_coordinator.post("/api/v1/patients/", {**ENROLMENT, "site": "TOR"}, format="json")
    assert refused.status_code == 400 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["errors"] == [
        {"field": "site", "rule": "edit_check", "message": "Site 'TOR' is not one of your sites."}
    ]
    one_site = abl_coordinator.post("/api/v1/patients/", ENROLMENT, format="json")
    assert one_site.status_code == 201 and one_site.json()["site"] == "ABL"

    both = _client(
        services.user_create(username="both", role="coordinator", password=PASSWORD, sites=["ABL", "TOR"], actor=SYSTEM)
    )
    unnamed = both.post("/api/v1/patients/", ENROLMENT, format="json")
    assert unnamed.status_code == 400 and [e["field"] for e in unnamed.json()["errors"]] == ["site"]
    at_tor = both.post("/api/v1/patients/", {**ENROLMENT, "site": "TOR"}, format="json")
    assert at_tor.status_code == 201 and (at_tor.json()["site"], at_tor.json()["study_id"]) == ("TOR", "TOR-002")
    # The site is set at enrolment only: a change of enrolment data does not move the patient.
    moved = both.patch(
        f"/api/v1/patients/{at_tor.json()['id']}/",
        {"site": "ABL", "reason": "site check"},
        format="json",
        HTTP_IF_MATCH=at_tor["ETag"],
    )
    assert moved.status_code == 200, moved.json()
    assert moved.json()["site"] == "TOR"
    assert Patient.objects.filter(site__code="TOR").count() == 2


def test_the_whole_study_reaches_both_sites_patients(two_sites):
    monitor = services.user_create(
        username="study_monitor", role="monitor", password=PASSWORD, whole_study=True, actor=SYSTEM
    )
    listed = _client(monitor).get("/api/v1/patients/").json()["results"]
    assert [(p["study_id"], p["site"]) for p in listed] == [("ABL-001", "ABL"), ("TOR-001", "TOR")]
