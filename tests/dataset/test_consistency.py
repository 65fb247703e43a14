import pandas as pd

from ablacem.dataset import consistency_problems


def messages(ds):
    return [str(p) for p in consistency_problems(ds)]


def test_hand_built_dataset_is_consistent(small_dataset):
    assert messages(small_dataset) == []


def test_assessment_after_death_and_outside_window(small_dataset):
    ds = small_dataset.copy()
    a = ds.assessments
    a.loc[8, ["status", "assessed_on", "vas_worst"]] = ["done", pd.Timestamp("2025-02-26"), 5.0]
    a.loc[2, "assessed_on"] = pd.Timestamp("2025-01-25")  # day 12, w1 window is 5-10
    out = messages(ds)
    assert "assessments.csv, line 10, column assessed_on: assessment is after the patient's death" in out
    assert "assessments.csv, line 4, column assessed_on: the 1 week visit on 2025-01-25 is outside its window" in out
    assert (
        "assessments.csv, line 10, column assessed_on: the 1 month visit on 2025-02-26 is outside its window" not in out
    )


def test_no_baseline_no_procedure_and_death_before_procedure(small_dataset):
    ds = small_dataset.copy()
    ds.assessments.loc[0, "status"] = "missed"
    ds.patients.loc[1, "death_date"] = pd.Timestamp("2025-01-20")
    ds.tables["procedures"] = ds.procedures[ds.procedures.patient_id == "ABL-002"].reset_index(drop=True)
    out = messages(ds)
    assert "patients.csv, line 2, column patient_id: patient ABL-001 has no procedure" in out
    assert "patients.csv, line 3, column death_date: death date is before the procedure" in out
    assert (
        "assessments.csv, line 3, column timepoint: "
        "the post-procedure visit was done but patient ABL-001 has no baseline" in out
    )


def test_leakage_region_and_scores(small_dataset):
    ds = small_dataset.copy()
    ds.procedures.loc[0, "leakage_type"] = None
    ds.lesions.loc[1, "region"] = "spinal"
    ds.lesions.loc[0, "sins_total"] = 11
    out = messages(ds)
    assert "procedures.csv, line 2, column leakage_type: leakage recorded without its type" in out
    assert "lesions.csv, line 3, column region: site Acetabulum is not spinal" in out
    assert "lesions.csv, line 2, column sins_total: SINS total is not the sum of its components" in out


def test_diagnosis_and_analgesic_at_visit_not_done(small_dataset):
    ds = small_dataset.copy()
    ds.patients.loc[0, "primary_tumour"] = "osteoid_osteoma"
    ds.tables["analgesics"] = pd.concat(
        [ds.analgesics, ds.analgesics.iloc[[0]].assign(timepoint="m1", patient_id="ABL-002")], ignore_index=True
    )
    out = messages(ds)
    assert (
        "patients.csv, line 2, column primary_tumour: "
        "Osteoid osteoma is a benign lesion type, but the diagnosis is malignant" in out
    )
    assert (
        "analgesics.csv, line 5, column timepoint: "
        "analgesic recorded for ABL-002 at the 1 month visit, which was not done" in out
    )


def test_a_mistyped_year_before_2000_is_flagged(small_dataset):
    # protocol.ranges.EARLIEST_DATE is 2000-01-01; 1925 for 2025 is the classic typo.
    ds = small_dataset.copy()
    ds.adverse_events.loc[0, "onset_date"] = pd.Timestamp("1925-01-13")
    ds.imaging.loc[0, "imaged_on"] = pd.Timestamp("2000-01-01")  # the earliest date itself is fine
    out = messages(ds)
    assert "adverse_events.csv, line 2, column onset_date: 1925-01-13 is before 2000-01-01: check the year" in out
    assert not any("imaging.csv" in m and "check the year" in m for m in out)


def test_average_pain_above_worst_pain_is_flagged(small_dataset):
    ds = small_dataset.copy()
    ds.assessments.loc[1, "vas_average"] = 7.0  # worst pain at that visit is 6.5
    ds.assessments.loc[2, "vas_average"] = 4.0  # equal to the worst pain: fine
    out = messages(ds)
    assert "assessments.csv, line 3, column vas_average: average pain 7 is above worst pain 6.5" in out
    assert not any("line 4, column vas_average" in m for m in out)


