"""The tidy dataset carries who entered each visit (``assessments.source``) and the patient's
language (``identifiers.language``, an identifier: only in identified datasets); a dataset
without ``source`` imports as entered by staff."""

from __future__ import annotations

import pandas as pd
import pytest
from django.utils import timezone

from ablacem.dataset import Dataset, write_dataset
from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Assessment
from ablacem.edc.selectors import tidy_dataset
from ablacem.synth import generate
from tests.edc.conftest import ITEMS
from tests.epro.conftest import treated_days_ago

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_source_and_language_reach_the_tidy_dataset(coordinator):
    patient = treated_days_ago(coordinator, 7, language="fr")
    services.assessment_record(
        actor=Actor.for_patient(patient),
        patient=patient,
        timepoint="w1",
        assessed_on=timezone.localdate(),
        vas_worst=4.0,
        items=ITEMS,
        channel="link",
    )
    identified = tidy_dataset(include_identifiers=True, actor=Actor.system("test"))
    visits = identified.assessments.set_index("timepoint")
    assert visits.loc["baseline", "source"] == "staff" and visits.loc["w1", "source"] == "patient"
    assert pd.isna(visits.loc["m1", "source"])  # not recorded yet: nobody entered it
    assert identified.identifiers["language"].tolist() == ["fr"]
    assert tidy_dataset(actor=Actor.system("test")).identifiers.empty


def test_a_dataset_without_source_imports_as_staff_entry(tmp_path):
    cohort = generate(4, 11)
    without = Dataset({**cohort.tables, "assessments": cohort.assessments.drop(columns="source")})
    folder = write_dataset(without, tmp_path / "old")
    services.dataset_import(source=folder, actor=Actor.system("import"))
    assert set(Assessment.objects.values_list("source", flat=True)) == {"staff"}
