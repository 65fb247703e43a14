"""Fixtures of the ePRO tests: the EDC's users and a patient treated a week ago (1-week window open)."""

from __future__ import annotations

import datetime as dt
import logging
import re

import pytest
from django.utils import timezone

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.epro import links
from tests.edc.conftest import (  # noqa: F401  (fixtures re-exported for the ePRO tests)
    coordinator,
    data_manager,
    investigator,
    make_user,
    monitor,
    statistician,
    treat,
    users,
)
from tests.edc.views.world import enrol

ITEMS = {f"q{i}": 2 for i in range(1, 31)}


def treated_days_ago(user, days: int, **identity):
    """A patient (named, with a hospital number) treated ``days`` ago, with a baseline visit and
    morphine 10 mg by mouth twice a day at baseline."""
    today = timezone.localdate()
    day0 = today - dt.timedelta(days=days)
    patient = enrol(user, enrolled_on=day0 - dt.timedelta(days=7), **identity)
    treat(user, patient, day0=day0)
    services.assessment_record(
        patient=patient,
        timepoint="baseline",
        assessed_on=day0 - dt.timedelta(days=1),
        vas_worst=8.0,
        vas_average=6.0,
        items=ITEMS,
        analgesics=[{"drug": "morphine", "route": "oral", "dose": 10, "unit": "mg", "per_day": 2}],
        actor=Actor.staff(user),
    )
    patient.refresh_from_db()
    return patient


@pytest.fixture
def week_patient(coordinator):  # noqa: F811 (the imported fixture)
    """A patient treated 7 days ago: the 1-week window is open today."""
    return treated_days_ago(coordinator, 7)


class _Records(logging.Handler):
    """Keeps every record logged while a test runs, formatted as a handler would print it."""

    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record) + (record.exc_text or ""))


#: What identifies a patient in these tests (study IDs, the name and hospital number of world.enrol).
IDENTIFIER_PATTERN = re.compile(r"ABL-\d{3}|Alice Example|HN-424242")


@pytest.fixture(autouse=True)
def no_token_or_identifier_in_logs(monkeypatch):
    """Leak test around every ePRO test: no log line written during it holds a link token made
    during it, a study ID, a name or a hospital number (the request loggers included)."""
    made: list[str] = []
    real = links.token_for_nonce

    def recording(nonce: str) -> str:
        token = real(nonce)
        made.append(token)
        return token

    monkeypatch.setattr(links, "token_for_nonce", recording)
    handler = _Records()  # no filter of its own: what the loggers let through is what is checked
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
    leaks = [line for line in handler.lines if IDENTIFIER_PATTERN.search(line) or any(t in line for t in made)]
    assert not leaks, f"log lines with a link token or a patient identifier: {leaks[:5]}"
