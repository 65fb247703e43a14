"""THE round trip: the synthetic cohort entered into the EDC comes back identical, table by table."""

import pandas as pd
import pytest

from ablacem.dataset import ALL_TABLES
from ablacem.edc.selectors import tidy_dataset
from ablacem.edc.services import dataset_import
from ablacem.synth import generate

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def _sorted(frame: pd.DataFrame, table) -> pd.DataFrame:
    key = list(table.key) or table.column_names  # analgesics have no key: sort by every column
    return frame[table.column_names].sort_values(key, kind="stable").reset_index(drop=True)


def test_synthetic_cohort_round_trips_through_the_edc():
    original = generate(40, 1)
    counts = dataset_import(source=original)
    assert counts["patients"] == 40
    back = tidy_dataset(include_identifiers=True)
    for table in ALL_TABLES:
        assert len(original[table.name]) > 0, f"the synthetic cohort has no {table.name}: the test would prove little"
        pd.testing.assert_frame_equal(
            _sorted(back[table.name], table), _sorted(original[table.name], table), obj=table.name
        )


def test_de_identified_dataset_has_no_identifiers():
    dataset_import(source=generate(12, 3))
    ds = tidy_dataset()
    assert ds.identifiers.empty
    assert not {"name", "hospital_number", "birth_date"} & set().union(
        *(set(t.columns) for t in ds.tables.values() if t is not ds.identifiers)
    )
