"""``ablacem epro link`` and ``ablacem epro revoke``: a patient's questionnaire link from the command line.

``link`` prints a fresh working link (for in-clinic use and tests): the token is never stored,
so printing one means renewing it, and the link printed before stops working. ``revoke`` closes
the visit's open link.
"""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``epro`` subcommand with ``link`` and ``revoke``."""
    p = sub.add_parser("epro", help="patient questionnaire links (ePRO)")
    actions = p.add_subparsers(dest="epro_command", metavar="ACTION", required=True)
    link = actions.add_parser("link", help="print a fresh link to a visit's questionnaire")
    link.add_argument("--patient", required=True, metavar="STUDY_ID", help="study ID (ABL-001)")
    link.add_argument("--timepoint", required=True, metavar="TP", help="baseline, post, w1, m1 or m3")
    link.add_argument("--base-url", default="", help="site address (default: ABLACEM_BASE_URL)")
    link.set_defaults(handler=run_link)
    revoke = actions.add_parser("revoke", help="revoke the open link of a visit")
    revoke.add_argument("--patient", required=True, metavar="STUDY_ID", help="study ID (ABL-001)")
    revoke.add_argument("--timepoint", required=True, metavar="TP", help="baseline, post, w1, m1 or m3")
    revoke.add_argument("--reason", default="revoked from the command line", help="why (kept in the audit trail)")
    revoke.set_defaults(handler=run_revoke)


def _patient(study_id: str):
    from ablacem.edc.models import Patient

    patient = Patient.objects.active().filter(study_id=study_id).first()
    if patient is None:
        print(f"ablacem epro: --patient {study_id}: no such patient", file=sys.stderr)
    return patient


def _timepoint_ok(timepoint: str) -> bool:
    from ablacem.protocol.timepoints import TIMEPOINT_CODES

    if timepoint in TIMEPOINT_CODES:
        return True
    print(f"ablacem epro: --timepoint {timepoint}: expected one of {', '.join(TIMEPOINT_CODES)}", file=sys.stderr)
    return False


def run_link(args: argparse.Namespace) -> int:
    """Renew the visit's link and print its address (exit 1 for an unknown patient or timepoint)."""
    from ablacem.cli.web import setup_django

    setup_django()
    from django.conf import settings

    from ablacem.edc.actors import Actor
    from ablacem.epro.links import link_url
    from ablacem.epro.services import link_rotate

    patient = _patient(args.patient)
    if patient is None or not _timepoint_ok(args.timepoint):
        return 1
    link = link_rotate(actor=Actor.system("epro link"), patient=patient, timepoint=args.timepoint)
    print(link_url(link, base_url=args.base_url or settings.EPRO_BASE_URL))
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    """Revoke the visit's open link (exit 1 when there is none)."""
    from ablacem.cli.web import setup_django

    setup_django()
    from ablacem.edc.actors import Actor
    from ablacem.epro.models import PatientLink
    from ablacem.epro.services import link_revoke

    patient = _patient(args.patient)
    if patient is None or not _timepoint_ok(args.timepoint):
        return 1
    link = PatientLink.objects.filter(
        patient=patient, timepoint=args.timepoint, revoked_at__isnull=True, submitted_at__isnull=True
    ).first()
    if link is None:
        print(f"ablacem epro: {args.patient} has no open link for {args.timepoint}", file=sys.stderr)
        return 1
    link_revoke(actor=Actor.system("epro revoke"), link=link, reason=args.reason)
    print(f"revoked the {args.timepoint} link of {args.patient}")
    return 0
