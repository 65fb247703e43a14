"""Pages run the same number of queries whatever the number of patients (10, then 1,000)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ablacem.dataset import Dataset
from ablacem.edc.actors import Actor
from ablacem.edc.models import Patient
from ablacem.edc.services import dataset_import
from ablacem.synth import generate

from .world import login

pytestmark = [pytest.mark.db_backend, pytest.mark.slow]


def _subset(dataset: Dataset, patient_ids) -> Dataset:
    """The rows of ``dataset`` that belong to ``patient_ids`` (every table carries ``patient_id``)."""
    return Dataset(
        {name: frame[frame["patient_id"].isin(patient_ids)].copy() for name, frame in dataset.tables.items()}
    )


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


def test_query_count_per_page_does_not_grow_with_patients(client, users):
    cohort = generate(1000, 7)
    ids = list(cohort.patients["patient_id"])
    dataset_import(source=_subset(cohort, ids[:10]), actor=Actor.staff(users["data_manager"]))
    first = Patient.objects.get(study_id=ids[0])
    login(client, users["coordinator"])
    urls = {
        "dashboard": reverse("edc:dashboard"),
        "patient list": reverse("edc:patient_list"),
        "patient page": reverse("edc:patient_detail", args=[first.pk]),
        "visit": reverse("edc:visit", args=[first.pk, "baseline"]),
        "audit trail": reverse("edc:audit", args=[first.pk]),
        "exports": reverse("edc:exports"),
    }
    with_10 = {page: _count(client, url) for page, url in urls.items()}

    dataset_import(source=_subset(cohort, ids[10:]), actor=Actor.staff(users["data_manager"]))
    assert Patient.objects.count() == 1000
    with_1000 = {page: _count(client, url) for page, url in urls.items()}
    # The dashboard reads a page of the patients with open problems, then their messages: two
    # queries Django skips when there are none (tests/edc/views/test_page_query_counts.py
    # compares cohorts that both have problems). Nothing that grows with the patients.
    assert with_1000.pop("dashboard") - with_10.pop("dashboard") in (0, 1, 2)
    assert with_1000 == with_10
