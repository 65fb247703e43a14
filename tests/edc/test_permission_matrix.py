"""Every role (and anonymous users) against every page and action, GET and POST.

One table states, for each page, which roles may read it (GET) and which may submit it (POST),
and the status an allowed request gets (POSTs send an empty form, so allowed submissions are
rejected by validation with 422, never saved, except where noted). Refusals are 403 pages;
anonymous users are always sent to the login page. The table is written out by hand from the
roles of issue 4, not derived from :mod:`ablacem.edc.roles`.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import CtMeasurement, CtStatus
from ablacem.epro.services import link_for_visit

from .views.world import PASSWORD, build_world, login


class Text(str):
    """A literal path segment (not the name of an object of the study fixture)."""


C, INV, D, M, S = "coordinator", "investigator", "data_manager", "monitor", "statistician"
ROLES = (C, INV, D, M, S)
CLINICAL = {C, INV, D, M}
EDITORS = {C, INV, D}
EVERYONE = set(ROLES)

#: page -> (url name, url args, GET roles, GET status, POST roles, POST status, POST data)
PAGES = {
    "home": ("edc:home", (), EVERYONE, 302, EVERYONE, 405, {}),
    "session keep-alive": ("keep_alive", (), EVERYONE, 405, EVERYONE, 204, {}),
    "dashboard": ("edc:dashboard", (), CLINICAL, 200, CLINICAL, 405, {}),
    "patient list": ("edc:patient_list", (), CLINICAL, 200, CLINICAL, 200, {}),  # POST: hospital number search
    "enrol": ("edc:enrol", (), EDITORS, 200, EDITORS, 422, {}),
    "patient page": ("edc:patient_detail", ("patient",), CLINICAL, 200, CLINICAL, 405, {}),
    "enrolment data": ("edc:patient_edit", ("patient",), CLINICAL, 200, EDITORS, 422, {}),
    "identifying data": ("edc:identity_edit", ("patient",), CLINICAL, 200, EDITORS, 422, {}),
    "end of study": ("edc:end_of_study", ("patient",), CLINICAL, 200, EDITORS, 422, {}),
    "add lesion": ("edc:lesion_new", ("patient",), EDITORS, 200, EDITORS, 422, {}),
    "lesion": ("edc:lesion_edit", ("patient", "lesion"), CLINICAL, 200, EDITORS, 422, {}),
    "imaging": ("edc:imaging_edit", ("patient", "lesion", "post"), CLINICAL, 200, EDITORS, 422, {}),
    "procedure": ("edc:procedure_edit", ("patient",), CLINICAL, 200, EDITORS, 422, {}),
    # issue 15: only investigators (the radiologists) upload a CT series and rule on its measurement
    "ct upload": ("edc:ct_upload", ("patient", "lesion"), {INV}, 405, {INV}, 422, {}),
    "ct decision": ("edc:ct_decide", ("patient", "lesion", "ct_measurement"), {INV}, 405, {INV}, 422, {}),
    "ct overlay": ("edc:ct_overlay", ("patient", "lesion", "ct_measurement"), CLINICAL, 200, CLINICAL, 405, {}),
    "visit": ("edc:visit", ("patient", "baseline"), CLINICAL, 200, CLINICAL, 405, {}),
    "visit form": ("edc:visit_edit", ("patient", "baseline"), CLINICAL, 200, EDITORS, 422, {}),
    "visit not done": ("edc:visit_not_done", ("patient", "w1"), EDITORS, 200, EDITORS, 422, {}),
    "new adverse event": ("edc:ae_new", ("patient",), EDITORS, 200, EDITORS, 422, {}),
    "adverse event": ("edc:ae_edit", ("patient", "event"), CLINICAL, 200, EDITORS, 422, {}),
    "delete lesion": ("edc:record_delete", ("patient", Text("lesion"), "lesion"), EDITORS, 200, EDITORS, 422, {}),
    "delete adverse event": (
        "edc:record_delete",
        ("patient", Text("adverse-event"), "event"),
        EDITORS,
        200,
        EDITORS,
        422,
        {},
    ),
    "audit trail": ("edc:audit", ("patient",), CLINICAL, 200, CLINICAL, 405, {}),
    "audit trail csv": ("edc:audit_csv", ("patient",), CLINICAL, 200, CLINICAL, 405, {}),
    "sign": ("edc:sign", ("patient",), {INV}, 200, {INV}, 422, {}),
    # The world's event is not serious: an allowed POST is refused by the service with a message (redirect).
    "acknowledge serious adverse event": ("edc:ae_acknowledge", ("patient", "event"), {INV}, 405, {INV}, 302, {}),
    "casebook pdf": ("edc:casebook_pdf", ("patient",), {INV, D, M}, 200, {INV, D, M}, 405, {}),
    "blank crf": ("edc:crf_pdf", (), EVERYONE, 200, EVERYONE, 405, {}),
    "unlock": ("edc:unlock", ("patient",), {D}, 200, {D}, 422, {}),
    "query list": ("edc:query_list", (), CLINICAL, 200, CLINICAL, 405, {}),
    "query log csv": ("edc:query_log_csv", (), CLINICAL, 200, CLINICAL, 405, {}),
    # An allowed POST with no problem named is refused with a message and back to the list.
    "query from problem": ("edc:query_from_problem", (), {INV, D, M}, 405, {INV, D, M}, 302, {}),
    "open query": ("edc:query_new", ("patient", Text("visit"), "visit"), {INV, D, M}, 200, {INV, D, M}, 422, {}),
    # A POST needs an action its role may take: the coordinator answers, the others close.
    "query": ("edc:query_detail", ("patient", "query"), CLINICAL, 200, {C}, 422, {"action": "answer"}),
    "close query": ("edc:query_detail", ("patient", "query"), CLINICAL, 200, {INV, D, M}, 302, {"action": "close"}),
    "sdv overview": ("edc:sdv_overview", (), CLINICAL, 200, CLINICAL, 405, {}),
    # An allowed POST verifies the whole visit form, then shows the page again.
    "sdv record": ("edc:sdv_record", ("patient", Text("visit"), "visit"), CLINICAL, 200, {M}, 302, {}),
    "database lock": ("edc:study_lock", (), CLINICAL, 200, {D}, 302, {"step": "request"}),
    "users": ("edc:user_list", (), {D}, 200, {D}, 405, {}),
    "new user": ("edc:user_new", (), {D}, 200, {D}, 422, {}),
    # An allowed POST deactivates the target account (a spare account, not the caller's).
    "deactivate user": ("edc:user_toggle_active", ("spare",), {D}, 405, {D}, 302, {}),
    # An allowed POST gives the spare account the role sent (investigator).
    "change role": ("edc:user_change_role", ("spare",), {D}, 405, {D}, 302, {"role": "investigator"}),
    # An allowed POST gives the spare account the (single) default site.
    "change sites": ("edc:user_change_sites", ("spare",), {D}, 405, {D}, 302, {"sites": "ABL"}),
    "lift login lock": ("edc:user_unlock_login", ("spare",), {D}, 405, {D}, 302, {}),
    "remove authenticator": ("edc:user_remove_authenticator", ("spare",), {D}, 405, {D}, 302, {}),
    "study audit": ("edc:study_audit", (), {D}, 200, {D}, 405, {}),
    # Everyone enrols their own authenticator (an empty code is refused); without one, the code
    # page sends them on.
    "authenticator": ("second_factor_enrol", (), EVERYONE, 200, EVERYONE, 422, {}),
    "authenticator code": ("second_factor_verify", (), EVERYONE, 302, EVERYONE, 302, {}),
    "exports": ("edc:exports", (), EVERYONE, 200, EVERYONE, 405, {}),
    "dataset download": ("edc:dataset_zip", (), {D, S}, 405, {D, S}, 200, {}),
    "identified dataset download": ("edc:dataset_zip", (), {D, S}, 405, {D}, 200, {"identified": "1"}),
    # Starting a report build queues it (the worker's part never runs inside the test's
    # transaction) and goes to its page; a build's own pages are for the user who started it
    # (tests/edc/views/test_exports_report.py).
    "report start": ("edc:report_start", (), EVERYONE, 405, EVERYONE, 302, {}),
    "interop download": ("edc:interop_download", (), {D, S}, 405, {D, S}, 200, {"fmt": "csv"}),
    "identified interop download": (
        "edc:interop_download",
        (),
        {D, S},
        405,
        {D},
        200,
        {"fmt": "odm", "identified": "1"},
    ),
    # ePRO staff actions (POST only). An allowed POST without a reason is refused with a message
    # and the link stays open; in-clinic mode on the recorded baseline visit is refused likewise
    # (both redirect to the visit page); tests/epro/views/test_staff.py covers the successes.
    "revoke patient link": ("epro:revoke", ("link",), EVERYONE, 405, EDITORS, 302, {}),
    "in-clinic questionnaire": ("epro:in_clinic", ("patient", Text("baseline")), EVERYONE, 405, EDITORS, 302, {}),
    # The printable handout shows a working link: only roles that enter data. An allowed POST
    # (issue the open visit's link) redirects back to the handout; tests/epro/messaging covers it.
    "patient handout": ("epro_messages:handout", ("patient",), EDITORS, 200, EDITORS, 302, {}),
}


@pytest.fixture
def study(users):
    """The objects the URLs point at."""
    world = build_world(users[C])
    world["query"] = services.query_open(
        kind="visit", record=world["visit"], question="Is 8 right?", actor=Actor.staff(users[M])
    )
    world["ct_measurement"] = CtMeasurement.objects.create(
        lesion=world["lesion"], status=CtStatus.MEASURED, cement_volume_ml=4.1, leak_count=0, overlay_png=b"\x89PNG"
    )
    world["spare"] = services.user_create(
        username="spare_user", role=M, password=PASSWORD, actor=Actor.system("createuser")
    )
    world["link"] = link_for_visit(actor=Actor.system("test"), patient=world["patient"], timepoint="m3")
    return world


def _url(name, args, study):
    resolved = [a if isinstance(a, Text) or a not in study else study[a].pk for a in args]
    return reverse(name, args=resolved)


CASES = [(page, role) for page in PAGES for role in (*ROLES, "anonymous")]


@pytest.mark.db_backend
@pytest.mark.parametrize(("page", "role"), CASES, ids=[f"{p}-{r}" for p, r in CASES])
def test_permission_matrix(client, users, study, page, role):
    name, args, get_roles, get_status, post_roles, post_status, post_data = PAGES[page]
    url = _url(name, args, study)
    if role != "anonymous":
        login(client, users[role])

    got = client.get(url)
    if role == "anonymous":
        assert got.status_code == 302 and got["Location"].startswith("/login/"), got.status_code
    elif role in get_roles:
        assert got.status_code == get_status, (got.status_code, got.content[:500])
    else:
        assert got.status_code == 403, got.status_code
        assert b"Not allowed" in got.content and study["patient"].study_id.encode() not in got.content

    sent = client.post(url, post_data)
    if role == "anonymous":
        assert sent.status_code == 302 and sent["Location"].startswith("/login/"), sent.status_code
    elif role in post_roles:
        assert sent.status_code == post_status, (sent.status_code, sent.content[:500])
    else:
        assert sent.status_code == 403, sent.status_code


@pytest.mark.db_backend
def test_a_monitor_sees_the_values_but_no_save_button(client, users, study):
    login(client, users[M])
    page = client.get(_url("edc:visit_edit", ("patient", "baseline"), study)).content.decode()
    assert "Read-only: your role can see these values but not change them." in page
    assert 'value="8.0"' in page and "disabled" in page
    assert "Save (complete)" not in page


@pytest.mark.db_backend
def test_identifiers_reach_only_roles_allowed_to_see_them(client, users, study):
    for role, shown in ((C, True), (INV, True), (D, True), (M, True)):
        login(client, users[role])
        assert (b"Alice Example" in client.get(_url("edc:patient_detail", ("patient",), study)).content) is shown
    login(client, users[S])
    assert client.get(_url("edc:patient_detail", ("patient",), study)).status_code == 403


# --- Several sites (issue 14): another site's patient does not exist for a user of one site ---

#: What a URL may point at that belongs to a patient.
PATIENT_OBJECTS = {"patient", "lesion", "event", "query", "ct_measurement", "link", "visit"}
PATIENT_PAGES = [
    page for page, spec in PAGES.items() if PATIENT_OBJECTS & {a for a in spec[1] if not isinstance(a, Text)}
]
#: Pages that list patients or export them, GET or POST as the matrix says.
LIST_PAGES = ("dashboard", "patient list", "query list", "query log csv", "sdv overview", "database lock")


@pytest.fixture
def other_site(study, users):
    """A second site, ``TOR``, with its own patient world (the matrix users all belong to ``ABL``)."""
    system = Actor.system("createuser")
    services.site_create(code="TOR", name="Toronto General", time_zone="America/Toronto", actor=system)
    tor_coordinator = services.user_create(
        username="tor_coordinator", role=C, password=PASSWORD, sites=["TOR"], actor=system
    )
    tor_monitor = services.user_create(username="tor_monitor", role=M, password=PASSWORD, sites=["TOR"], actor=system)
    world = build_world(tor_coordinator, name="Bella Autre", hospital_number="HN-777777")
    world["query"] = services.query_open(
        kind="visit", record=world["visit"], question="Is 8 right?", actor=Actor.staff(tor_monitor)
    )
    world["ct_measurement"] = CtMeasurement.objects.create(
        lesion=world["lesion"], status=CtStatus.MEASURED, cement_volume_ml=3.0, leak_count=0, overlay_png=b"\x89PNG"
    )
    world["link"] = link_for_visit(actor=Actor.system("test"), patient=world["patient"], timepoint="m3")
    assert world["patient"].study_id == "TOR-001" and study["patient"].study_id == "ABL-001"
    return world


@pytest.mark.slow
@pytest.mark.db_backend
def test_another_sites_patient_is_a_404_on_every_patient_page(client, users, study, other_site):
    """Each role that may open a page gets a 404 for the other site's patient (GET and POST),
    never a 403 that would confirm it exists; a role refused the page gets the refusal it gets
    for any patient (403) or the 404. One test over every page: the two worlds are built once."""
    wrong = []
    for page in PATIENT_PAGES:
        name, args, get_roles, get_status, post_roles, post_status, post_data = PAGES[page]
        url = _url(name, args, other_site)
        for role in ROLES:
            login(client, users[role])
            got = client.get(url)
            expected = {404 if get_status != 405 else 405} if role in get_roles else {403, 404}
            if got.status_code not in expected or b"TOR-001" in got.content:
                wrong.append((page, role, "GET", got.status_code))
            sent = client.post(url, post_data)
            expected = {404 if post_status != 405 else 405} if role in post_roles else {403, 404}
            if sent.status_code not in expected:
                wrong.append((page, role, "POST", sent.status_code))
    assert not wrong, wrong
    assert len(PATIENT_PAGES) > 25


@pytest.mark.slow
@pytest.mark.db_backend
def test_another_sites_patient_is_in_no_list_or_export_of_a_one_site_user(client, users, study, other_site):
    for page in LIST_PAGES:
        name, args, get_roles, *_ = PAGES[page]
        for role in get_roles:
            login(client, users[role])
            content = client.get(_url(name, args, study)).content
            assert b"TOR-001" not in content, (page, role)
            assert b"ABL-001" in content or page in ("sdv overview", "database lock"), (page, role)
    login(client, users[D])
    patients = _unzipped(client.post(reverse("edc:dataset_zip"), {"identified": "1"}))["patients.csv"]
    assert "ABL-001" in patients and "TOR-001" not in patients and ",ABL," in patients
    for fmt in ("csv", "odm", "redcap"):
        files = _unzipped(client.post(reverse("edc:interop_download"), {"fmt": fmt, "identified": "1"}))
        assert any("ABL-001" in text for text in files.values()), fmt
        assert not any("TOR-001" in text or "Bella Autre" in text for text in files.values()), fmt


def _unzipped(response) -> dict[str, str]:
    """The text of every file of a zip download, by file name (without folders)."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n.rsplit("/", 1)[-1]: z.read(n).decode("utf-8", "replace") for n in z.namelist()}


@pytest.mark.db_backend
def test_the_whole_study_and_several_sites_reach_both_patients(client, users, study, other_site):
    system = Actor.system("createuser")
    monitor = services.user_create(username="study_monitor", role=M, password=PASSWORD, whole_study=True, actor=system)
    both = services.user_create(username="both_sites", role=C, password=PASSWORD, sites=["ABL", "TOR"], actor=system)
    for user in (monitor, both):
        login(client, user)
        for world in (study, other_site):
            assert client.get(_url("edc:patient_detail", ("patient",), world)).status_code == 200
        listing = client.get(reverse("edc:patient_list")).content
        assert b"ABL-001" in listing and b"TOR-001" in listing
    login(client, users[C])
    assert client.get(_url("edc:patient_detail", ("patient",), other_site)).status_code == 404
