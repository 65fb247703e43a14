"""Opioid MME (CDC 2022 factors), OMED per visit and WHO ladder step, checked by hand."""

import numpy as np
import pandas as pd
import pytest

from ablacem.protocol import codelists
from ablacem.scoring.mme import (
    CDC_2022_FACTORS,
    NIELSEN_2016_PARENTERAL_FACTORS,
    convert,
    mme_per_day,
    omed,
    who_step,
)


def _rows(*rows) -> pd.DataFrame:
    columns = ["patient_id", "timepoint", "drug", "route", "dose", "unit", "per_day"]
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows], columns=columns)


def test_cdc_2022_table_exactly():
    assert dict(CDC_2022_FACTORS) == {
        "morphine": ("mg", 1.0),
        "codeine": ("mg", 0.15),
        "hydrocodone": ("mg", 1.0),
        "hydromorphone": ("mg", 5.0),
        "oxycodone": ("mg", 1.5),
        "oxymorphone": ("mg", 3.0),
        "tapentadol": ("mg", 0.4),
        "tramadol": ("mg", 0.2),
        "methadone": ("mg", 4.7),
        "fentanyl": ("mcg/h", 2.4),
    }
    assert CDC_2022_FACTORS["fentanyl"][1] != 7.2
    assert set(CDC_2022_FACTORS) <= codelists.OPIOIDS
    with pytest.raises(TypeError):
        CDC_2022_FACTORS["fentanyl"] = ("mcg/h", 7.2)


@pytest.mark.parametrize(
    ("drug", "route", "dose", "unit", "per_day", "expected"),
    [
        ("morphine", "oral", 30, "mg", 2, 60.0),  # 60 mg x 1
        ("codeine", "oral", 30, "mg", 4, 18.0),  # 120 mg x 0.15
        ("hydrocodone", "oral", 10, "mg", 3, 30.0),  # 30 mg x 1
        ("hydromorphone", "oral", 4, "mg", 4, 80.0),  # 16 mg x 5
        ("oxycodone", "oral", 10, "mg", 2, 30.0),  # 20 mg x 1.5
        ("oxymorphone", "oral", 5, "mg", 2, 30.0),  # 10 mg x 3
        ("tapentadol", "oral", 100, "mg", 2, 80.0),  # 200 mg x 0.4
        ("tramadol", "oral", 50, "mg", 4, 40.0),  # 200 mg x 0.2
        ("methadone", "oral", 10, "mg", 2, 94.0),  # 20 mg x 4.7
        ("fentanyl", "transdermal", 25, "mcg/h", 1, 60.0),  # 25 mcg/h x 2.4
        ("fentanyl", "transdermal", 12, "mcg/h", None, 28.8),  # per_day ignored for patches
        ("fentanyl", "transdermal", 50, "mcg/h", 3, 120.0),  # a patch is a rate: per_day ignored
        ("paracetamol", "oral", 1, "g", 4, 0.0),  # non-opioid: counted, MME 0
        ("gabapentin", "oral", 300, "mg", 3, 0.0),
        ("ibuprofen", None, None, None, None, 0.0),
    ],
)
def test_mme_per_day_by_hand(drug, route, dose, unit, per_day, expected):
    assert mme_per_day(drug, route, dose, unit, per_day) == pytest.approx(expected)


def test_nielsen_2016_parenteral_table_exactly():
    factors = {"morphine": ("mg", 3.0), "oxycodone": ("mg", 3.0), "hydromorphone": ("mg", 15.0)}
    factors |= {"codeine": ("mg", 0.25), "fentanyl": ("mcg", 0.2)}
    expected = {(drug, route): value for drug, value in factors.items() for route in ("iv", "sc", "im")}
    assert dict(NIELSEN_2016_PARENTERAL_FACTORS) == expected
    assert not {route for _, route in NIELSEN_2016_PARENTERAL_FACTORS} & {"oral", "transdermal"}  # CDC 2022 stays


