"""``ablacem ct measure``: cement volume and candidate leaks measured on a post-procedure CT."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``ct`` subcommand group."""
    ct = sub.add_parser("ct", help="measure cement on a post-procedure CT (DICOM)")
    actions = ct.add_subparsers(dest="ct_command", metavar="ACTION")
    p = actions.add_parser("measure", help="cement volume and candidate leaks of one CT series")
    p.add_argument("--dicom", required=True, help="folder or zip of the series' DICOM files")
    p.add_argument(
        "--seed",
        help="a point in the cement deposit, patient coordinates in mm: --seed=X,Y,Z (the = form when X is negative)",
    )
    p.add_argument("--threshold", type=float, help="cement threshold in HU (default 1500)")
    p.add_argument("--out", required=True, help="result JSON file to write")
    p.add_argument("--png", help="overlay figure to write (axial, coronal, sagittal MIPs)")
    p.set_defaults(handler=run_measure)
    ct.set_defaults(handler=lambda args: (ct.print_help(), 2)[1])


def _seed(text: str | None) -> tuple[float, float, float] | None:
    if text is None:
        return None
    parts = text.split(",")
    try:
        values = tuple(float(v) for v in parts)
    except ValueError:
        values = ()
    if len(values) != 3:
        raise ValueError(f"--seed {text}: give three numbers in mm, X,Y,Z (for example -12.5,30,104)")
    return values


def run_measure(args: argparse.Namespace) -> int:
    """Measure, print the volume and leaks, write ``--out`` (and ``--png``); exit 1 on a refusal."""
    from ablacem.imaging import CEMENT_THRESHOLD_HU, SeriesRefused, measure_cement, read_series

    try:
        seed = _seed(args.seed)
    except ValueError as exc:
        print(f"ablacem ct measure: {exc}", file=sys.stderr)
        return 2
    if not Path(args.dicom).exists():
        print(f"ablacem ct measure: --dicom {args.dicom}: no such folder or file", file=sys.stderr)
        return 1
    threshold = CEMENT_THRESHOLD_HU if args.threshold is None else args.threshold
    try:
        volume = read_series(args.dicom)
        result = measure_cement(volume, threshold_hu=threshold, seed_mm=seed)
    except SeriesRefused as exc:
        print(f"ablacem ct measure: --dicom refused ({exc.rule}): {exc}", file=sys.stderr)
        return 1
    Path(args.out).write_text(json.dumps(result.to_dict(), indent=2) + "\n", encoding="utf-8")
    print(f"cement volume: {result.cement_volume_ml:.2f} mL (threshold {threshold:g} HU)")
    if result.leaks:
        print(f"candidate leaks: {len(result.leaks)}")
        for n, leak in enumerate(result.leaks, start=1):
            print(
                f"  {n}. {leak.volume_ml:.2f} mL, {leak.distance_mm:.1f} mm from the deposit, "
                f"slices {leak.slice_first}-{leak.slice_last}"
            )
    else:
        print("candidate leaks: none")
    print(result.to_dict()["disclaimer"])
    if args.png:
        from ablacem.imaging.overlay import write_overlay

        write_overlay(volume, result, args.png)
        print(f"overlay: {args.png}")
    print(f"result: {args.out}")
    return 0
