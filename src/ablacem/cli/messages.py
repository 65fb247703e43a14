"""``ablacem messages send-due [--now ISO-DATETIME]``: send the invitations and reminders due now."""

from __future__ import annotations

import argparse
import datetime as dt
import sys


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``messages`` subcommand (``send-due``)."""
    p = sub.add_parser("messages", help="patient invitations and reminders (ePRO)")
    actions = p.add_subparsers(dest="messages_command", metavar="ACTION", required=True)
    send = actions.add_parser("send-due", help="send every invitation and reminder due now and print what was sent")
    send.add_argument(
        "--now",
        type=_aware_datetime,
        default=None,
        help="act as if it were this moment (ISO 8601, e.g. 2026-03-09T09:00Z; without an offset: TIME_ZONE); "
        "each patient's messages follow their own site's day at that moment",
    )
    send.set_defaults(handler=run_send_due)
    visits = actions.add_parser(
        "open-visits",
        help="list the visits answered from home whose window is open today, on each patient's site's day "
        "(study ID and visit)",
    )
    visits.set_defaults(handler=run_open_visits)


def _aware_datetime(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 date-time (2026-03-09T09:00)") from None


def run_send_due(args: argparse.Namespace) -> int:
    """Send what is due and print one line per message (study ID, visit, message, channel, status)."""
    from .web import setup_django

    setup_django()
    from django.utils import timezone

    from ablacem.edc.actors import Actor
    from ablacem.epro.messaging.services import messages_send_due
    from ablacem.epro.messaging.tasks import SENDER

    now = args.now
    if now is not None and timezone.is_naive(now):
        now = timezone.make_aware(now)
    results = messages_send_due(actor=Actor.system(SENDER), now=now)
    for result in results:
        print(result.describe())
    failed = sum(r.status == "failed" for r in results)
    print(f"{len(results)} message(s) sent or attempted, {failed} failed", file=sys.stderr if failed else sys.stdout)
    return 0


def run_open_visits(args: argparse.Namespace) -> int:
    """Print ``STUDY_ID TIMEPOINT`` for each visit open today (the patient's site's day) that nobody has recorded."""
    from .web import setup_django

    setup_django()
    from django.utils import timezone

    from ablacem.epro.messaging.selectors import open_remote_visits

    for study_id, timepoint in open_remote_visits(now=timezone.now()):
        print(study_id, timepoint)
    return 0
