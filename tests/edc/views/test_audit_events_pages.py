"""Logins, failed logins and downloads are recorded; the data manager's study audit page shows
them with the head of the audit chain."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ablacem.edc.models import AuditEvent, AuditEventKind
from ablacem.edc.selectors import audit_chain_head, audit_chain_verify

from .world import PASSWORD

pytestmark = pytest.mark.db_backend


def test_logins_and_failed_logins_are_recorded_without_the_password(client, users):
    client.post(reverse("login"), {"username": "coordinatr_user", "password": "Wrong-Guess-123"})
    client.post(reverse("login"), {"username": "coordinator_user", "password": PASSWORD})

    failed = AuditEvent.objects.get(kind=AuditEventKind.LOGIN_FAILED)
    assert failed.subject_username == "coordinatr_user"  # as typed: a typo of a real account
    assert failed.user is None and failed.actor_kind == "system"
    stored = " ".join(str(v) for v in AuditEvent.objects.values_list("detail", "subject_username", "actor_name"))
    assert "Wrong-Guess-123" not in stored and PASSWORD not in stored
    login = AuditEvent.objects.get(kind=AuditEventKind.LOGIN)
    assert login.user == users["coordinator"] and login.subject_username == "coordinator_user"


def test_downloads_record_who_what_and_whether_identified(client_as, world, users):
    client = client_as("data_manager")
    assert client.post(reverse("edc:dataset_zip"), {"identified": "1"}).status_code == 200
    assert client.post(reverse("edc:interop_download"), {"fmt": "csv"}).status_code == 200
    assert client.get(reverse("edc:audit_csv", args=[world["patient"].pk])).status_code == 200

    events = list(AuditEvent.objects.filter(kind=AuditEventKind.EXPORT).order_by("pk"))
    assert [(e.identified, e.detail) for e in events] == [
        (True, "tidy dataset zip (1 patients)"),
        (False, "CSV files with a codebook (1 patients, dates: days from the procedure)"),
        (True, f"audit trail CSV of patient #{world['patient'].pk}"),
    ]
    assert {e.user for e in events} == {users["data_manager"]}
    assert audit_chain_verify().ok


def test_the_study_audit_page_shows_events_and_the_chain_head(client_as, users):
    client = client_as("data_manager")
    client.post(reverse("edc:user_change_role", args=[users["monitor"].pk]), {"role": "investigator"})
    html = client.get(reverse("edc:study_audit")).content.decode()

    head = audit_chain_head()
    assert f'<code id="chain-hash">{head["hash"]}</code>' in html
    assert f'<dd id="chain-seq">{head["seq"]}</dd>' in html
    table = html[html.index('id="events"') :]
    assert "Role changed" in table and "role monitor -&gt; investigator" in table and "monitor_user" in table

    only = client.get(reverse("edc:study_audit"), {"kind": "role_changed"}).content.decode()
    only_table = only[only.index('id="events"') :]
    assert "Role changed" in only_table and "Account created" not in only_table
