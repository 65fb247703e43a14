"""The send-due task of Django's tasks framework, and how ``ablacem worker`` keeps it coming back.

How it runs (no cron needed, no queue of our own): ``ablacem worker`` calls :func:`schedule_next`
to put one run of :data:`send_due_messages` in the database queue (django-tasks-db), then runs
django-tasks-db's own ``db_worker``. Each run sends what is due and, before it returns, queues
the next run ``ABLACEM_SEND_EVERY_MINUTES`` later (``run_after``). :func:`schedule_next` adds a
run only when none is waiting, so several workers, or a restarted one, do not multiply the
runs; even if two runs overlap, sending is idempotent (:mod:`.services`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import default_task_backend, task

from ablacem.edc.actors import Actor

#: The name the sender acts under in the audit trail (links it issues).
SENDER = "messages"


def interval() -> dt.timedelta:
    """Time between two runs of the sender (``ABLACEM_SEND_EVERY_MINUTES``)."""
    return dt.timedelta(minutes=max(1, int(settings.EPRO_SEND_EVERY_MINUTES)))


def waiting_runs() -> int:
    """Runs of the sender queued and not yet started (database backend only; 0 otherwise)."""
    from django_tasks_db.models import DBTaskResult

    if not default_task_backend.supports_defer:
        return 0
    return DBTaskResult.objects.filter(
        task_path=send_due_messages.module_path, status="READY", backend_name=default_task_backend.alias
    ).count()


def schedule_next(*, now: dt.datetime | None = None, delay: dt.timedelta | None = None) -> bool:
    """Queue one run of the sender at ``now + delay`` (default: the configured interval), unless one is waiting.

    Only with a backend that can defer a task (the database backend of ``ablacem worker``); with
    the immediate backend of the tests and of a plain ``send-due`` nothing is queued.

    Returns
    -------
    bool
        Whether a run was queued.
    """
    if not default_task_backend.supports_defer or waiting_runs():
        return False
    now = now or timezone.now()
    send_due_messages.using(run_after=now + (interval() if delay is None else delay)).enqueue()
    return True


@task()
def send_due_messages() -> int:
    """Send every invitation and reminder due now, then queue the next run; returns how many were claimed."""
    from .services import messages_send_due

    try:
        results = messages_send_due(actor=Actor.system(SENDER))
    finally:
        schedule_next()
    return len(results)
