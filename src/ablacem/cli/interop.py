"""``ablacem redcap ...`` (dictionary, import) and ``ablacem export ...`` (every export format, REDCap included)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

KEY_ENV = "ABLACEM_PSEUDONYM_KEY"
_NO_KEY = (
    "--deidentify needs the pseudonym key: pass --key-file FILE or set {env} (at least 16 characters). "
    "Use the same key for every export so that pseudonyms stay stable; keep it secret."
)


def _dictionary_companions(out: Path) -> dict[str, Path]:
    stem = out.with_suffix("")
    return {
        "events": Path(f"{stem}_events.csv"),
        "mapping": Path(f"{stem}_instrument_event_mapping.csv"),
        "repeating": Path(f"{stem}_repeating_instruments.csv"),
    }


def _add_deid_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--deidentify", action="store_true", help="de-identify (needs the pseudonym key)")
    p.add_argument(
        "--date-mode",
        choices=("relative", "shift"),
        default="relative",
        help="de-identified dates: days from the procedure (default) or shifted per patient",
    )
    p.add_argument("--key-file", help=f"file holding the pseudonym key (else the {KEY_ENV} environment variable)")


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``redcap`` (dictionary, import) and ``export`` subcommands."""
    redcap = sub.add_parser(
        "redcap",
        help="REDCap: data dictionary, import a REDCap export (records: `ablacem export --format redcap`)",
    )
    rsub = redcap.add_subparsers(dest="redcap_command", metavar="ACTION")

    d = rsub.add_parser(
        "dictionary",
        help="write the REDCap data dictionary of this study",
        description=(
            "Write the data dictionary to OUT and, next to it, OUT_events.csv (events), "
            "OUT_instrument_event_mapping.csv (instrument designations) and "
            "OUT_repeating_instruments.csv (repeating instruments), e.g. dd.csv, dd_events.csv, ..."
        ),
    )
    d.add_argument("--out", required=True, help="data dictionary CSV file (e.g. dd.csv)")
    d.set_defaults(handler=run_dictionary)

    i = rsub.add_parser(
        "import",
        help="turn a REDCap flat CSV export (raw data) into a tidy dataset folder",
        description="Read a REDCap 'CSV / Microsoft Excel (raw data)' export of a project built from "
        "`ablacem redcap dictionary`, report everything unusual, and write a tidy dataset folder.",
    )
    i.add_argument("--records", required=True, help="the REDCap export (CSV, raw codes)")
    i.add_argument("--out", required=True, help="tidy dataset folder to write")
    i.add_argument(
        "--as",
        dest="as_user",
        metavar="USER",
        default="",
        help="record the conversion in the EDC's audit trail as run by this EDC account (opens the EDC "
        "database; without it the command only converts files; loading the folder with `ablacem import` "
        "is always recorded)",
    )
    i.set_defaults(handler=run_import)

    x = sub.add_parser(
        "export",
        help="export the dataset for SPSS, Stata, CSV, CDISC ODM, REDCap or FHIR R4",
        description="Write the files of one format into OUT (a folder). --deidentify drops names, "
        "hospital numbers, birth dates and free text, pseudonymises IDs and replaces dates. "
        "fhir writes one FHIR R4 transaction Bundle per patient (<patient>.json); its "
        "de-identified dates are always shifted per patient.",
    )
    x.add_argument("--format", required=True, choices=("spss", "stata", "csv", "odm", "redcap", "fhir"), dest="fmt")
    x.add_argument("--data", required=True, help="tidy dataset folder")
    x.add_argument("--out", required=True, help="output folder")
    x.add_argument("--shape", choices=("wide", "long", "both"), default="both", help="for spss, stata, csv")
    _add_deid_options(x)
    x.set_defaults(handler=run_export)
    redcap.set_defaults(handler=lambda args: redcap.print_help() or 2)


def _key(args: argparse.Namespace) -> bytes | None:
    if args.key_file:
        try:
            return Path(args.key_file).read_bytes().strip()
        except OSError as exc:
            print(f"--key-file {args.key_file}: cannot be read ({exc.strerror})", file=sys.stderr)
            return None
    value = os.environ.get(KEY_ENV, "")
    return value.encode("utf-8") if value else None


