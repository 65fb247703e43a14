"""Printed documents: ``ablacem casebook`` (a patient's PDF casebook) and ``ablacem crf`` (the blank annotated CRF).

``casebook`` reads the EDC database (Django set up inside the handler, as
:mod:`ablacem.cli.web`); ``crf`` needs only the field registry.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``casebook`` and ``crf`` subcommands."""
    p = sub.add_parser("casebook", help="write patients' casebooks as PDF (forms, visits, signatures, audit trail)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--patient", metavar="STUDY_ID", help="the patient's study ID")
    which.add_argument("--all", action="store_true", help="every patient, one STUDY_ID.pdf each in --out")
    p.add_argument("--out", required=True, help="the PDF file (--patient) or folder (--all)")
    p.add_argument(
        "--with-identifiers",
        action="store_true",
        help="print name, hospital number, birth date and free text (only for an account allowed to see them)",
    )
    p.add_argument(
        "--as",
        dest="as_user",
        metavar="USER",
        default="",
        help="print as this EDC account, with its permissions (default: the system)",
    )
    p.set_defaults(handler=run_casebook)

    p = sub.add_parser("crf", help="write the blank annotated CRF (every form's fields, types, ranges, code lists)")
    p.add_argument("--out", required=True, help="the PDF file")
    p.set_defaults(handler=run_crf)


def run_crf(args: argparse.Namespace) -> int:
    """Write the blank annotated CRF."""
    from ablacem.interop.pdf import blank_crf_pdf

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(blank_crf_pdf(printed_at=dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")))
    print(out)
    return 0


def run_casebook(args: argparse.Namespace) -> int:
    """Write one patient's casebook to ``--out``, or every patient's into the ``--out`` folder."""
    from ablacem.cli.web import setup_django

    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    from ablacem.edc.actors import Actor
    from ablacem.edc.models import Patient
    from ablacem.edc.roles import Action, can
    from ablacem.edc.selectors.casebook_print import casebooks
    from ablacem.interop.pdf import casebook_pdf

    actor = Actor.system("casebook")
    if args.as_user:
        user = get_user_model().objects.filter(username=args.as_user, is_active=True).first()
        if user is None:
            print(f"ablacem casebook: --as: no active EDC account is named {args.as_user!r}", file=sys.stderr)
            return 1
        actor = Actor.staff(user)
    patients = Patient.objects.active().order_by("study_id")
    if can(actor, Action.VIEW_CLINICAL):  # another site's patient does not exist for the actor (issue 14)
        patients = patients.visible_to(actor)
    if args.patient:
        patients = patients.filter(study_id=args.patient)
        if not patients:
            print(f"ablacem casebook: no patient {args.patient!r}", file=sys.stderr)
            return 1
    out = Path(args.out)
    folder = out if args.all else out.parent
    folder.mkdir(parents=True, exist_ok=True)
    try:
        written = 0
        for book in casebooks(patients=patients, actor=actor, with_identifiers=args.with_identifiers):
            target = folder / f"{book.study_id}.pdf" if args.all else out
            target.write_bytes(casebook_pdf(book))
            written += 1
    except PermissionDenied as exc:
        print(f"ablacem casebook: {exc}", file=sys.stderr)
        return 1
    print(f"{out}: {written} casebook(s)" + (" with identifiers" if args.with_identifiers else ""))
    return 0
