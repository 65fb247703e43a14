"""Two senders at once (two machines running the worker): each message still goes out once.

Both senders compute what is due before either claims anything (a barrier holds them), so both
try to claim the same messages; the database's unique constraint lets one win each. Run on
PostgreSQL by ``tests/run_on_postgres.py`` (marker ``db_backend``).
"""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from ablacem.edc.actors import Actor
from ablacem.epro.messaging import services
from ablacem.epro.messaging.models import MessageLog

from .conftest import AUCKLAND, at, at_site, follow_up_patient, two_site_patients

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.db_backend]


ON_POSTGRES = pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database is one connection: threads cannot race on it (runs on PostgreSQL)",
)


def _race(monkeypatch, now) -> list[tuple[str, str, int]]:
    """Two senders at ``now`` that both hold the list of due messages before either claims; what they claimed."""
    barrier = threading.Barrier(2, timeout=60)
    original = services.due_messages

    def due_then_wait(**kwargs):
        due = original(**kwargs)
        barrier.wait()  # both senders hold the same list of due messages
        return due

    monkeypatch.setattr(services, "due_messages", due_then_wait)
    results: list[list] = [[], []]
    errors: list[BaseException] = []

    def sender(i: int) -> None:
        try:
            results[i] = services.messages_send_due(actor=Actor.system(f"sender {i}"), now=now)
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sender, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    return [(r.study_id, r.timepoint, r.number) for rs in results for r in rs]


@ON_POSTGRES
def test_two_senders_at_once_send_each_message_once(coordinator, monkeypatch):
    patients = [follow_up_patient(coordinator) for _ in range(4)]
    claimed = _race(monkeypatch, at(5))
    assert sorted(claimed) == sorted((p.study_id, "w1", 0) for p in patients)  # each once, by one sender or the other
    assert MessageLog.objects.count() == 4
    assert len(mail.outbox) == 4


@ON_POSTGRES
def test_two_senders_at_midnight_in_one_site_send_its_message_once_and_nothing_to_the_other(monkeypatch):
    akl, _ = two_site_patients()  # at Auckland's midnight of day 5, Los Angeles is on day 4
    assert _race(monkeypatch, at_site(5, AUCKLAND, 0, 0)) == [(akl.study_id, "w1", 0)]
    assert MessageLog.objects.count() == 1 and len(mail.outbox) == 1
