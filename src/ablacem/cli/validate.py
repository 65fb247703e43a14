"""``ablacem validate --data DIR``: check a tidy dataset folder."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``validate`` subcommand."""
    p = sub.add_parser("validate", help="check a tidy dataset folder against its schema")
    p.add_argument("--data", required=True, help="dataset folder")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Validate; print problems (schema errors exit 1, consistency warnings are printed).

    A folder that does not exist, or a path that is not a folder, is a schema error too: the
    message names the ``--data`` option and the rule, without a traceback.
    """
    from ablacem.dataset import DatasetError, consistency_problems, read_dataset

    try:
        ds = read_dataset(args.data)
    except FileNotFoundError as exc:
        print(f"ablacem validate: --data {args.data} is not a dataset folder ({exc})", file=sys.stderr)
        return 1
    except DatasetError as exc:
        print(exc, file=sys.stderr)
        return 1
    warnings = consistency_problems(ds)
    for w in warnings:
        print(f"warning: {w}")
    print(f"{args.data}: valid ({len(ds.patients)} patients, {len(warnings)} consistency warning(s))")
    return 0
