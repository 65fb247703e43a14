"""``ablacem synth --patients N --seed S --out DIR``: write a synthetic cohort as a tidy dataset."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path


def _patients(text: str) -> int:
    from ablacem.synth.cohort import MAX_PATIENTS

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--patients must be a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"--patients must be at least 1, got {value}")
    if value > MAX_PATIENTS:
        raise argparse.ArgumentTypeError(f"--patients must be at most {MAX_PATIENTS:,}, got {value:,}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--seed must be a whole number, got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"--seed must be 0 or more, got {value}")
    return value


def _date(option: str):
    def parse(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{option} must be a date YYYY-MM-DD, got {text!r}") from None

    return parse


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``synth`` subcommand."""
    p = sub.add_parser("synth", help="generate a realistic synthetic cohort as a tidy dataset")
    p.add_argument("--patients", type=_patients, required=True, metavar="N", help="number of patients (at least 1)")
    p.add_argument("--seed", type=_seed, default=1, help="random seed; the same seed gives the same files (default 1)")
    p.add_argument("--out", required=True, metavar="DIR", help="dataset folder to write")
    when = p.add_mutually_exclusive_group()
    when.add_argument(
        "--cutoff",
        type=_date("--cutoff"),
        metavar="YYYY-MM-DD",
        help="data cut-off (default: last procedure + 60 days)",
    )
    when.add_argument(
        "--as-of",
        type=_date("--as-of"),
        metavar="YYYY-MM-DD",
        help="anchor the cohort to this data cut-off: enrolled over the two years before it, "
        "with visits due that day, that week and overdue (make demo passes today)",
    )
    p.add_argument(
        "--sites",
        type=int,
        default=1,
        metavar="N",
        help="number of enrolling sites (default 1, code ABL); patients are enrolled at each in turn",
    )
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Generate, write the dataset (with identifiers.csv) and summary.txt, print the summary."""
    import sys

    from ablacem.dataset import write_dataset
    from ablacem.synth import format_summary, generate, summary

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        print(f"ablacem synth: --out {out} is a file; it must be a folder (existing or new)", file=sys.stderr)
        return 2
    try:
        dataset = generate(args.patients, args.seed, cutoff=args.cutoff, as_of=args.as_of, sites=args.sites)
    except ValueError as exc:
        print(f"ablacem synth: {exc}", file=sys.stderr)
        return 2
    try:
        folder = write_dataset(dataset, out)
    except OSError as exc:
        print(f"ablacem synth: --out {out} could not be written ({exc.strerror or exc})", file=sys.stderr)
        return 2
    text = format_summary(summary(dataset))
    (folder / "summary.txt").write_text(text, encoding="utf-8")
    print(text, end="")
    print(f"Written to {folder}")
    return 0
