"""generate(): a valid, deterministic, internally consistent tidy dataset."""

import datetime as dt
import filecmp
import re

import numpy as np
import pandas as pd
import pytest

from ablacem.dataset import consistency_problems, read_dataset, validate, write_dataset
from ablacem.dataset.schema import ALL_TABLES
from ablacem.protocol import TIMEPOINT_CODES, get_timepoint
from ablacem.protocol.codelists import BENIGN_LESION, MALIGNANT_PRIMARY, region_of_site
from ablacem.scoring import mme
from ablacem.synth import generate


def test_generated_cohort_is_valid_and_survives_a_round_trip(tmp_path, cohort_40):
    validate(cohort_40)
    write_dataset(cohort_40, tmp_path)
    back = read_dataset(tmp_path)
    for table in ALL_TABLES:
        pd.testing.assert_frame_equal(back[table.name], cohort_40[table.name], check_like=False, obj=table.name)


def test_same_seed_gives_identical_files_and_another_seed_differs(tmp_path):
    write_dataset(generate(60, 5), tmp_path / "a")
    write_dataset(generate(60, 5), tmp_path / "b")
    write_dataset(generate(60, 6), tmp_path / "c")
    names = [t.filename for t in ALL_TABLES]
    match, mismatch, errors = filecmp.cmpfiles(tmp_path / "a", tmp_path / "b", names, shallow=False)
    assert sorted(match) == sorted(names) and not mismatch and not errors
    assert not filecmp.cmp(tmp_path / "a" / "assessments.csv", tmp_path / "c" / "assessments.csv", shallow=False)


@pytest.mark.parametrize("n", [1, 3])
def test_tiny_cohorts_are_valid(tmp_path, n):
    ds = generate(n, 11)
    validate(ds)
    write_dataset(ds, tmp_path)
    assert len(read_dataset(tmp_path).patients) == n
    assert list(ds.patients["patient_id"]) == [f"ABL-{i:03d}" for i in range(1, n + 1)]
    assert len(ds.assessments) == n * len(TIMEPOINT_CODES)
    assert len(ds.identifiers) == n


def test_identifier_formats(cohort_40):
    ds = cohort_40
    assert ds.patients["patient_id"].str.fullmatch(r"ABL-\d{3}").all()
    owner = ds.lesions["patient_id"]
    assert (ds.lesions["lesion_id"].str.rsplit("-L", n=1).str[0] == owner).all()
    assert ds.lesions["lesion_id"].str.fullmatch(r"ABL-\d{3}-L[1-3]").all()
    assert (ds.procedures["procedure_id"] == ds.procedures["lesion_id"].str.replace("-L", "-P")).all()
    assert ds.adverse_events["ae_id"].str.fullmatch(r"ABL-\d{3}-AE\d+").all()
    ids = ds.identifiers
    assert ids["hospital_number"].str.fullmatch(r"H\d{7}").all() and ids["hospital_number"].is_unique


def test_patient_id_width_grows_with_the_cohort():
    ds = generate(1000, 3)
    assert ds.patients["patient_id"].iloc[0] == "ABL-0001"
    assert ds.patients["patient_id"].iloc[-1] == "ABL-1000"


def test_invalid_arguments_are_refused():
    with pytest.raises(ValueError, match="n_patients must be between 1"):
        generate(0, 1)
    with pytest.raises(ValueError, match="whole number"):
        generate(2.5, 1)
    with pytest.raises(ValueError, match="seed must be"):
        generate(5, -1)
    with pytest.raises(ValueError, match="before the last procedure"):
        generate(10, 1, cutoff=dt.date(2024, 1, 1))


def test_birth_dates_agree_with_age(cohort_2000):
    ds = cohort_2000
    birth = ds.identifiers.set_index("patient_id")["birth_date"]
    p = ds.patients.set_index("patient_id")
    b, e = birth.reindex(p.index), p["enrolled_on"]
    before_birthday = (e.dt.month < b.dt.month) | ((e.dt.month == b.dt.month) & (e.dt.day < b.dt.day))
    expected = e.dt.year - b.dt.year - before_birthday.astype(int)
    assert (expected == p["age"].astype(int)).all()
    assert p["age"].between(18, 110).all()


