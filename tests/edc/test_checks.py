"""Edit checks: pure functions, hand-picked boundary values from ablacem.protocol."""

import datetime as dt

from ablacem.edc import checks
from ablacem.protocol import ranges as rg

DAY0 = dt.date(2025, 3, 10)
#: Every QLQ-C30 item answered (a complete visit answers all 30, or says why not).
ITEMS = {f"q{i}": 2 for i in range(1, 31)}


def patient(**kw):
    data = {
        "eligibility_confirmed": True,
        "enrolled_on": dt.date(2025, 3, 1),
        "age": 60,
        "sex": "M",
        "ecog": 1,
        "diagnosis": "malignant",
        "primary_tumour": "lung",
    }
    data.update(kw)
    return data


def test_a_valid_patient_passes():
    assert checks.check_patient(patient(), today=dt.date(2025, 3, 1)) == {}


def test_patient_field_rules():
    errors = checks.check_patient(
        patient(eligibility_confirmed=False, age=17, sex="X", ecog=5, primary_tumour="osteoid_osteoma"),
        today=dt.date(2025, 3, 1),
    )
    assert set(errors) == {"eligibility_confirmed", "age", "sex", "ecog", "primary_tumour"}
    assert errors["age"] == ["age must be between 18 and 110 years"]
    assert errors["primary_tumour"] == ["Osteoid osteoma is a benign lesion type, but the diagnosis is malignant"]


def test_patient_required_and_future_date():
    errors = checks.check_patient(patient(age=None, enrolled_on=dt.date(2025, 3, 2)), today=dt.date(2025, 3, 1))
    assert errors == {"age": ["a value is required"], "enrolled_on": [rg.ENROLMENT_DATE.message]}


def test_vas_range_and_one_decimal():
    base = {"assessed_on": DAY0, "vas_worst": 10.0, **ITEMS}
    assert checks.check_assessment(base, timepoint="post", procedure_date=DAY0) == {}
    errors = checks.check_assessment(
        {**base, "vas_worst": 10.1, "vas_average": 2.25}, timepoint="post", procedure_date=DAY0
    )
    assert errors["vas_worst"] == ["VAS pain must be between 0 and 10"]
    assert errors["vas_average"] == ["VAS pain allows at most 1 decimal(s)"]


def test_qlq_items_1_to_4_and_29_30_up_to_7():
    data = {"assessed_on": DAY0, "vas_worst": 3.0, **ITEMS, "q28": 4, "q29": 7, "q30": 1}
    assert checks.check_assessment(data, timepoint="post", procedure_date=DAY0) == {}
    errors = checks.check_assessment({**data, "q1": 5, "q30": 8, "q2": 0}, timepoint="post", procedure_date=DAY0)
    assert set(errors) == {"q1", "q2", "q30"}


def test_follow_up_outside_its_window_needs_a_reason():
    # w1 window is day 5 to day 10 (ablacem.protocol.timepoints): day 11 is outside.
    late = {"assessed_on": DAY0 + dt.timedelta(days=11), "vas_worst": 3.0, **ITEMS}
    errors = checks.check_assessment(late, timepoint="w1", procedure_date=DAY0)
    assert list(errors) == ["out_of_window_reason"]
    assert "2025-03-15 to 2025-03-20" in errors["out_of_window_reason"][0]
    assert (
        checks.check_assessment(
            {**late, "out_of_window_reason": "patient in hospital"}, timepoint="w1", procedure_date=DAY0
        )
        == {}
    )
    on_edge = {"assessed_on": DAY0 + dt.timedelta(days=10), "vas_worst": 3.0, **ITEMS}
    assert checks.check_assessment(on_edge, timepoint="w1", procedure_date=DAY0) == {}


def test_no_assessment_after_death_and_no_follow_up_before_the_procedure():
    data = {"assessed_on": DAY0 + dt.timedelta(days=7), "vas_worst": 3.0, **ITEMS}
    errors = checks.check_assessment(data, timepoint="w1", procedure_date=DAY0, death_date=DAY0 + dt.timedelta(days=6))
    assert errors == {"assessed_on": ["assessment after the patient's death (2025-03-16)"]}
    errors = checks.check_assessment(data, timepoint="w1", procedure_date=None)
    assert errors == {"assessed_on": ["record the procedure before its follow-up visits"]}


def test_incomplete_form_does_not_need_worst_pain():
    data = {"assessed_on": DAY0, **ITEMS}
    assert checks.check_assessment(data, timepoint="post", procedure_date=DAY0, complete=False) == {}
    assert checks.check_assessment(data, timepoint="post", procedure_date=DAY0) == {
        "vas_worst": ["a value is required"]
    }


def treated(**kw):
    data = {"lesion": object(), "modality": "rfa", "cement_ml": 4.0, "cement_leakage": False, "technical_success": True}
    data.update(kw)
    return data


def test_cement_range_and_plausibility():
    assert checks.check_treated_lesion(treated(cement_ml=30.0)) == {}
    assert "confirm the volume" in checks.check_treated_lesion(treated(cement_ml=30.1))["cement_ml"][0]
    assert checks.check_treated_lesion(treated(cement_ml=30.1), confirmed={"cement_ml"}) == {}
    assert checks.check_treated_lesion(treated(cement_ml=50.5), confirmed={"cement_ml"}) == {
        "cement_ml": ["cement volume must be between 0 and 50 mL"]
    }


def test_leakage_type_only_with_leakage():
    assert checks.check_treated_lesion(treated(leakage_type="B")) == {
        "leakage_type": ["leakage type given but no leakage recorded"]
    }
    assert checks.check_treated_lesion(treated(cement_leakage=True)) == {
        "leakage_type": ["give the type of the leakage"]
    }
    assert checks.check_treated_lesion(treated(cement_leakage=True, leakage_type="S", leakage_symptomatic=False)) == {}