def _deid_kwargs(args: argparse.Namespace) -> dict | None:
    """Keyword arguments for de-identification, or None after printing why it cannot be done."""
    if not args.deidentify:
        return {}
    from ablacem.interop.deidentify import check_key

    try:
        key = check_key(_key(args))
    except ValueError:
        print(_NO_KEY.format(env=KEY_ENV), file=sys.stderr)
        return None
    return {"deidentify": True, "key": key, "date_mode": args.date_mode}


def _read(folder: str):
    from ablacem.dataset import DatasetError, read_dataset

    try:
        return read_dataset(folder)
    except (DatasetError, FileNotFoundError) as exc:
        print(exc, file=sys.stderr)
        return None


def run_dictionary(args: argparse.Namespace) -> int:
    """Write the dictionary and its companion files; print their paths."""
    from ablacem.interop.csvfiles import write_frame
    from ablacem.interop.redcap import data_dictionary, events, instrument_event_mapping, repeating_instruments

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    companions = _dictionary_companions(out)
    frames = {
        out: data_dictionary(),
        companions["events"]: events(),
        companions["mapping"]: instrument_event_mapping(),
        companions["repeating"]: repeating_instruments(),
    }
    for path, frame in frames.items():
        print(f"wrote {write_frame(frame, path)}")
    return 0


def _read_records(path: str):
    """The REDCap export as text, or None after printing why it cannot be read (no value shown)."""
    import pandas as pd

    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        print(f"--records {path}: no such file", file=sys.stderr)
    except UnicodeDecodeError as exc:
        print(
            f"--records {path}: not UTF-8 text (byte {exc.start}); REDCap exports UTF-8: export again, "
            "or save it from Excel as 'CSV UTF-8'",
            file=sys.stderr,
        )
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as exc:
        print(f"--records {path}: not a CSV file REDCap would write ({exc})", file=sys.stderr)
    return None


def run_import(args: argparse.Namespace) -> int:
    """Import a REDCap export; print the report; exit 1 when it cannot become a tidy dataset."""

    from ablacem.dataset import write_dataset
    from ablacem.interop.redcap import RedcapImportError, import_records

    actor = None
    if args.as_user:
        actor = _redcap_actor(args.as_user)
        if actor is None:
            return 1
    records = _read_records(args.records)
    if records is None:
        return 1
    try:
        dataset, report = import_records(records)
    except RedcapImportError as exc:
        for line in exc.report:
            print(f"note: {line}")
        print(f"--records {args.records}: {exc}", file=sys.stderr)  # which file was refused, whatever the problem
        return 1
    for line in report:
        print(f"note: {line}")
    write_dataset(dataset, args.out)
    if actor is not None:
        _record_conversion(args, dataset, actor)
    print(f"wrote {args.out} ({len(dataset.patients)} patients, {len(report)} note(s))")
    return 0


def _redcap_actor(as_user: str):
    """The system acting for EDC account ``as_user`` (opens the EDC database), or None after saying
    there is no such account."""
    from .web import setup_django

    setup_django()
    from django.contrib.auth import get_user_model

    from ablacem.edc.actors import Actor

    user = get_user_model().objects.filter(username=as_user).first()
    if user is None:
        print(f"ablacem redcap import: --as: no EDC account is named {as_user!r}", file=sys.stderr)
        return None
    return Actor.system("redcap import", user=user)


def _record_conversion(args: argparse.Namespace, dataset, actor) -> None:
    """Record the REDCap conversion as an import event of ``actor`` in the EDC's audit trail."""
    from ablacem.edc.models import AuditEventKind
    from ablacem.edc.services import audit_event_record

    audit_event_record(
        actor=actor,
        kind=AuditEventKind.IMPORT,
        subject_username=actor.user.get_username(),
        detail=f"REDCap export {Path(args.records).name} converted to a tidy dataset folder "
        f"({len(dataset.patients)} patients)",
        identified=not dataset["identifiers"].empty,
    )


def run_export(args: argparse.Namespace) -> int:
    """Export one format; print the files written."""
    from ablacem.interop import export_dataset

    kwargs = _deid_kwargs(args)
    if kwargs is None:
        return 2
    dataset = _read(args.data)
    if dataset is None:
        return 1
    for path in export_dataset(dataset, args.fmt, args.out, shape=args.shape, **kwargs):
        print(f"wrote {path}")
    return 0