def test_identifiers_never_appear_in_the_clinical_tables(tmp_path, cohort_2000):
    ids = cohort_2000.identifiers
    write_dataset(cohort_2000, tmp_path)
    clinical_text = "\n".join((tmp_path / t.filename).read_text() for t in ALL_TABLES if t.name != "identifiers")
    for table in ALL_TABLES:
        if table.name != "identifiers":
            assert not {"name", "hospital_number", "birth_date"} & set(cohort_2000[table.name].columns)
    fields = set(re.split(r"[,\n]", clinical_text))
    assert not fields & set(ids["hospital_number"])
    assert not fields & set(ids["name"])
    surnames = {name.split(" ")[1] for name in ids["name"]}
    assert not any(surname.lower() in clinical_text.lower() for surname in surnames)


def test_lesions_are_consistent_with_their_site_and_scores(cohort_2000):
    les = cohort_2000.lesions
    assert (les["region"] == les["site"].map(region_of_site)).all()
    spinal = les["region"] == "spinal"
    sins_parts = [
        "sins_location",
        "sins_pain",
        "sins_bone_lesion",
        "sins_alignment",
        "sins_collapse",
        "sins_posterolateral",
    ]
    assert (les.loc[spinal, sins_parts].astype(int).sum(axis=1) == les.loc[spinal, "sins_total"]).all()
    assert les.loc[~spinal, [*sins_parts, "sins_total"]].isna().all().all()
    long_bone = les["site"].isin(["femur", "humerus", "tibia"])
    mirels_parts = ["mirels_site", "mirels_pain", "mirels_lesion", "mirels_size"]
    assert (les.loc[long_bone, mirels_parts].astype(int).sum(axis=1) == les.loc[long_bone, "mirels_total"]).all()
    assert les.loc[~long_bone, "mirels_total"].isna().all()
    assert (les.loc[les["site"] == "humerus", "mirels_site"] == 1).all()
    # Lytic lesions score 2 for SINS bone lesion and 3 for Mirels lesion (Fisher 2010, Mirels 1989).
    assert (les.loc[spinal & (les["lesion_type"] == "lytic"), "sins_bone_lesion"] == 2).all()
    assert (les.loc[long_bone & (les["lesion_type"] == "lytic"), "mirels_lesion"] == 3).all()
    # A patient's spinal lesions are distinct levels.
    spinal_sites = les[spinal].groupby("patient_id")["site"]
    assert (spinal_sites.nunique() == spinal_sites.size()).all()


def test_diagnosis_matches_primary_tumour(cohort_2000):
    p = cohort_2000.patients
    assert p.loc[p["diagnosis"] == "benign", "primary_tumour"].isin(BENIGN_LESION.codes).all()
    assert p.loc[p["diagnosis"] == "malignant", "primary_tumour"].isin(MALIGNANT_PRIMARY.codes).all()
    assert p.loc[p["diagnosis"] == "benign", "death_date"].isna().all()
    assert (p.loc[p["primary_tumour"] == "prostate", "sex"] == "M").all()


def test_procedures_one_session_per_patient_and_leakage_coherent(cohort_2000):
    pr = cohort_2000.procedures
    assert (pr.groupby("patient_id")["procedure_date"].nunique() == 1).all()
    assert (pr.groupby("patient_id")["anaesthesia"].nunique() == 1).all()
    assert set(pr["lesion_id"]) == set(cohort_2000.lesions["lesion_id"])
    leak = pr["cement_leakage"].astype(bool)
    assert pr.loc[leak, "leakage_type"].notna().all() and pr.loc[~leak, "leakage_type"].isna().all()
    assert pr.loc[leak, "leakage_symptomatic"].notna().all()
    extraspinal = pr["lesion_id"].map(cohort_2000.lesions.set_index("lesion_id")["region"]) == "extraspinal"
    assert (pr.loc[leak & extraspinal, "leakage_type"] == "C").all()
    assert set(pr["modality"]) == {"rfa", "cryo"}
    # Cryoablation is commoner for extraspinal lesions.
    assert (pr.loc[extraspinal, "modality"] == "cryo").mean() > (pr.loc[~extraspinal, "modality"] == "cryo").mean()


