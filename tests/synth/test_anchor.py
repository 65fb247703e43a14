"""generate(as_of=...): the demo cohort of a given day, with follow-up in progress on that day."""

import datetime as dt

import pandas as pd
import pytest

from ablacem.cli import main
from ablacem.dataset import read_dataset, validate
from ablacem.protocol.windows import DUE_SOON_DAYS, VisitState, target_date, visit_state
from ablacem.synth import generate
from ablacem.synth.cohort import DEFAULT_CUTOFF_DAYS, DEFAULT_START
from ablacem.synth.patients import ENROLMENT_DAYS, calendar_age

AS_OF = dt.date(2026, 12, 1)


def _open_visit_buckets(ds, as_of):
    """The EDC worklist's buckets of the visits without a record on ``as_of``."""
    day0 = ds.procedures.groupby("patient_id")["procedure_date"].min()
    found = set()
    for r in ds.assessments[ds.assessments["status"] == "not_due"].itertuples():
        d0 = day0[r.patient_id].date()
        state, target = visit_state(d0, r.timepoint, as_of), target_date(d0, r.timepoint)
        if state == VisitState.OVERDUE:
            found.add("overdue")
        elif target == as_of:
            found.add("due_today")
        elif as_of < target <= as_of + dt.timedelta(days=DUE_SOON_DAYS):
            found.add("this_week")
    return found


@pytest.fixture(scope="module")
def demo():
    return generate(40, 1, as_of=AS_OF)


def test_the_demo_cohort_has_visits_due_today_this_week_and_overdue(demo):
    assert _open_visit_buckets(demo, AS_OF) == {"due_today", "this_week", "overdue"}


@pytest.mark.parametrize("as_of", [dt.date(2027, 2, 28), dt.date(2028, 7, 4)])
def test_any_day_gets_the_same_live_follow_up(as_of):
    assert _open_visit_buckets(generate(40, 1, as_of=as_of), as_of) == {"due_today", "this_week", "overdue"}


def test_the_cohort_is_enrolled_over_the_two_years_before_the_cutoff(demo):
    validate(demo)
    cutoff = pd.Timestamp(AS_OF)
    enrolled = demo.patients["enrolled_on"]
    assert enrolled.is_monotonic_increasing  # study IDs follow the enrolment order
    assert cutoff - pd.Timedelta(days=800) <= enrolled.min() and enrolled.max() < cutoff
    assert demo.procedures["procedure_date"].max() < cutoff
    assert (demo.assessments["assessed_on"].dropna() <= cutoff).all()
    assert demo.patients["end_date"].dropna().le(cutoff).all()
    in_follow_up = demo.patients["end_reason"].isna()
    assert 3 <= in_follow_up.sum() <= 10
    # Moved patients keep their age: consent and birth moved together.
    birth = demo.identifiers.set_index("patient_id")["birth_date"]
    patients = demo.patients.set_index("patient_id")
    assert (calendar_age(birth, patients["enrolled_on"]) == patients["age"].to_numpy()).all()


def test_as_of_replaces_start_and_cutoff():
    with pytest.raises(ValueError, match="as_of"):
        generate(10, 1, as_of=AS_OF, cutoff=AS_OF)


def test_without_as_of_the_cohort_starts_on_the_default_day():
    default = generate(12, 3)
    pd.testing.assert_frame_equal(default.patients, generate(12, 3, start=DEFAULT_START).patients)
    first = default.patients["enrolled_on"].min()
    assert pd.Timestamp(DEFAULT_START) <= first < pd.Timestamp(DEFAULT_START) + pd.Timedelta(days=ENROLMENT_DAYS / 12)
    cutoff = default.procedures["procedure_date"].max() + pd.Timedelta(days=DEFAULT_CUTOFF_DAYS)
    assert (default.assessments["assessed_on"].dropna() <= cutoff).all()


def test_cli_as_of(tmp_path):
    out = tmp_path / "out"
    assert main(["synth", "--patients", "40", "--seed", "1", "--out", str(out), "--as-of", "2026-12-01"]) == 0
    ds = read_dataset(out)
    assert _open_visit_buckets(ds, AS_OF) == {"due_today", "this_week", "overdue"}


def test_cli_refuses_a_bad_as_of_date_and_as_of_with_cutoff(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["synth", "--patients", "5", "--out", str(tmp_path / "x"), "--as-of", "1 Dec"])
    assert "--as-of must be a date YYYY-MM-DD" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(
            [
                "synth",
                "--patients",
                "5",
                "--out",
                str(tmp_path / "x"),
                "--as-of",
                "2026-12-01",
                "--cutoff",
                "2026-12-01",
            ]
        )
    assert "not allowed with argument" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_the_demo_cohort_leaves_one_closed_visit_unrecorded(demo):
    """The worklist's "missed" list: a follow-up visit whose window closed within the last
    weeks, with no row (the coordinator has still to say why), for a patient in follow-up."""
    from ablacem.synth.anchor import UNRECORDED_LOOKBACK_DAYS

    day0 = demo.procedures.groupby("patient_id")["procedure_date"].min()
    recorded = set(zip(demo.assessments["patient_id"], demo.assessments["timepoint"], strict=True))
    unrecorded = [
        (pid, tp) for pid in demo.patients["patient_id"] for tp in ("w1", "m1", "m3") if (pid, tp) not in recorded
    ]
    assert len(unrecorded) == 1
    pid, tp = unrecorded[0]
    assert visit_state(day0[pid].date(), tp, AS_OF) == VisitState.MISSED
    closed = (AS_OF - target_date(day0[pid].date(), tp)).days
    assert 0 < closed <= UNRECORDED_LOOKBACK_DAYS + 110
    assert demo.patients.set_index("patient_id").at[pid, "end_reason"] is None or pd.isna(
        demo.patients.set_index("patient_id").at[pid, "end_reason"]
    )
    assert demo.analgesics[(demo.analgesics["patient_id"] == pid) & (demo.analgesics["timepoint"] == tp)].empty
