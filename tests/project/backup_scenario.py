"""Run by :mod:`tests.project.test_backup` in its own process, on the database of ``DATABASE_URL``.

Loads a synthetic cohort, creates accounts and a session, then enrols patients in a thread
through the services while ``ablacem backup --out ONLINE`` runs in another process (as it
would beside a live server). When the saves have stopped it writes ``ablacem backup --out QUIET``.

Prints one JSON object: enrolments finished before the online backup started, enrolments begun
before it ended, and any exception of the saving thread.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import django

django.setup()

from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402

from ablacem.edc.actors import Actor  # noqa: E402
from ablacem.edc.services import dataset_import  # noqa: E402
from ablacem.edc.services.users import user_create  # noqa: E402
from ablacem.synth import generate  # noqa: E402
from tests.edc.conftest import enrol  # noqa: E402


def _backup(out: str) -> None:
    cmd = [sys.executable, "-m", "ablacem", "backup", "--out", out, "--as", "coord1"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=os.environ)
    if done.returncode != 0:
        raise SystemExit(f"ablacem backup failed: {done.stderr}")


def main(online: str, quiet: str) -> int:
    t0 = time.monotonic()
    call_command("migrate", verbosity=0)
    print(f"migrated {time.monotonic() - t0:.1f}s", file=sys.stderr)
    dataset_import(source=generate(6, 3), reason="backup test cohort", actor=Actor.system("import"))
    user = user_create(username="coord1", password="lighthouse-ferry-42", role="coordinator", actor=Actor.system("t"))
    session = SessionStore()
    session["note"] = "a session the backup must keep"
    session.create()

    finished, started, errors = [0], [0], []
    stop = threading.Event()

    def save_until_stopped():
        try:
            while not stop.is_set():
                started[0] += 1
                enrol(user, name=f"Backup Patient {started[0]}", hospital_number=f"HN-B{started[0]:04d}")
                finished[0] += 1
                stop.wait(0.05)  # a busy site's pace, not a flood that starves the backup process of CPU
        except Exception as exc:  # reported, so that the test names it
            errors.append(repr(exc))
        finally:
            connections.close_all()

    print(f"cohort loaded {time.monotonic() - t0:.1f}s", file=sys.stderr)
    thread = threading.Thread(target=save_until_stopped)
    thread.start()
    while finished[0] < 3 and thread.is_alive():
        stop.wait(0.05)
    before = finished[0]
    _backup(online)
    began_by_end = started[0]
    stop.set()
    thread.join()
    print(f"online backup {time.monotonic() - t0:.1f}s", file=sys.stderr)
    _backup(quiet)
    print(f"quiet backup {time.monotonic() - t0:.1f}s", file=sys.stderr)
    print(json.dumps({"finished_before": before, "started_by_end": began_by_end, "errors": errors}))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