def test_assessment_dates_follow_the_schedule(cohort_2000):
    ds = cohort_2000
    a = ds.assessments.copy()
    day0 = a["patient_id"].map(ds.procedures.groupby("patient_id")["procedure_date"].min())
    day = (a["assessed_on"] - day0).dt.days
    done = a["status"] == "done"
    assert a.loc[done, "assessed_on"].notna().all() and a.loc[~done, "assessed_on"].isna().all()
    baseline = done & (a["timepoint"] == "baseline")
    assert day[baseline].between(-14, 0).all()
    assert (
        day[baseline]
        >= (
            ds.patients.set_index("patient_id")["enrolled_on"].reindex(a.loc[baseline, "patient_id"]).to_numpy()
            - day0[baseline]
        ).dt.days
    ).all()
    assert (day[done & (a["timepoint"] == "post")] == 0).all()
    outside = 0
    for code in ("w1", "m1", "m3"):
        tp = get_timepoint(code)
        rows = done & (a["timepoint"] == code)
        outside += int((~day[rows].between(tp.lower, tp.upper)).sum())
    assert 0 < outside <= 0.02 * done.sum()  # a few, deliberately, for realism
    assert a.loc[done, "vas_worst"].notna().all()
    assert (a.loc[done, "vas_average"] <= a.loc[done, "vas_worst"]).all()
    assert ((a["vas_worst"] * 10).round(6) % 1 == 0).where(a["vas_worst"].notna(), True).all()


def test_nothing_is_recorded_after_death_and_statuses_match_the_end_of_study(cohort_2000):
    ds = cohort_2000
    p = ds.patients.set_index("patient_id")
    a = ds.assessments
    death = a["patient_id"].map(p["death_date"])
    assert not ((a["status"] == "done") & death.notna() & (a["assessed_on"] > death)).any()
    died = p.index[p["end_reason"] == "died"]
    assert len(died) > 0
    assert (p.loc[died, "end_date"] == p.loc[died, "death_date"]).all()
    after = a[a["patient_id"].isin(died) & (a["status"] == "died")]
    assert len(after) > 0
    for table, column in (("imaging", "imaged_on"), ("adverse_events", "onset_date")):
        frame = ds[table]
        assert not (frame[column] > frame["patient_id"].map(p["death_date"])).any()
    withdrew = p.index[p["end_reason"] == "withdrew"]
    assert a[a["patient_id"].isin(withdrew)]["status"].eq("withdrawn").groupby(a["patient_id"]).any().all()
    completed = p.index[p["end_reason"] == "completed"]
    m3 = a[a["timepoint"] == "m3"].set_index("patient_id")
    assert (m3.loc[completed, "status"] == "done").all()
    assert (p.loc[completed, "end_date"] == m3.loc[completed, "assessed_on"]).all()
    lost = p.index[p["end_reason"] == "lost"]
    assert (m3.loc[lost, "status"] == "missed").all()


def test_default_cutoff_leaves_the_last_patients_in_follow_up(cohort_2000):
    ds = cohort_2000
    cutoff = ds.procedures["procedure_date"].max() + pd.Timedelta(days=60)
    a = ds.assessments
    not_due = a[a["status"] == "not_due"]
    assert len(not_due) > 0 and set(not_due["timepoint"]) <= {"w1", "m1", "m3"}
    assert (a["assessed_on"].dropna() <= cutoff).all()
    in_follow_up = ds.patients[ds.patients["end_reason"].isna()]
    assert len(in_follow_up) > 0 and in_follow_up["end_date"].isna().all()
    m3 = a[a["timepoint"] == "m3"].set_index("patient_id")["status"]
    assert (m3.loc[in_follow_up["patient_id"]] == "not_due").all()
    assert ds.patients["end_date"].dropna().le(cutoff).all()


