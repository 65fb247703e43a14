"""``ablacem audit verify``: recompute the tamper-evident audit chain of the EDC database."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``audit`` subcommand (``verify``)."""
    audit = sub.add_parser("audit", help="the EDC's audit trail: verify its hash chain")
    asub = audit.add_subparsers(dest="audit_command", metavar="ACTION")
    v = asub.add_parser(
        "verify",
        help="recompute the audit chain; exit 1 at the first record that does not match",
        description="Recompute the SHA-256 chain over every audit record (history rows, signatures, "
        "audit events). Prints 'OK <n> records, head <hash>', or the first record that does not "
        "match and why (content changed, row deleted, link broken, record not in the chain).",
    )
    v.set_defaults(handler=run_verify)
    audit.set_defaults(handler=lambda args: audit.print_help() or 2)


def run_verify(args: argparse.Namespace) -> int:
    """Print OK with the number of records and the head, or the first problem (exit 1)."""
    from .web import setup_django

    setup_django()
    from ablacem.edc.selectors import audit_chain_verify

    report = audit_chain_verify()
    if report.ok:
        print(f"OK {report.records} records, head {report.head}")
        return 0
    print(f"FAILED after {report.records} good records: {report.problem}", file=sys.stderr)
    return 1
