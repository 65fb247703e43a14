"""The ``ablacem`` command line.

Each subcommand lives in its own module under :mod:`ablacem.cli` and exposes
``register(subparsers)``; this module only assembles them. Modules that need Django import it
inside their handlers, so ``ablacem synth`` and ``ablacem report --data`` start without it.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from ablacem import __version__

#: Subcommand modules, in the order ``ablacem --help`` lists them.
SUBCOMMAND_MODULES = (
    "synth",
    "validate",
    "report",
    "web",
    "sites",
    "interop",
    "printed",
    "audit",
    "problems",
    "backup",
    "ct",
    "epro",
    "messages",
    "worker",
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="ablacem",
        description="Run the ablation + cementoplasty study: synthetic data, report, EDC, exports.",
    )
    parser.add_argument("--version", action="version", version=f"ablacem {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(f"ablacem.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``ablacem`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