@pytest.mark.parametrize(
    ("drug", "route", "dose", "unit", "per_day", "expected"),
    [
        ("morphine", "iv", 5, "mg", 4, 60.0),  # 20 mg x 3
        ("morphine", "sc", 2.5, "mg", 6, 45.0),  # 15 mg x 3
        ("morphine", "im", 10, "mg", 1, 30.0),  # 10 mg x 3
        ("oxycodone", "sc", 5, "mg", 2, 30.0),  # 10 mg x 3
        ("hydromorphone", "im", 1, "mg", 4, 60.0),  # 4 mg x 15
        ("codeine", "im", 30, "mg", 4, 30.0),  # 120 mg x 0.25
        ("fentanyl", "iv", 50, "mcg", 2, 20.0),  # 100 mcg x 0.2
    ],
)
def test_parenteral_doses_by_hand_with_nielsen_2016(drug, route, dose, unit, per_day, expected):
    assert mme_per_day(drug, route, dose, unit, per_day) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("drug", "route", "dose", "unit", "per_day", "reason"),
    [
        ("tramadol", "iv", 100, "mg", 3, "no conversion factor for tramadol, intravenous"),
        ("methadone", "sc", 5, "mg", 2, "no conversion factor for methadone, subcutaneous"),
        ("buprenorphine", "sublingual", 0.4, "mg", 3, "no conversion factor for buprenorphine, sublingual / buccal"),
        ("buprenorphine", "transdermal", 10, "mcg/h", 1, "no conversion factor for buprenorphine, transdermal"),
        ("buprenorphine", "iv", 0.3, "mg", 3, "no conversion factor for buprenorphine, intravenous"),
        ("dihydrocodeine", "oral", 30, "mg", 3, "no conversion factor for dihydrocodeine, oral"),
        ("fentanyl", "sublingual", 100, "mcg", 2, "no conversion factor for fentanyl, sublingual / buccal"),
        ("morphine", "rectal", 10, "mg", 2, "no conversion factor for morphine, rectal"),
        ("fentanyl", "iv", 0.05, "mg", 2, "unit mg does not match factor unit mcg"),
        ("morphine", "oral", 500, "mcg", 2, "unit mcg does not match factor unit mg"),
        ("oxycodone", "oral", 0.01, "g", 2, "unit g does not match factor unit mg"),
        ("fentanyl", "transdermal", 25, "mg", 1, "unit mg does not match factor unit mcg/h"),
        ("morphine", "oral", 10, None, 2, "unit missing"),
        ("morphine", None, 10, "mg", 2, "route missing"),
        ("morphine", "oral", None, "mg", 2, "dose missing"),
        ("morphine", "oral", 10, "mg", None, "administrations per day missing"),
    ],
)
def test_unconvertible_doses_are_reported_never_zero(drug, route, dose, unit, per_day, reason):
    row = convert(_rows(("P1", "w1", drug, route, dose, unit, per_day)))
    assert row["opioid"].tolist() == [True]
    assert row["convertible"].tolist() == [False]
    assert np.isnan(row["mme_day"].iloc[0])
    assert row["reason"].iloc[0].startswith(reason)
    assert mme_per_day(drug, route, dose, unit, per_day) is None