def test_symptomatic_leakage_without_leakage_is_flagged(small_dataset):
    ds = small_dataset.copy()
    ds.procedures.loc[1, "leakage_symptomatic"] = True  # cement_leakage is false on that row
    assert "procedures.csv, line 3, column leakage_symptomatic: symptomatic leakage recorded but no leakage" in (
        messages(ds)
    )


def test_imaging_and_adverse_events_outside_the_patients_time_are_flagged(small_dataset):
    ds = small_dataset.copy()
    # ABL-002 had the procedure on 2025-01-27 and died on 2025-02-20.
    ds.tables["imaging"] = pd.concat(
        [ds.imaging, ds.imaging.iloc[[2]].assign(timepoint="m3", imaged_on=pd.Timestamp("2025-04-20"))],
        ignore_index=True,
    )
    ds.tables["adverse_events"] = pd.concat(
        [
            ds.adverse_events,
            ds.adverse_events.assign(
                ae_id=["ABL-002-AE1"],
                patient_id="ABL-002",
                lesion_id="ABL-002-L1",
                onset_date=pd.Timestamp("2025-02-21"),
            ),
            ds.adverse_events.assign(ae_id=["ABL-001-AE2"], onset_date=pd.Timestamp("2025-01-12")),
        ],
        ignore_index=True,
    )
    out = messages(ds)
    assert "imaging.csv, line 5, column imaged_on: imaging date is after the patient's death" in out
    assert "adverse_events.csv, line 3, column onset_date: onset is after the patient's death" in out
    assert "adverse_events.csv, line 4, column onset_date: onset is before the procedure" in out
    assert len(out) == 3


def test_values_at_a_visit_that_was_not_done_are_flagged(small_dataset):
    ds = small_dataset.copy()
    ds.assessments.loc[8, "q29"] = 3  # ABL-002 m1 has status 'died'
    out = messages(ds)
    assert (
        "assessments.csv, line 10, column status: "
        "the 1 month visit is 'Not done: patient died' but carries pain or QLQ-C30 values" in out
    )
    assert len(out) == 1


def test_score_components_must_follow_from_the_site_and_lesion_type(small_dataset):
    ds = small_dataset.copy()
    # ABL-001-L1 was L2 (mobile spine, 2 points) and lytic (2 points); moved to L1, which is junctional (3 points).
    ds.lesions.loc[0, "site"] = "L1"
    ds.lesions.loc[0, "lesion_type"] = "blastic"  # SINS bone lesion 0 points, not the 2 recorded
    ds.lesions.loc[0, "sins_bone_lesion"] = 2
    out = messages(ds)
    assert (
        "lesions.csv, line 2, column sins_location: L1 is junctional (occiput-C2, C7-T2, T11-L1, L5-S1) for the SINS "
        "location, not mobile spine (C3-C6, L2-L4)" in out
    )
    assert (
        "lesions.csv, line 2, column sins_bone_lesion: the lesion is blastic, but its SINS bone lesion is scored lytic"
        in out
    )
    assert len(out) == 2


def test_problems_other_layers_act_on_carry_a_stable_kind(small_dataset):
    from ablacem.dataset.consistency import NO_PROCEDURE, OUTSIDE_WINDOW

    ds = small_dataset.copy()
    ds.assessments.loc[2, "assessed_on"] = pd.Timestamp("2025-01-25")  # w1 on day 12
    ds.tables["procedures"] = ds.procedures[ds.procedures.patient_id == "ABL-001"].reset_index(drop=True)
    kinds = {(p.file, p.row): p.kind for p in consistency_problems(ds)}
    assert kinds[("assessments.csv", 4)] == OUTSIDE_WINDOW
    assert kinds[("patients.csv", 3)] == NO_PROCEDURE


def test_age_at_enrolment_must_match_the_date_of_birth(small_dataset):
    ds = small_dataset.copy()
    ds.patients.loc[0, "age"] = 50  # born 1957-05-01, enrolled 2025-01-06: 67
    out = messages(ds)
    assert out == [
        "patients.csv, line 2, column age: Age at enrolment 50 does not match the date of birth: "
        "the patient was 67 on the date of consent"
    ]


