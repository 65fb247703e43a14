"""Run by :mod:`tests.project.test_sqlite_concurrency` in its own process, on a file SQLite
database in ``ABLACEM_DATA_DIR`` with the settings ``ablacem serve`` uses.

1. Pages read (each request writes the session) while ``ablacem import`` loads 40 patients.
2. Ten rounds of two coordinators saving the identity form of two patients at the same moment.

Prints one JSON object: the HTTP statuses of each part.
"""

from __future__ import annotations

import json
import sys
import threading

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from ablacem.edc.actors import Actor  # noqa: E402
from ablacem.edc.models import Patient  # noqa: E402
from ablacem.edc.services import dataset_import  # noqa: E402
from ablacem.edc.services.users import user_create  # noqa: E402
from ablacem.synth import generate  # noqa: E402
from tests.edc.conftest import enrol  # noqa: E402
from tests.edc.views.page_form import rendered_form  # noqa: E402

ROUNDS = 10


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _in_thread(target, *args):
    def run():
        try:
            target(*args)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def saves_at_once(users, patients) -> list[int]:
    statuses: list[int] = []
    for round_ in range(ROUNDS):
        barrier = threading.Barrier(len(users))

        def save(user, patient, round_=round_, barrier=barrier):
            client = _client(user)
            url = reverse("edc:identity_edit", args=[patient.pk])
            form = rendered_form(client.get(url).content.decode(), containing="version")
            form.update(name=[f"Name {round_}"], reason=["corrected from the source document"])
            barrier.wait()
            statuses.append(client.post(url, form).status_code)

        for thread in [_in_thread(save, u, p) for u, p in zip(users, patients, strict=True)]:
            thread.join()
    return statuses


def reads_during_import(user) -> dict[str, list[int]]:
    reads: list[int] = []
    failures: list[str] = []
    done = threading.Event()

    def load():
        try:
            dataset_import(source=generate(40, 1), reason="concurrency test import", actor=Actor.system("import"))
        except Exception as exc:  # reported in the result, so that the test names it
            failures.append(repr(exc))
        finally:
            done.set()

    def read():
        client = _client(user)
        while not done.is_set():
            reads.append(client.get(reverse("edc:patient_list")).status_code)

    threads = [_in_thread(load), _in_thread(read)]
    for thread in threads:
        thread.join()
    return {"reads": reads, "import_failures": failures, "imported": [Patient.objects.count()]}


def main() -> int:
    call_command("migrate", verbosity=0)
    users = [
        user_create(
            username=f"coord{i}", password="lighthouse-ferry-42", role="coordinator", actor=Actor.system("createuser")
        )
        for i in (1, 2)
    ]
    during_import = reads_during_import(users[1])
    patients = [enrol(users[0], name=f"Patient {i}") for i in (1, 2)]
    result = {"saves": saves_at_once(users, patients), **during_import}
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
