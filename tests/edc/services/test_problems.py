"""The save path keeps the stored problems: marked stale in the save's transaction, recomputed
by the worker's task once it commits (the tests' task backend runs it at once), nothing when it
rolls back; a read catches up a late refresh; ``ablacem problems rebuild``."""

from __future__ import annotations

import pytest
from django.db import transaction

from ablacem.cli import main
from ablacem.edc.models import OpenProblem, StaleProblems
from tests.edc.conftest import enrol, treat

pytestmark = [pytest.mark.django_db]


def test_a_save_refreshes_its_patient_after_commit(coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        patient = enrol(coordinator)  # no procedure yet: a problem once the wait is over
    assert len(callbacks) == 1  # one refresh per transaction, however many records it saved
    assert list(OpenProblem.objects.filter(patient=patient).values_list("table", "column")) == [
        ("patients", "patient_id")
    ]
    assert not StaleProblems.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        treat(coordinator, patient)
    assert not OpenProblem.objects.filter(patient=patient).exists()
    assert not StaleProblems.objects.exists()


def test_a_rolled_back_save_marks_and_refreshes_nothing(coordinator, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        enrol(coordinator)
        raise RuntimeError("cancelled")
    assert callbacks == []
    assert not StaleProblems.objects.exists() and not OpenProblem.objects.exists()


def test_problems_rebuild_command_recomputes_every_patient(coordinator, capsys):
    first, second = enrol(coordinator), enrol(coordinator)
    OpenProblem.objects.all().delete()
    assert main(["problems", "rebuild"]) == 0
    assert capsys.readouterr().out.startswith("2 open problem(s) stored in ")
    assert set(OpenProblem.objects.values_list("patient_id", flat=True)) == {first.pk, second.pk}
    assert not StaleProblems.objects.exists()


def test_a_read_catches_up_only_a_refresh_the_worker_is_late_with(coordinator, settings):
    import datetime as dt

    from django.utils import timezone

    from ablacem.edc.selectors.problems import open_problem_items

    patient = enrol(coordinator)
    OpenProblem.objects.all().delete()
    StaleProblems.objects.update_or_create(patient=patient, defaults={"marked_at": timezone.now()})
    settings.PROBLEMS_CATCH_UP_SECONDS = 60
    assert open_problem_items(as_of=dt.date(2100, 1, 1)) == []  # the worker's turn
    StaleProblems.objects.update(marked_at=timezone.now() - dt.timedelta(seconds=61))
    assert [p.study_id for p in open_problem_items(as_of=dt.date(2100, 1, 1))] == [patient.study_id]
    assert not StaleProblems.objects.exists()