def test_unanswered_items_need_a_reason_and_a_reason_needs_unanswered_items(small_dataset):
    ds = small_dataset.copy()
    a = ds.assessments
    a.loc[0, "q7"] = pd.NA  # ABL-001 baseline
    a.loc[1, "qlqc30_missing_reason"] = "declined"  # ABL-001 post: all 30 answered
    a.loc[2, ["q3", "q4"]] = pd.NA
    a.loc[2, "qlqc30_missing_reason"] = "too_unwell"  # explained: fine
    out = messages(ds)
    assert out == [
        "assessments.csv, line 2, column qlqc30_missing_reason: QLQ-C30 item 7 is unanswered: answer them, "
        "or mark the questionnaire partially completed and say why",
        "assessments.csv, line 3, column qlqc30_missing_reason: every QLQ-C30 item is answered: "
        "remove the reason for unanswered items",
    ]


def test_symptomatic_leak_events_and_the_procedure_agree(small_dataset):
    ds = small_dataset.copy()
    # ABL-001-L1 leaked, not symptomatic; an event says the leak was symptomatic.
    ds.adverse_events.loc[0, ["term", "related_to"]] = ["cement_leak_symptomatic", "cement"]
    out = messages(ds)
    assert out == [
        "adverse_events.csv, line 2, column term: adverse event ABL-001-AE1 is a 'Symptomatic cement leakage', "
        "but the procedure records no symptomatic leakage at lesion ABL-001-L1: correct the procedure or the event"
    ]
    # The reverse: the procedure says symptomatic, no such event.
    ds = small_dataset.copy()
    ds.procedures.loc[0, "leakage_symptomatic"] = True
    assert messages(ds) == [
        "procedures.csv, line 2, column leakage_symptomatic: a symptomatic leakage at lesion ABL-001-L1 needs an "
        "adverse event 'Symptomatic cement leakage': record it"
    ]


def test_seriousness_matches_the_cirse_grade_and_its_criteria(small_dataset):
    ds = small_dataset.copy()
    ds.adverse_events.loc[0, "cirse_grade"] = 6  # death, not marked serious
    out = messages(ds)
    assert "adverse_events.csv, line 2, column serious: a death event is a serious adverse event" in out
    ds.adverse_events.loc[0, "serious"] = True
    out = messages(ds)
    assert "adverse_events.csv, line 2, column serious: a serious adverse event needs its seriousness criteria" in out
    ds.adverse_events.loc[0, "serious_death"] = True
    out = messages(ds)
    assert not any("serious" in m for m in out)
    # The outcome was left 'resolved': a grade 6 event is fatal (checked at save too).
    assert out == ["adverse_events.csv, line 2, column outcome: a CIRSE grade 6 event is fatal: its outcome is 'Fatal'"]
    ds.adverse_events.loc[0, "outcome"] = "fatal"
    assert messages(ds) == []


def test_an_events_course_is_ongoing_or_resolved_not_before_onset(small_dataset):
    ds = small_dataset.copy()
    ae = ds.adverse_events
    onset = ae.loc[0, "onset_date"]
    ae.loc[0, ["ongoing", "resolution_date", "outcome"]] = [True, onset + pd.Timedelta(days=3), "resolved"]
    out = messages(ds)
    assert "adverse_events.csv, line 2, column resolution_date: an ongoing event has no resolution date" in out
    assert any("column outcome: an event whose outcome is 'resolved' is not ongoing" in m for m in out)
    ae.loc[0, ["ongoing", "resolution_date"]] = [False, onset - pd.Timedelta(days=1)]
    assert messages(ds) == ["adverse_events.csv, line 2, column resolution_date: resolution is before the onset"]
    ae.loc[0, ["resolution_date", "aware_date"]] = [pd.NaT, onset - pd.Timedelta(days=2)]
    assert messages(ds) == [
        "adverse_events.csv, line 2, column resolution_date: give the resolution date, or mark the event ongoing",
        "adverse_events.csv, line 2, column aware_date: staff cannot become aware before the onset",
    ]
    ae.loc[0, ["resolution_date", "aware_date"]] = [onset + pd.Timedelta(days=3), onset]
    assert messages(ds) == []
