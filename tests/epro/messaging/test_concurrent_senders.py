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

from .conftest import at, follow_up_patient

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.db_backend]


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database is one connection: threads cannot race on it (runs on PostgreSQL)",
)
def test_two_senders_at_once_send_each_message_once(coordinator, monkeypatch):
    patients = [follow_up_patient(coordinator) for _ in range(4)]
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
            results[i] = services.messages_send_due(actor=Actor.system(f"sender {i}"), now=at(5))
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
    claimed = [(r.study_id, r.timepoint, r.number) for rs in results for r in rs]
    assert sorted(claimed) == sorted((p.study_id, "w1", 0) for p in patients)  # each once, by one sender or the other
    assert MessageLog.objects.count() == 4
    assert len(mail.outbox) == 4
