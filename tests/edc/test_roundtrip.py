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


def _unrecorded_closed_visits(dataset, as_of):
    """(patient, timepoint) of the scheduled visits that have no row and whose window closed before ``as_of``."""
    from ablacem.protocol import TIMEPOINTS
    from ablacem.protocol.windows import VisitState, visit_state

    day0 = dataset.procedures.groupby("patient_id")["procedure_date"].min()
    have = set(zip(dataset.assessments["patient_id"], dataset.assessments["timepoint"], strict=True))
    return {
        (pid, tp.code)
        for pid, d0 in day0.items()
        for tp in TIMEPOINTS
        if (pid, tp.code) not in have and visit_state(d0.date(), tp, as_of) == VisitState.MISSED
    }


def test_a_cohort_anchored_to_a_date_round_trips_as_of_that_date():
    """Everything comes back as it went in; the one visit the cohort leaves unrecorded after
    its window closed (the worklist's "missed") comes back with the status the EDC derives for
    it that day, ``missed``, as the worklist says."""
    as_of = dt.date(2026, 6, 15)
    original = generate(40, 2, as_of=as_of)
    unrecorded = _unrecorded_closed_visits(original, as_of)
    assert len(unrecorded) == 1
    dataset_import(source=original, actor=Actor.system("import"))
    back = tidy_dataset(as_of=as_of)
    table = next(t for t in ALL_TABLES if t.name == "assessments")
    keys = list(zip(back.assessments["patient_id"], back.assessments["timepoint"], strict=True))
    derived = back.assessments[[k in unrecorded for k in keys]]
    assert derived["status"].tolist() == ["missed"] and derived["assessed_on"].isna().all()
    pd.testing.assert_frame_equal(
        _sorted(back.assessments.drop(index=derived.index), table), _sorted(original.assessments, table)
    )


def test_the_demo_cohort_fills_every_worklist_bucket_on_its_day_and_the_report_agrees():
    """Issue 8: ``make demo`` passes today; the worklist then has visits due today, this week,
    overdue and missed (a visit whose window closed with nothing recorded), and the analysis of
    the EDC's dataset calls that visit missed too."""
    from ablacem.analysis.derive import derive
    from ablacem.edc.selectors import worklist

    as_of = dt.date(2026, 12, 1)
    dataset_import(source=generate(40, 1, as_of=as_of), actor=Actor.system("import"))
    rows = [r for r in worklist(today=as_of, actor=Actor.system()) if r.kind == "visit"]
    assert {"overdue", "due_today", "this_week", "missed"} <= {r.bucket for r in rows}
    missed = {(r.study_id, r.timepoint) for r in rows if r.bucket == "missed"}
    visits = derive(tidy_dataset(as_of=as_of)).visits.set_index(["patient_id", "timepoint"])["status"]
    assert missed and {visits[key] for key in missed} == {"missed"}
