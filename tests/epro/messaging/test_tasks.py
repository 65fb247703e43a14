"""The sender as a task of Django's tasks framework: how runs are queued and re-queued, tested without sleeping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ablacem.cli.worker import worker_options
from ablacem.epro.messaging.models import MessageLog
from ablacem.epro.messaging.tasks import schedule_next, send_due_messages, waiting_runs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.db_backend]


@pytest.fixture
def database_queue(settings):
    """The database backend of ``ablacem worker`` (the test settings use the immediate one)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.EPRO_SEND_EVERY_MINUTES = 5


@pytest.fixture
def due_today(coordinator):
    """A patient treated 5 days ago: the 1-week window opens today, so the invitation is due."""
    from tests.edc.conftest import treat
    from tests.edc.views.world import enrol

    day0 = timezone.localdate() - dt.timedelta(days=5)
    patient = enrol(
        coordinator,
        enrolled_on=day0 - dt.timedelta(days=7),
        email="ann@example.org",
        contact_channel="email",
        contact_consent=True,
    )
    treat(coordinator, patient, day0=day0)
    return patient


def test_schedule_next_queues_one_run_after_the_interval_and_never_two(database_queue):
    now = timezone.now()
    assert schedule_next(now=now) is True
    (run,) = DBTaskResult.objects.all()
    assert run.task_path == send_due_messages.module_path and run.status == "READY"
    assert run.run_after == now + dt.timedelta(minutes=5)
    assert schedule_next(now=now + dt.timedelta(minutes=1)) is False  # one is waiting already
    assert waiting_runs() == 1


def test_a_run_sends_what_is_due_and_queues_the_next(database_queue, due_today):
    schedule_next(delay=dt.timedelta(0))  # what `ablacem worker` does at start
    call_command("db_worker", **worker_options(batch=True), verbosity=0)
    assert MessageLog.objects.filter(patient=due_today, timepoint="w1", number=0).count() == 1
    assert len(mail.outbox) == 1
    # The saves of the fixture queued their patients' problem refreshes too: the sender's runs only.
    runs = DBTaskResult.objects.filter(task_path=send_due_messages.module_path)
    done = runs.get(status="SUCCESSFUL")
    assert done.return_value == 1
    (following,) = runs.filter(status="READY")
    assert following.run_after >= done.finished_at + dt.timedelta(minutes=5) - dt.timedelta(seconds=1)


def test_with_the_immediate_backend_a_run_sends_and_queues_nothing(due_today):
    result = send_due_messages.enqueue()
    assert result.return_value == 1 and len(mail.outbox) == 1
    assert waiting_runs() == 0 and schedule_next() is False


def test_worker_options():
    assert worker_options(batch=False) == {"queue_name": "*", "reload": False}
    assert worker_options(batch=True) == {"queue_name": "*", "reload": False, "batch": True, "startup_delay": False}