def test_lesion_scores_belong_to_their_region():
    assert checks.check_lesion({"site": "L2", "lesion_type": "lytic", "sins_pain": 3}) == {}
    errors = checks.check_lesion({"site": "femur", "lesion_type": "lytic", "sins_pain": 3, "mirels_site": 4})
    assert errors == {"mirels_site": ["4 is not one of 1, 2, 3"], "sins_pain": ["SINS applies to spinal lesions only"]}


def test_imaging_date_after_procedure():
    ok = {"timepoint": "post", "imaged_on": DAY0, "local_status": "controlled"}
    assert checks.check_imaging(ok, procedure_date=DAY0) == {}
    early = {**ok, "imaged_on": DAY0 - dt.timedelta(days=1)}
    assert checks.check_imaging(early, procedure_date=DAY0) == {
        "imaged_on": ["imaging is before the procedure (2025-03-10)"]
    }
    assert "timepoint" in checks.check_imaging({**ok, "timepoint": "w1"}, procedure_date=DAY0)


def test_death_date_not_before_procedure_nor_before_a_recorded_visit():
    data = {"end_reason": "died", "end_date": DAY0 - dt.timedelta(days=1), "death_date": DAY0 - dt.timedelta(days=1)}
    assert checks.check_end_of_study(data, procedure_date=DAY0) == {
        "death_date": ["death date is before the procedure"]
    }
    data = {"end_reason": "died", "end_date": DAY0 + dt.timedelta(days=20), "death_date": DAY0 + dt.timedelta(days=20)}
    errors = checks.check_end_of_study(data, procedure_date=DAY0, last_visit_date=DAY0 + dt.timedelta(days=30))
    assert errors == {"death_date": ["a visit was recorded after this date (2025-04-09)"]}
    assert checks.check_end_of_study({"end_reason": "died", "end_date": DAY0}, procedure_date=DAY0) == {
        "death_date": ["give the date of death"]
    }
    assert "death_date" in checks.check_end_of_study(
        {"end_reason": "withdrew", "end_date": DAY0, "death_date": DAY0}, procedure_date=DAY0
    )


def test_analgesic_row():
    ok = {"drug": "morphine", "route": "oral", "dose": 10, "unit": "mg", "per_day": 2}
    assert checks.check_analgesic(ok) == {}
    assert set(checks.check_analgesic({**ok, "drug": "aspirin", "dose": 0, "per_day": None})) == {
        "drug",
        "dose",
        "per_day",
    }


def test_adverse_event_grade_six_is_fatal():
    data = {
        "onset_date": DAY0,
        "term": "death",
        "cirse_grade": 6,
        "serious": True,
        "serious_criteria": ["death"],
        "related_to": "other",
        "outcome": "resolved",
    }
    assert checks.check_adverse_event(data) == {"outcome": ["a CIRSE grade 6 event is fatal: its outcome is 'Fatal'"]}
    assert checks.check_adverse_event({**data, "outcome": "fatal"}) == {}
    assert checks.check_adverse_event({**data, "cirse_grade": 7, "outcome": ""}) == {
        "cirse_grade": ["7 is not one of 1, 2, 3, 4, 5, 6"]
    }


def test_not_done_died_or_withdrawn_must_match_the_end_of_study():
    # Windows for day 0 2025-03-10: w1 2025-03-15 to 2025-03-20, m1 2025-04-02 to 2025-04-19.
    day0 = dt.date(2025, 3, 10)
    died = {"status": "died", "not_done_reason": "died at home"}
    in_follow_up = checks.check_not_done(died, timepoint="m1", procedure_date=day0, end_reason="", end_date=None)
    assert in_follow_up == {
        "status": [
            "'Not done: patient died' needs the death recorded at the end of study first; "
            "otherwise the visit was missed"
        ]
    }
    death = dt.date(2025, 4, 5)  # inside the 1-month window: too late for 'died' on the 1-week visit
    kwargs = {"procedure_date": day0, "end_reason": "died", "end_date": death, "death_date": death}
    assert checks.check_not_done(died, timepoint="m1", **kwargs) == {}
    assert checks.check_not_done(died, timepoint="w1", **kwargs) == {
        "status": ["the death (2025-04-05) came after this visit's window closed (2025-03-20): the visit was missed"]
    }
    withdrawn = {"status": "withdrawn", "not_done_reason": "consent withdrawn"}
    assert "status" in checks.check_not_done(
        withdrawn, timepoint="m1", procedure_date=day0, end_reason="died", end_date=death
    )
    assert (
        checks.check_not_done(withdrawn, timepoint="m1", procedure_date=day0, end_reason="withdrew", end_date=death)
        == {}
    )
    missed = {"status": "missed", "not_done_reason": "no answer"}
    assert checks.check_not_done(missed, timepoint="w1", **kwargs) == {}
    assert checks.check_not_done(died) == {}  # without the end of study, only the field checks


def test_birth_and_enrolment_dates_follow_the_protocol_rule_without_echoing_the_value():
    today = dt.date(2025, 3, 1)
    for birth in (dt.date(1066, 5, 12), dt.date(1899, 12, 31), dt.date(2025, 3, 2)):
        errors = checks.check_identity({"birth_date": birth}, today=today)
        assert errors == {"birth_date": ["Date of birth must be between 1900-01-01 and today (check the year)"]}
        assert str(birth.year) not in errors["birth_date"][0]
    assert checks.check_identity({"birth_date": dt.date(1948, 2, 29)}, today=today) == {}
    errors = checks.check_patient(patient(enrolled_on=dt.date(1, 1, 1)), today=today)
    assert errors["enrolled_on"] == ["Date of enrolment must be between 2000-01-01 and today (check the year)"]
