"""EORTC QLQ-C30 scoring: shared worked examples, hand-derived half-rule cases, errors, invariants."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ablacem.protocol.ranges import QLQC30_ITEMS
from ablacem.scoring import qlqc30
from ablacem.scoring.qlqc30 import (
    FUNCTIONAL_CODES,
    SCALE_CODES,
    SCALES,
    SYMPTOM_CODES,
    QLQC30Error,
    get_scale,
    higher_is_better,
    score,
)

#: The shared reference next to the repository (``../shared``); tests read nothing else outside it.
SHARED = Path(__file__).parents[2].parent / "shared" / "reference"
#: The copy bundled with the tests, used where the shared folder is absent.
BUNDLED = Path(__file__).parent / "data"
_CANDIDATES = (SHARED, BUNDLED)


def _reference_dir() -> Path:
    for folder in _CANDIDATES:
        if (folder / "qlqc30_examples_items.csv").exists():
            return folder
    raise FileNotFoundError("qlqc30 worked examples not found")


def _blank(**answers) -> dict:
    """A record with every item missing except ``answers`` (``q1=2`` ...)."""
    record = dict.fromkeys(QLQC30_ITEMS, np.nan)
    record.update(answers)
    return record


def _all(value_1_28: int, value_29_30: int) -> dict:
    return {c: (value_29_30 if c in ("q29", "q30") else value_1_28) for c in QLQC30_ITEMS}


# ---------------------------------------------------------------------------------------------
# Structure


def test_scales_in_the_documented_order_and_kinds():
    assert [s.code for s in SCALES] == [
        "QL2", "PF2", "RF2", "EF", "CF", "SF", "FA", "NV", "PA", "DY", "SL", "AP", "CO", "DI", "FI",
    ]  # fmt: skip
    assert (*(s.code for s in SCALES), "SUMMARY") == SCALE_CODES
    assert FUNCTIONAL_CODES == ("PF2", "RF2", "EF", "CF", "SF")
    assert SYMPTOM_CODES == ("FA", "NV", "PA", "DY", "SL", "AP", "CO", "DI", "FI")
    assert get_scale("FA").items == (10, 12, 18)
    assert get_scale("EF").items == (21, 22, 23, 24)
    assert get_scale("CF").items == (20, 25)


def test_every_item_belongs_to_exactly_one_scale():
    used = sorted(i for s in SCALES for i in s.items)
    assert used == list(range(1, 31))


def test_item_ranges_come_from_the_protocol():
    assert get_scale("QL2").item_range == 6
    assert all(s.item_range == 3 for s in SCALES if s.code != "QL2")


@pytest.mark.parametrize(("code", "better"), [("QL2", True), ("PF2", True), ("SF", True), ("SUMMARY", True)] + [
    (c, False) for c in ("FA", "PA", "FI", "DY")
])  # fmt: skip
def test_higher_is_better(code, better):
    assert higher_is_better(code) is better


def test_higher_is_better_rejects_unknown_codes():
    with pytest.raises(KeyError, match="not a QLQ-C30 scale"):
        higher_is_better("XX")


# ---------------------------------------------------------------------------------------------
# Shared worked examples (agree with two independent public implementations)


def test_shared_worked_examples():
    folder = _reference_dir()
    items = pd.read_csv(folder / "qlqc30_examples_items.csv", index_col="id")
    expected = pd.read_csv(folder / "qlqc30_examples_expected.csv", index_col="id")
    got = score(items)
    assert list(got.columns) == list(SCALE_CODES)
    assert list(got.index) == list(items.index)
    assert (got.dtypes == "float64").all()
    pd.testing.assert_frame_equal(got.round(4), expected[list(SCALE_CODES)].astype("float64"), check_names=False)


def test_bundled_copy_of_the_examples_matches_the_shared_reference():
    if not SHARED.exists():
        pytest.skip(f"no shared reference folder next to the repository ({SHARED})")
    for name in ("qlqc30_examples_items.csv", "qlqc30_examples_expected.csv"):
        pd.testing.assert_frame_equal(pd.read_csv(BUNDLED / name), pd.read_csv(SHARED / name))


# ---------------------------------------------------------------------------------------------
# Hand-derived values


def test_all_items_two_by_hand():
    # Functional: RS 2 -> (1 - 1/3) * 100 = 66.67; symptoms: (2 - 1)/3 * 100 = 33.33;
    # QL2 with items 4: (4 - 1)/6 * 100 = 50; SUMMARY = mean of 5 x 66.67 and 8 x (100 - 33.33).
    got = score(_all(2, 4))
    assert got["QL2"] == pytest.approx(50.0)
    for code in FUNCTIONAL_CODES:
        assert got[code] == pytest.approx(200 / 3)
    for code in SYMPTOM_CODES:
        assert got[code] == pytest.approx(100 / 3)
    assert got["SUMMARY"] == pytest.approx(200 / 3)


def test_summary_by_hand_with_mixed_scores():
    # PF2 items 1,1,1,1,4 -> RS 1.6 -> 80; other functional 100; PA items 4,4 -> 100; other symptoms 0.
    # SUMMARY = (80 + 4 x 100 + (100 - 100) + 7 x 100) / 13 = 1180 / 13.
    record = _all(1, 7)
    record.update(q5=4, q9=4, q19=4)
    got = score(record)
    assert got["PF2"] == pytest.approx(80.0)
    assert got["PA"] == pytest.approx(100.0)
    assert got["SUMMARY"] == pytest.approx(1180 / 13)


@pytest.mark.parametrize(
    ("answers", "code", "expected"),
    [
        ({"q1": 2, "q2": 3}, "PF2", np.nan),  # 2 of 5 answered: below half
        ({"q1": 2, "q2": 3, "q3": 4}, "PF2", 100 / 3),  # RS 3 -> (1 - 2/3) * 100
        ({"q1": 1, "q2": 1, "q3": 2, "q4": 2}, "PF2", 100 - 50 / 3),  # RS 1.5 -> (1 - 0.5/3) * 100
        ({"q21": 1}, "EF", np.nan),  # 1 of 4
        ({"q21": 1, "q22": 2}, "EF", 100 - 50 / 3),  # 2 of 4, RS 1.5
        ({"q10": 2}, "FA", np.nan),  # 1 of 3
        ({"q10": 2, "q12": 4}, "FA", 200 / 3),  # 2 of 3, RS 3 -> 2/3 * 100
        ({"q6": 3}, "RF2", 100 / 3),  # two-item scale with one item
        ({"q20": 4}, "CF", 0.0),
        ({"q27": 2}, "SF", 200 / 3),
        ({"q15": 2}, "NV", 100 / 3),
        ({"q19": 3}, "PA", 200 / 3),
        ({"q30": 4}, "QL2", 50.0),  # (4 - 1) / 6 * 100
        ({"q29": 6, "q30": 2}, "QL2", 50.0),  # RS 4
        ({"q8": 3}, "DY", 200 / 3),
        ({}, "DY", np.nan),  # single item missing
        ({"q28": 4}, "FI", 100.0),
    ],
)
def test_half_rule_by_hand(answers, code, expected):
    got = score(_blank(**answers))[code]
    if np.isnan(expected):
        assert np.isnan(got)
    else:
        assert got == pytest.approx(expected)


def test_summary_needs_all_thirteen_component_scales():
    full = _all(2, 4)
    assert not np.isnan(score(full)["SUMMARY"])
    without_diarrhoea = {**full, "q17": np.nan}
    assert np.isnan(score(without_diarrhoea)["SUMMARY"])
    # QL2 and FI are not part of the summary score.
    without_ql_fi = {**full, "q28": np.nan, "q29": np.nan, "q30": np.nan}
    assert score(without_ql_fi)["SUMMARY"] == pytest.approx(200 / 3)


# ---------------------------------------------------------------------------------------------
# Input forms


def test_accepts_int64_with_missing_values_and_keeps_the_index():
    frame = pd.DataFrame({c: pd.array([2, pd.NA], dtype="Int64") for c in QLQC30_ITEMS}, index=["a", "b"])
    got = score(frame)
    assert list(got.index) == ["a", "b"]
    assert got.loc["a", "PF2"] == pytest.approx(200 / 3)
    assert got.loc["b"].isna().all()


def test_accepts_object_numbers_and_blank_strings():
    frame = pd.DataFrame({"q1": ["2", 3, " "], "q2": [2, "3", None], "q3": [2.0, 3, ""]})
    got = score(frame)
    assert got.loc[0, "PF2"] == pytest.approx(200 / 3)
    assert got.loc[1, "PF2"] == pytest.approx(100 / 3)
    assert np.isnan(got.loc[2, "PF2"])


def test_missing_columns_are_all_missing_and_extra_columns_ignored():
    got = score(pd.DataFrame({"q8": [4, 1], "patient_id": ["x", "y"], "q99": ["junk", "junk"]}))
    assert got["DY"].tolist() == [100.0, 0.0]
    assert got.drop(columns="DY").isna().all().all()


def test_single_record_as_series_or_mapping_returns_a_series():
    by_series = score(pd.Series(_all(1, 7)))
    by_mapping = score(_all(1, 7))
    for got in (by_series, by_mapping):
        assert isinstance(got, pd.Series)
        assert list(got.index) == list(SCALE_CODES)
        assert got["QL2"] == 100.0 and got["FA"] == 0.0 and got["SUMMARY"] == 100.0


def test_empty_frame_gives_an_empty_frame_with_all_columns():
    got = score(pd.DataFrame(columns=list(QLQC30_ITEMS)))
    assert got.empty and list(got.columns) == list(SCALE_CODES)


# ---------------------------------------------------------------------------------------------
# Errors


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        ("q5", 5, r"row 'r2', q5 = 5: QLQ-C30 item 5 must be between 1 and 4"),
        ("q1", 0, r"row 'r2', q1 = 0: QLQ-C30 item 1 must be between 1 and 4"),
        ("q28", 7, r"row 'r2', q28 = 7: QLQ-C30 item 28 must be between 1 and 4"),
        ("q30", 8, r"row 'r2', q30 = 8: QLQ-C30 item 30 must be between 1 and 7"),
        ("q12", 2.5, r"row 'r2', q12 = 2.5: QLQ-C30 item 12 must be a whole number"),
        ("q7", "two", r"row 'r2', q7 = 'two' is not a number"),
    ],
)
def test_bad_values_raise_naming_row_and_item(item, value, message):
    frame = pd.DataFrame([_all(2, 4), _all(2, 4)], index=["r1", "r2"]).astype(object)
    frame.loc["r2", item] = value
    with pytest.raises(QLQC30Error, match=message):
        score(frame)


def test_items_29_and_30_accept_seven():
    assert score(_blank(q29=7, q30=7))["QL2"] == 100.0


def test_error_is_a_value_error():
    assert issubclass(QLQC30Error, ValueError)


def test_booleans_are_rejected():
    with pytest.raises(QLQC30Error, match="q3 holds booleans"):
        score(pd.DataFrame({"q3": [True, False]}))


# ---------------------------------------------------------------------------------------------
# Invariants (hypothesis)

_ITEM = {c: st.one_of(st.none(), st.integers(1, 7 if c in ("q29", "q30") else 4)) for c in QLQC30_ITEMS}
records = st.fixed_dictionaries(_ITEM)
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _frame(rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(QLQC30_ITEMS)).astype("float64")


@_SETTINGS
@given(st.lists(records, min_size=1, max_size=20))
def test_scores_lie_between_0_and_100(rows):
    got = score(_frame(rows)).to_numpy()
    finite = got[~np.isnan(got)]
    assert ((finite >= 0) & (finite <= 100)).all()


@_SETTINGS
@given(records, st.sampled_from(SCALES), st.data())
def test_raising_an_item_moves_its_scale_only_in_the_expected_direction(record, scale, data):
    item = data.draw(st.sampled_from(scale.columns))
    top = 7 if item in ("q29", "q30") else 4
    value = data.draw(st.integers(1, top - 1))
    record = dict(record)
    # Answer just enough other items of the scale for it to be scored (the raised item counts as one).
    others_answered = sum(record[c] is not None for c in scale.columns if c != item)
    unanswered = [c for c in scale.columns if c != item and record[c] is None]
    for column in unanswered[: max(scale.min_answered - 1 - others_answered, 0)]:
        record[column] = data.draw(st.integers(1, top))
    low = {**record, item: value}
    high = {**record, item: value + 1}
    before, after = score(low)[scale.code], score(high)[scale.code]
    assert not np.isnan(before) and not np.isnan(after)  # the raised item is answered in both
    if scale.kind == "functional":
        assert after < before  # raising a functional item lowers (never raises) functioning
    else:
        assert after > before  # symptom and global scales rise with their items


@_SETTINGS
@given(records, st.sampled_from(SCALES))
def test_removing_items_below_half_makes_the_scale_missing(record, scale):
    keep = scale.min_answered - 1  # fewer than half
    columns = list(scale.columns)
    reduced = dict(record)
    answered = [c for c in columns if reduced[c] is not None]
    for column in answered[keep:]:
        reduced[column] = None
    assert np.isnan(score(reduced)[scale.code])
    assert np.isnan(score(reduced)["SUMMARY"]) or scale.code in ("QL2", "FI")


@_SETTINGS
@given(records, st.sampled_from(SCALES))
def test_a_scale_with_at_least_half_of_its_items_is_scored(record, scale):
    full = {**record, **dict.fromkeys(scale.columns[: scale.min_answered], 1)}
    assert not np.isnan(score(full)[scale.code])


@_SETTINGS
@given(st.lists(records, min_size=2, max_size=15), st.randoms(use_true_random=False))
def test_permuting_rows_permutes_the_output(rows, rnd):
    frame = _frame(rows)
    frame.index = [f"r{i}" for i in range(len(frame))]
    order = list(frame.index)
    rnd.shuffle(order)
    pd.testing.assert_frame_equal(score(frame.loc[order]), score(frame).loc[order])


@_SETTINGS
@given(records, records, st.sampled_from(SCALES))
def test_a_scale_depends_only_on_its_items(record, other, scale):
    mixed = {c: (record[c] if c in scale.columns else other[c]) for c in QLQC30_ITEMS}
    a, b = score(record)[scale.code], score(mixed)[scale.code]
    assert (np.isnan(a) and np.isnan(b)) or a == b


def test_no_item_wording_in_the_module():
    # Copyright: only item numbers and scale names may ship. The scale labels are short names.
    assert all(len(s.label) <= 30 for s in SCALES)
    assert "?" not in Path(qlqc30.__file__).read_text(encoding="utf-8")


@_SETTINGS
@given(records, st.sampled_from([s for s in SCALES if len(s.items) > 1]), st.randoms(use_true_random=False))
def test_shuffling_answers_among_the_items_of_a_scale_leaves_every_score_unchanged(record, scale, rnd):
    # The raw score is the mean of the answered items (Scoring Manual): items of a scale are interchangeable.
    values = [record[c] for c in scale.columns]
    rnd.shuffle(values)
    shuffled = {**record, **dict(zip(scale.columns, values, strict=True))}
    pd.testing.assert_series_equal(score(shuffled), score(record))
