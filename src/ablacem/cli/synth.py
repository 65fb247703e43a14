"""``ablacem synth --patients N --seed S --out DIR``: write a synthetic cohort as a tidy dataset."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path


def _patients(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--patients must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"--patients must be at least 1, got {value}")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--cutoff must be a date YYYY-MM-DD, got {text!r}") from None


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``synth`` subcommand."""
    p = sub.add_parser("synth", help="generate a realistic synthetic cohort as a tidy dataset")
    p.add_argument("--patients", type=_patients, required=True, metavar="N", help="number of patients (at least 1)")
    p.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same files (default 1)")
    p.add_argument("--out", required=True, metavar="DIR", help="dataset folder to write")
    p.add_argument(
        "--cutoff", type=_date, metavar="YYYY-MM-DD", help="data cut-off (default: last procedure + 60 days)"
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Generate, write the dataset (with identifiers.csv) and summary.txt, print the summary."""
    import sys

    from ablacem.dataset import write_dataset
    from ablacem.synth import format_summary, generate, summary

    try:
        dataset = generate(args.patients, args.seed, cutoff=args.cutoff)
    except ValueError as exc:
        print(f"ablacem synth: {exc}", file=sys.stderr)
        return 2
    folder = write_dataset(dataset, Path(args.out))
    text = format_summary(summary(dataset))
    (folder / "summary.txt").write_text(text, encoding="utf-8")
    print(text, end="")
    print(f"Written to {folder}")
    return 0
