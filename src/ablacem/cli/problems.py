"""``ablacem problems rebuild``: recompute every patient's stored open edit-check problems."""

from __future__ import annotations

import argparse
import time


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``problems`` subcommand (``rebuild``)."""
    problems = sub.add_parser("problems", help="the EDC's stored open edit-check problems: rebuild them")
    psub = problems.add_subparsers(dest="problems_command", metavar="ACTION")
    r = psub.add_parser(
        "rebuild",
        help="recompute the open problems of every patient from the tidy dataset",
        description="The pages read the open edit-check problems stored per patient, recomputed "
        "whenever a patient's records change. This recomputes them all at once (after a restore, "
        "a change made outside the EDC, or a new edit check). Prints the number stored.",
    )
    r.set_defaults(handler=run_rebuild)
    problems.set_defaults(handler=lambda args: problems.print_help() or 2)


def run_rebuild(args: argparse.Namespace) -> int:
    """Rebuild and print ``<n> open problem(s) stored in <s> s``."""
    from .web import setup_django

    setup_django()
    from ablacem.edc.actors import Actor
    from ablacem.edc.services.problems import problems_rebuild

    start = time.perf_counter()
    stored = problems_rebuild(actor=Actor.system("problems rebuild"))
    print(f"{stored} open problem(s) stored in {time.perf_counter() - start:.1f} s")
    return 0