def test_convert_adds_columns_keeps_others_and_does_not_mutate():
    frame = _rows(
        ("P1", "w1", "oxycodone", "oral", 10, "mg", 2),
        ("P1", "w1", "paracetamol", "oral", 1, "g", 4),
        ("P1", "w1", "buprenorphine", "transdermal", 5, "mcg/h", 1),
    )
    before = frame.copy()
    got = convert(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert list(got.columns) == [*frame.columns, "opioid", "mme_day", "convertible", "reason"]
    assert got["opioid"].tolist() == [True, False, True]
    assert got["mme_day"].iloc[:2].tolist() == [30.0, 0.0]
    assert got["convertible"].tolist() == [True, True, False]
    assert got["reason"].tolist() == [
        None,
        None,
        "no conversion factor for buprenorphine, transdermal (CDC 2022 and Nielsen 2016 give none)",
    ]
    assert got["mme_day"].dtype == "float64" and got["convertible"].dtype == bool


def test_site_factors_convert_what_the_cdc_table_does_not():
    extra = {("tramadol", "iv"): ("mg", 0.2), ("buprenorphine", "transdermal"): ("mcg/h", 2.2)}
    frame = _rows(
        ("P1", "w1", "tramadol", "iv", 100, "mg", 3),  # 300 mg x 0.2 = 60
        ("P1", "w1", "buprenorphine", "transdermal", 10, "mcg/h", 1),  # rate: 10 x 2.2 = 22
        ("P1", "w1", "tramadol", "sc", 100, "mg", 3),  # still no factor for that route
    )
    got = convert(frame, extra_factors=extra)
    assert got["mme_day"].iloc[:2].tolist() == pytest.approx([60.0, 22.0])
    assert got["reason"].iloc[2].startswith("no conversion factor for tramadol, subcutaneous")
    assert mme_per_day("tramadol", "iv", 100, "mg", 3, extra_factors=extra) == pytest.approx(60.0)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({("fentanyl", "transdermal"): ("mcg/h", 7.2)}, "has a CDC 2022 factor"),
        ({("morphine", "sc"): ("mg", 2.0)}, "has a Nielsen 2016 factor"),
        ({("tramadol", "sc"): ("ml", 3.0)}, "is not a code of dose_unit"),
        ({("tramadol", "sc"): ("mg", 0)}, "must be a positive number"),
        ({("heroin", "iv"): ("mg", 2.0)}, "is not a code of analgesic_drug"),
        ({("morphine", "epidural"): ("mg", 2.0)}, "is not a code of route"),
        ({"morphine": ("mg", 2.0)}, r"\(drug, route\) pairs"),
    ],
)
def test_bad_site_factors_are_rejected(extra, message):
    with pytest.raises(ValueError, match=message):
        convert(_rows(("P1", "w1", "morphine", "oral", 10, "mg", 1)), extra_factors=extra)


def test_bad_codes_and_columns_raise_naming_row_and_column():
    with pytest.raises(ValueError, match=r"row 1, drug = 'heroin' is not a code of analgesic_drug"):
        convert(_rows(("P1", "w1", "morphine", "oral", 10, "mg", 1), ("P1", "w1", "heroin", "oral", 10, "mg", 1)))
    with pytest.raises(ValueError, match=r"row 0, route = 'po' is not a code of route"):
        convert(_rows(("P1", "w1", "morphine", "po", 10, "mg", 1)))
    with pytest.raises(ValueError, match=r"row 0, drug is missing"):
        convert(_rows(("P1", "w1", None, "oral", 10, "mg", 1)))
    with pytest.raises(KeyError, match="per_day"):
        convert(pd.DataFrame({"drug": ["morphine"], "route": ["oral"], "dose": [1], "unit": ["mg"]}))


def test_empty_input_converts_to_empty_output():
    got = convert(_rows())
    assert got.empty and {"opioid", "mme_day", "convertible", "reason"} <= set(got.columns)
    assert omed(_rows()).empty


@pytest.mark.parametrize(
    ("drugs", "step"),
    [
        ([], 0),
        (["paracetamol", "gabapentin"], 1),
        (["codeine"], 2),
        ({"tramadol", "codeine", "ibuprofen"}, 2),
        (["dihydrocodeine"], 3),  # ablacem rule: weak = codeine and tramadol only
        (["hydrocodone"], 3),
        (["tramadol", "morphine"], 3),
        (("buprenorphine",), 3),
    ],
)
def test_who_step(drugs, step):
    assert who_step(drugs) == step


def test_who_step_rejects_unknown_codes():
    with pytest.raises(ValueError, match="'aspirin' is not a code of analgesic_drug"):
        who_step(["aspirin"])


