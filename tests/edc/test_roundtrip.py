"""THE round trip: the synthetic cohort entered into the EDC comes back identical, table by table."""

import datetime as dt

import pandas as pd
import pytest

from ablacem.dataset import ALL_TABLES
from ablacem.edc.actors import Actor
from ablacem.edc.models import Assessment
from ablacem.edc.selectors import tidy_dataset
from ablacem.edc.services import dataset_import
from ablacem.synth import generate
from ablacem.synth.cohort import DEFAULT_CUTOFF_DAYS

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def _sorted(frame: pd.DataFrame, table) -> pd.DataFrame:
    key = list(table.key) or table.column_names  # analgesics have no key: sort by every column
    return frame[table.column_names].sort_values(key, kind="stable").reset_index(drop=True)


def test_synthetic_cohort_round_trips_through_the_edc():
    original = generate(40, 1)
    counts = dataset_import(source=original, actor=Actor.system("import"))
    assert counts["patients"] == 40
    # Visits not yet due at the cohort's cut-off are not stored: the EDC derives their status,
    # and derives the same one when it is asked as of that cut-off.
    not_due = int((original.assessments["status"] == "not_due").sum())
    assert not_due > 0 and counts["assessments"] == len(original.assessments) - not_due
    assert not Assessment.objects.filter(status="not_due").exists()
    cutoff = (original.procedures["procedure_date"].max() + pd.Timedelta(days=DEFAULT_CUTOFF_DAYS)).date()
    back = tidy_dataset(include_identifiers=True, as_of=cutoff)
    for table in ALL_TABLES:
        assert len(original[table.name]) > 0, f"the synthetic cohort has no {table.name}: the test would prove little"
        pd.testing.assert_frame_equal(
            _sorted(back[table.name], table), _sorted(original[table.name], table), obj=table.name
        )


def test_de_identified_dataset_has_no_identifiers():
    dataset_import(source=generate(12, 3), actor=Actor.system("import"))
    ds = tidy_dataset()
    assert ds.identifiers.empty
    assert not {"name", "hospital_number", "birth_date"} & set().union(
        *(set(t.columns) for t in ds.tables.values() if t is not ds.identifiers)
    )


def test_a_cohort_anchored_to_a_date_round_trips_as_of_that_date():
    as_of = dt.date(2026, 6, 15)
    original = generate(40, 2, as_of=as_of)
    dataset_import(source=original, actor=Actor.system("import"))
    back = tidy_dataset(as_of=as_of)
    table = next(t for t in ALL_TABLES if t.name == "assessments")
    pd.testing.assert_frame_equal(_sorted(back.assessments, table), _sorted(original.assessments, table))
