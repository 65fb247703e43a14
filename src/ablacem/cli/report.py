"""``ablacem report``: the study report (HTML, Word, Excel, figures, results.json) from the data."""

from __future__ import annotations

import argparse
import sys

from .web import setup_django


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``report`` subcommand."""
    p = sub.add_parser(
        "report",
        help="build the study report from a tidy dataset (or from the EDC database)",
        description=(
            "Fit the statistical analysis plan and write report.html, tables.docx, tables.xlsx, "
            "results.json and figures/ under OUT. Without --data the dataset is built from the EDC database."
        ),
    )
    p.add_argument("--data", help="tidy dataset folder (default: the EDC database)")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    p.set_defaults(handler=run)


def _dataset_from_edc():
    """The tidy dataset built by the EDC's selector (Django set up as for every EDC command)."""
    setup_django(migrate=False)
    from django.db import connections

    from ablacem.edc.selectors import tidy_dataset

    dataset = tidy_dataset()
    # The report forks figure workers: no database connection may be shared with them.
    connections.close_all()
    return dataset


def run(args: argparse.Namespace) -> int:
    """Read the data, build the report, print where it went. Exit 1 on a broken dataset."""
    from ablacem.analysis.report import build_report
    from ablacem.dataset import DatasetError, read_dataset

    try:
        if args.data:
            dataset = read_dataset(args.data)
        else:
            dataset = _dataset_from_edc()
    except (DatasetError, FileNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return 1
    outputs = build_report(dataset, args.out, progress=False if args.no_progress else None)
    print(f"report: {outputs.html}")
    print(f"tables: {outputs.docx}, {outputs.xlsx}")
    print(f"results: {outputs.json}")
    print(f"figures: {outputs.figures_dir} ({len(outputs.figures)} figures, PNG and SVG)")
    if outputs.warnings:
        print(f"{len(outputs.warnings)} data-quality warning(s): see the report's appendix")
    return 0