def test_an_early_cutoff_puts_more_patients_in_follow_up():
    default = generate(200, 4)
    last = default.procedures["procedure_date"].max().date()
    early = generate(200, 4, cutoff=last)
    assert early.patients["end_reason"].isna().sum() > default.patients["end_reason"].isna().sum()
    assert (early.assessments["assessed_on"].dropna() <= pd.Timestamp(last)).all()
    validate(early)


def test_analgesics_only_at_done_visits_with_patches_and_parenteral_doses(cohort_2000):
    ds = cohort_2000
    status = ds.assessments.set_index(["patient_id", "timepoint"])["status"]
    keys = pd.MultiIndex.from_frame(ds.analgesics[["patient_id", "timepoint"]])
    assert (status.reindex(keys) == "done").all()
    an = ds.analgesics
    patch = an["unit"] == "mcg/h"
    assert (an.loc[patch, "route"] == "transdermal").all() and (an.loc[patch, "per_day"] == 1).all()
    assert (an["drug"] == "fentanyl").any()
    assert an["route"].isin(["iv", "sc"]).any()
    assert {"paracetamol", "oxycodone", "morphine"} <= set(an["drug"])


@pytest.mark.parametrize("name", ["cohort_40", "cohort_2000"])
def test_every_generated_dose_converts_to_oral_morphine_equivalents(name, request):
    """The demo cohort (40 patients, seed 1) had 16 doses its own analysis could not score."""
    ds = request.getfixturevalue(name)
    converted = mme.convert(ds.analgesics)
    assert converted["convertible"].all(), converted.loc[~converted["convertible"], "reason"].value_counts()
    visits = mme.omed(ds.analgesics, visits=ds.assessments[["patient_id", "timepoint", "status"]])
    assert visits["omed"].notna().all()


def test_qlqc30_has_some_missing_items_and_some_missing_forms(cohort_2000):
    a = cohort_2000.assessments
    items = a.loc[a["status"] == "done", [f"q{i}" for i in range(1, 31)]]
    all_missing = items.isna().all(axis=1)
    assert 0.01 < all_missing.mean() < 0.1
    returned = items[~all_missing]
    assert 0.005 < returned.isna().to_numpy().mean() < 0.05
    assert returned[["q29", "q30"]].stack().between(1, 7).all()
    assert returned[[f"q{i}" for i in range(1, 29)]].stack().between(1, 4).all()
    # Every response category is used.
    assert set(np.unique(returned["q9"].dropna())) == {1, 2, 3, 4}


def test_demo_cohort_has_few_consistency_warnings(cohort_40):
    problems = consistency_problems(cohort_40)
    assert len(problems) <= 6
    assert all("outside its window" in p.message for p in problems)


def test_consistency_warnings_are_only_deliberate_out_of_window_visits(cohort_2000):
    problems = consistency_problems(cohort_2000)
    assert all("outside its window" in p.message for p in problems), [str(p) for p in problems][:5]
    assert len(problems) <= 0.01 * len(cohort_2000.assessments)


@pytest.mark.slow
def test_ten_thousand_patients_are_valid(tmp_path):
    ds = generate(10_000, 2)
    write_dataset(ds, tmp_path)  # validates before writing
    assert ds.patients["patient_id"].iloc[-1] == "ABL-10000"
    assert ds.identifiers["hospital_number"].is_unique
    assert len(ds.assessments) == 50_000


def test_sites_change_only_the_site_and_the_ids(cohort_40):
    """The same seed gives the same clinical data with 1 or 3 sites; IDs start with the site."""
    three = generate(40, 1, sites=3)
    assert set(cohort_40.patients["site"]) == {"ABL"}
    assert list(three.patients["site"].value_counts().sort_index()) == [14, 13, 13]  # ABL, LYO, TOR
    for row in three.patients.itertuples():
        assert row.patient_id.startswith(f"{row.site}-")
    same = ["age", "sex", "ecog", "primary_tumour", "enrolled_on"]
    assert three.patients[same].equals(cohort_40.patients[same])
    assert set(three.lesions["patient_id"]) <= set(three.patients["patient_id"])
