"""The EDC from the command line: ``serve``, ``createuser``, ``import`` and ``dataset``.

Django is set up inside the handlers (settings ``DJANGO_SETTINGS_MODULE``, default
:data:`ablacem.project.COMMAND_SETTINGS`: SQLite in ``ABLACEM_DATA_DIR``, default ``./data``). Each command
applies pending migrations first, so a fresh data folder just works.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ablacem.project import COMMAND_SETTINGS, use_default_settings


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``serve``, ``createuser``, ``import`` and ``dataset`` subcommands."""
    p = sub.add_parser("serve", help="run the EDC web server (applies migrations first)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.set_defaults(handler=run_serve)

    p = sub.add_parser("createuser", help="create an EDC account with one role")
    p.add_argument("username")
    p.add_argument("--role", required=True, help="coordinator, investigator, data_manager, monitor or statistician")
    p.add_argument("--password-stdin", action="store_true", required=True, help="read the password from stdin")
    p.add_argument("--full-name", required=True, help="the person's full name, as printed with a signature")
    p.add_argument("--email", default="")
    p.add_argument(
        "--site",
        dest="sites",
        action="append",
        default=[],
        metavar="CODE",
        help="a site the user belongs to (repeat for several; with a single site, the user belongs to it)",
    )
    p.add_argument(
        "--whole-study",
        action="store_true",
        help="every site, present and future (data managers, monitors and statisticians only)",
    )
    p.set_defaults(handler=run_createuser)

    p = sub.add_parser("import", help="load a tidy dataset folder into the EDC database (all or nothing)")
    p.add_argument("--data", required=True, help="dataset folder (identifiers.csv is loaded when present)")
    p.add_argument(
        "--as",
        dest="as_user",
        metavar="USER",
        default="",
        help="record the import in the audit trail on behalf of this EDC account (it needs the edit permission); "
        "without it the system is named",
    )
    p.set_defaults(handler=run_import)

    p = sub.add_parser("dataset", help="write the tidy dataset from the EDC database")
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--with-identifiers", action="store_true", help="also write identifiers.csv")
    p.add_argument(
        "--deidentify",
        action="store_true",
        help="pseudonymise IDs and shift each patient's dates by its secret offset (as the web's de-identified export)",
    )
    p.add_argument(
        "--final",
        action="store_true",
        help="the final export of the locked database: adds manifest.json with the SHA-256 of every file",
    )
    p.add_argument(
        "--as",
        dest="as_user",
        metavar="USER",
        default="",
        help="record the export in the audit trail as made by this EDC account (it needs the export "
        "permission); without it the system is named",
    )
    p.set_defaults(handler=run_dataset)


def setup_django(*, migrate: bool = True) -> None:
    """Configure Django for command-line use and apply pending migrations."""
    use_default_settings(COMMAND_SETTINGS)
    os.environ.setdefault("ABLACEM_DATA_DIR", str(Path("data").resolve()))
    Path(os.environ["ABLACEM_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)


def run_serve(args: argparse.Namespace) -> int:
    """Migrate, collect static files, and serve with Django's server (use gunicorn in production)."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    if args.host not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        print(f"note: add {args.host} to ALLOWED_HOSTS to reach the server by that address", file=sys.stderr)
    print(f"ablacem EDC on http://{args.host}:{args.port}/ (data in {settings.DATA_DIR}); Ctrl+C stops it")
    call_command("runserver", f"{args.host}:{args.port}", use_reloader=False, skip_checks=False)
    return 0


def run_createuser(args: argparse.Namespace) -> int:
    """Create an account; the password is the first line of stdin (never a command-line argument)."""
    setup_django()
    from django.core.exceptions import ValidationError

    from ablacem.edc.actors import Actor
    from ablacem.edc.services import user_create

    password = sys.stdin.readline().rstrip("\r\n")
    try:
        user_create(
            username=args.username,
            role=args.role,
            password=password,
            email=args.email,
            full_name=args.full_name,
            sites=args.sites,
            whole_study=args.whole_study,
            actor=Actor.system("createuser"),
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            for message in messages:
                print(f"{field}: {message}", file=sys.stderr)
        return 1
    print(f"created {args.username} ({args.role})")
    return 0


def run_import(args: argparse.Namespace) -> int:
    """Import a tidy dataset folder; on any problem print them all and change nothing."""
    setup_django()
    from django.contrib.auth import get_user_model
    from django.core.exceptions import PermissionDenied

    from ablacem.edc.actors import Actor
    from ablacem.edc.services import DatasetImportError, RecordLockedError, dataset_import

    user = None
    if args.as_user:
        user = get_user_model().objects.filter(username=args.as_user).first()
        if user is None:
            print(f"ablacem import: --as: no EDC account is named {args.as_user!r}", file=sys.stderr)
            return 1
    try:
        counts = dataset_import(
            source=args.data, actor=Actor.system("import", user=user), reason=f"imported from {Path(args.data).name}"
        )
    except DatasetImportError as exc:
        print(exc, file=sys.stderr)
        return 1
    except PermissionDenied as exc:
        print(f"ablacem import: --as {args.as_user}: {exc}", file=sys.stderr)
        return 1
    except RecordLockedError as exc:
        print(f"ablacem import: {exc}; nothing was imported", file=sys.stderr)
        return 1
    print("imported " + ", ".join(f"{n} {table}" for table, n in counts.items()))
    return 0


def _export_actor(as_user: str, *, identified: bool):
    """Who exports from the command line: the system, or the EDC account named by ``--as`` when it
    may export such data (None after saying why not)."""
    from django.contrib.auth import get_user_model

    from ablacem.edc.actors import Actor
    from ablacem.edc.roles import Action, can

    if not as_user:
        return Actor.system("dataset export")
    user = get_user_model().objects.filter(username=as_user).first()
    if user is None:
        print(f"ablacem dataset: --as: no EDC account is named {as_user!r}", file=sys.stderr)
        return None
    actor = Actor.system("dataset export", user=user)
    if not can(actor, Action.EXPORT_IDENTIFIED if identified else Action.EXPORT_DEIDENTIFIED):
        print(f"ablacem dataset: --as {as_user}: this account may not export such data", file=sys.stderr)
        return None
    return actor


def run_dataset(args: argparse.Namespace) -> int:
    """Write the tidy dataset (and ``dictionary.csv``) built from the database."""
    setup_django()
    from ablacem.dataset import write_dataset
    from ablacem.edc.roles import Action
    from ablacem.edc.selectors import deidentified_tidy_dataset, export_problems, tidy_dataset

    if args.deidentify and args.with_identifiers:
        print("ablacem dataset: --deidentify and --with-identifiers exclude each other", file=sys.stderr)
        return 2
    if args.final:
        from ablacem.edc.selectors.study_lock import study_is_locked

        if not study_is_locked():
            print("ablacem dataset --final: the study database is not locked; lock it first", file=sys.stderr)
            return 1
    actor = _export_actor(args.as_user, identified=args.with_identifiers)
    if actor is None:
        return 1
    # What the database holds is always written; data that break the schema are named, not fatal.
    # With --as, only the patients of that account's sites (issue 14).
    scoped = actor if args.as_user else None
    if args.deidentify:
        ds = deidentified_tidy_dataset(validate_schema=False, actor=scoped)
    else:
        action = Action.EXPORT_IDENTIFIED if args.with_identifiers else Action.EXPORT_DEIDENTIFIED
        ds = tidy_dataset(include_identifiers=args.with_identifiers, validate_schema=False, actor=scoped, action=action)
    for problem in export_problems(ds, name_patients=args.with_identifiers):
        print(f"problem: {problem}", file=sys.stderr)
    folder = write_dataset(ds, args.out, include_identifiers=args.with_identifiers, allow_problems=True)
    from ablacem.edc.models import AuditEventKind
    from ablacem.edc.services import audit_event_record

    audit_event_record(
        actor=actor,
        kind=AuditEventKind.EXPORT,
        detail=f"tidy dataset from the command line ({len(ds.patients)} patients"
        + (", de-identified" if args.deidentify else "")
        + ")",
        identified=args.with_identifiers,
    )
    print(f"{folder}: {len(ds.patients)} patients" + (" (with identifiers)" if args.with_identifiers else ""))
    if args.final:
        _write_final_manifest(folder, args)
    return 0


def _write_final_manifest(folder, args: argparse.Namespace) -> None:
    """Write ``manifest.json`` (SHA-256 of every file) and keep its own SHA-256, audited, on the lock."""
    from django.utils import timezone

    from ablacem.dataset.manifest import write_manifest
    from ablacem.edc.actors import Actor
    from ablacem.edc.selectors.study_lock import study_lock_pending_or_active
    from ablacem.edc.services import study_lock_record_final_export

    lock = study_lock_pending_or_active()
    about = {
        "kind": "final export of the locked database",
        "written_at_utc": timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "lock_id": lock.pk,
        "locked_at_utc": lock.confirmed_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "identifiers": bool(args.with_identifiers),
        "deidentified": bool(args.deidentify),
    }
    path, digest = write_manifest(folder, about=about)
    study_lock_record_final_export(manifest_sha256=digest, actor=Actor.system("final export"))
    print(f"{path}: SHA-256 {digest} (kept in the audit trail of the lock)")
