"""``/healthz`` for a load balancer: database reachable, migrations applied, worker keeping up.

Answers JSON with HTTP 200 when every check passes and 503 otherwise. It needs no login, sets
no cookie, and says nothing that identifies a patient, a user or the database server (an
error's details go to the server log, by class name only).

The worker check reads django-tasks-db's own table only (no heartbeat of our own): when the
database task backend is in use, the worker is taken to be down when a task that was due has
been waiting longer than ``ABLACEM_HEALTHZ_WORKER_STALE_SECONDS``; the age of the last
finished task is reported as the worker's latest sign of life.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger("ablacem.health")

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


def _seconds_since(moment) -> int | None:
    return None if moment is None else max(0, int((timezone.now() - moment).total_seconds()))


def check_database() -> dict:
    """``{"ok": bool}``: a query answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True}
    except DatabaseError as exc:
        logger.error("healthz: database unreachable (%s)", type(exc).__name__)
        return {"ok": False, "error": "unreachable"}


def check_migrations() -> dict:
    """``{"ok": bool, "unapplied": int}``: no migration of the code is missing from the database."""
    try:
        executor = MigrationExecutor(connection)
        graph, applied = executor.loader.graph, executor.loader.applied_migrations
        # Every migration on the way to each app's last one, not Django's migration_plan(): that
        # skips an app whose last migration is applied even when one before it is not.
        unapplied = {node for leaf in graph.leaf_nodes() for node in graph.forwards_plan(leaf) if node not in applied}
    except DatabaseError as exc:
        logger.error("healthz: migrations unreadable (%s)", type(exc).__name__)
        return {"ok": False, "error": "unreadable"}
    return {"ok": not unapplied, "unapplied": len(unapplied)}


def worker_in_use() -> bool:
    """Whether the default task backend is django-tasks-db's (then ``ablacem worker`` must run)."""
    return settings.TASKS.get("default", {}).get("BACKEND") == DATABASE_BACKEND


def check_worker(*, stale_after: int) -> dict:
    """The worker's state read from django-tasks-db's table.

    Parameters
    ----------
    stale_after : int
        Seconds a due task may wait before the worker counts as down.

    Returns
    -------
    dict
        ``ok``, ``in_use``, and when in use ``waiting`` (due tasks not started),
        ``oldest_waiting_seconds`` and ``last_finished_seconds_ago`` (None when none).
    """
    if not worker_in_use():
        return {"ok": True, "in_use": False}
    from django_tasks_db.models import DBTaskResult, get_date_max

    try:
        due = DBTaskResult.objects.ready()
        oldest = due.order_by("enqueued_at").values_list("enqueued_at", "run_after").first()
        last = DBTaskResult.objects.finished().order_by("-finished_at").values_list("finished_at", flat=True).first()
        waiting = due.count()
    except DatabaseError as exc:
        logger.error("healthz: task table unreadable (%s)", type(exc).__name__)
        return {"ok": False, "in_use": True, "error": "unreadable"}
    waited = None
    if oldest is not None:
        enqueued_at, run_after = oldest
        # "As soon as possible" is stored as the largest date; a task scheduled for later counts
        # from when it became due, not from when it was queued.
        waited = _seconds_since(enqueued_at if run_after == get_date_max() else max(enqueued_at, run_after))
    return {
        "ok": waited is None or waited <= stale_after,
        "in_use": True,
        "waiting": waiting,
        "oldest_waiting_seconds": waited,
        "last_finished_seconds_ago": _seconds_since(last),
    }


@never_cache
@require_safe
def healthz(request):
    """The health report (GET or HEAD): 200 when all checks pass, else 503."""
    checks = {"database": check_database()}
    if checks["database"]["ok"]:
        checks["migrations"] = check_migrations()
        checks["worker"] = check_worker(stale_after=settings.HEALTHZ_WORKER_STALE_SECONDS)
    ok = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503)
