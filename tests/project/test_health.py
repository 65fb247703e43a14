"""``/healthz``: database, migrations and the worker, as a load balancer sees them."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _queue(*, waited: dt.timedelta, status="READY", finished_ago: dt.timedelta | None = None) -> None:
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="ablacem.does_not_matter",
        backend_name="default",
        run_after=get_date_max(),
        status=status,
    )
    changes = {"enqueued_at": timezone.now() - waited}
    if finished_ago is not None:
        changes["finished_at"] = timezone.now() - finished_ago
    DBTaskResult.objects.filter(pk=task.pk).update(**changes)


def test_healthy_without_login_and_without_a_cookie(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    assert response.cookies == {}
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["migrations"] == {"ok": True, "unapplied": 0}
    assert body["checks"]["worker"] == {"ok": True, "in_use": False}  # tests run tasks at once


def test_a_missing_migration_answers_503(client):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = 'edc' AND name = '0005_actor'")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["checks"]["migrations"] == {"ok": False, "unapplied": 1}


def test_an_unreachable_database_answers_503_without_details(client):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("could not connect to host db.internal")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": {"ok": False, "error": "unreachable"}}
    assert b"db.internal" not in response.content


@override_settings(TASKS=DB_TASKS, HEALTHZ_WORKER_STALE_SECONDS=300)
def test_the_worker_is_healthy_while_due_tasks_are_picked_up_in_time(client):
    _queue(waited=dt.timedelta(minutes=2), status="SUCCESSFUL", finished_ago=dt.timedelta(seconds=90))
    _queue(waited=dt.timedelta(seconds=30))
    response = client.get("/healthz")
    assert response.status_code == 200
    worker = response.json()["checks"]["worker"]
    assert worker["ok"] and worker["in_use"] and worker["waiting"] == 1
    assert 30 <= worker["oldest_waiting_seconds"] < 300
    assert 90 <= worker["last_finished_seconds_ago"] < 300


@override_settings(TASKS=DB_TASKS, HEALTHZ_WORKER_STALE_SECONDS=300)
def test_a_task_waiting_past_the_limit_means_the_worker_is_down(client):
    _queue(waited=dt.timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 503
    worker = response.json()["checks"]["worker"]
    assert worker["ok"] is False and worker["waiting"] == 1 and worker["oldest_waiting_seconds"] >= 600
    assert worker["last_finished_seconds_ago"] is None


@override_settings(TASKS=DB_TASKS)
def test_an_empty_queue_is_healthy(client):
    worker = client.get("/healthz").json()["checks"]["worker"]
    assert worker == {
        "ok": True,
        "in_use": True,
        "waiting": 0,
        "oldest_waiting_seconds": None,
        "last_finished_seconds_ago": None,
    }


def test_only_get_and_head(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
