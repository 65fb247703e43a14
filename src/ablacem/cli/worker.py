"""``ablacem worker``: run the background queue (django-tasks-db's ``db_worker``) with the ePRO sender in it.

Deployments without cron run ``ablacem worker`` beside the web server. It queues one run of
the invitation and reminder sender (:mod:`ablacem.epro.messaging.tasks`), which re-queues
itself every ``ABLACEM_SEND_EVERY_MINUTES``, then hands over to ``db_worker``, which also runs
any other task the site queues. Stop it with Ctrl+C (it finishes the task under way).
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``worker`` subcommand."""
    p = sub.add_parser("worker", help="run background tasks, sending due invitations and reminders every few minutes")
    p.add_argument(
        "--batch", action="store_true", help="run the tasks ready now, then exit (for cron, or to check the setup)"
    )
    p.set_defaults(handler=run_worker)


def run_worker(args: argparse.Namespace) -> int:
    """Queue the sender's first run (now, unless one is waiting) and run ``db_worker``."""
    from .web import setup_django

    setup_django()
    import datetime as dt

    from django.core.management import call_command

    from ablacem.epro.messaging.tasks import interval, schedule_next

    schedule_next(delay=dt.timedelta(0))
    print(f"ablacem worker: sending due invitations and reminders every {interval()}; Ctrl+C stops it", flush=True)
    call_command("db_worker", **worker_options(batch=args.batch))
    return 0


def worker_options(*, batch: bool) -> dict:
    """Options of ``db_worker``: all queues, no code reloading (a task is never cut short), and for
    ``--batch`` no random start-up delay (it runs once and exits)."""
    options = {"queue_name": "*", "reload": False}
    if batch:
        options |= {"batch": True, "startup_delay": False}
    return options