def _cohort() -> pd.DataFrame:
    return _rows(
        ("P1", "w1", "oxycodone", "oral", 10, "mg", 2),  # 30
        ("P1", "w1", "paracetamol", "oral", 1, "g", 4),  # 0
        ("P1", "w1", "fentanyl", "transdermal", 25, "mcg/h", None),  # 60
        ("P1", "m1", "tramadol", "oral", 50, "mg", 4),  # 40
        ("P1", "m1", "ibuprofen", "oral", 400, "mg", 3),  # 0
        ("P1", "m3", "paracetamol", "oral", 1, "g", 3),  # 0
        ("P2", "baseline", "morphine", "oral", 10, "mg", 6),  # 60
        ("P2", "baseline", "buprenorphine", "transdermal", 10, "mcg/h", 1),  # not convertible
        ("P2", "w1", "codeine", "oral", 30, "mg", 4),  # 18
        ("P2", "post", "morphine", "oral", 10, "mg", 1),  # visit missed (see visits)
        ("P1", "baseline", "oxycodone", "oral", 20, "mg", 2),  # 60
    )


def test_omed_per_patient_and_timepoint_by_hand():
    got = omed(_cohort())
    assert list(got.columns) == ["patient_id", "timepoint", "omed", "n_analgesics", "n_unconvertible", "who_step"]
    assert list(zip(got["patient_id"], got["timepoint"], strict=True)) == [
        ("P1", "baseline"),
        ("P1", "w1"),
        ("P1", "m1"),
        ("P1", "m3"),
        ("P2", "baseline"),
        ("P2", "post"),
        ("P2", "w1"),
    ]
    assert got["omed"].tolist()[:4] == [60.0, 90.0, 40.0, 0.0]
    assert np.isnan(got["omed"].iloc[4])  # one dose of that visit cannot be converted
    assert got["omed"].iloc[5:].tolist() == [10.0, 18.0]
    assert got["n_analgesics"].tolist() == [1, 3, 2, 1, 2, 1, 1]
    assert got["n_unconvertible"].tolist() == [0, 0, 0, 0, 1, 0, 0]
    assert got["who_step"].tolist() == [3, 3, 2, 1, 3, 3, 2]
    assert got["omed"].dtype == "float64" and str(got["who_step"].dtype) == "Int64"


def test_omed_with_visits_fills_done_visits_and_drops_the_rest():
    visits = pd.DataFrame(
        {
            "patient_id": ["P1", "P1", "P1", "P1", "P1", "P2", "P2", "P2", "P2", "P2"],
            "timepoint": ["baseline", "post", "w1", "m1", "m3", "baseline", "post", "w1", "m1", "m3"],
            "status": ["done", "done", "done", "done", "done", "done", "missed", "done", "done", "died"],
        }
    )
    got = omed(_cohort(), visits=visits)
    keyed = got.set_index(["patient_id", "timepoint"])
    assert len(got) == 8
    assert ("P2", "post") not in keyed.index and ("P2", "m3") not in keyed.index
    for visit in (("P1", "post"), ("P2", "m1")):  # done, no analgesic rows: no analgesics
        assert keyed.loc[visit, "omed"] == 0.0
        assert keyed.loc[visit, "who_step"] == 0
        assert keyed.loc[visit, "n_analgesics"] == 0
        assert keyed.loc[visit, "n_unconvertible"] == 0
    assert keyed.loc[("P1", "w1"), "omed"] == 90.0
    assert got["timepoint"].tolist()[:5] == ["baseline", "post", "w1", "m1", "m3"]


def test_omed_uses_site_factors():
    extra = {("buprenorphine", "transdermal"): ("mcg/h", 1.8)}
    got = omed(_cohort(), extra_factors=extra).set_index(["patient_id", "timepoint"])
    assert got.loc[("P2", "baseline"), "omed"] == pytest.approx(60.0 + 10 * 1.8)
    assert got.loc[("P2", "baseline"), "n_unconvertible"] == 0


def test_an_unidentified_drug_has_unknown_mme_not_zero():
    row = convert(_rows(("P1", "w1", "other", "oral", 10, "mg", 2)))
    assert row["convertible"].tolist() == [False]
    assert np.isnan(row["mme_day"].iloc[0])
    assert row["reason"].tolist() == ["drug not identified (other): MME unknown"]
    assert mme_per_day("other", "oral", 10, "mg", 2) is None
