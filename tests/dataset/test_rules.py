"""The cross-form rules, each checked on hand-picked values (the EDC and the dataset run these)."""

import datetime as dt

import pandas as pd

from ablacem.dataset import rules
from ablacem.dataset.rules import Leakage


def test_completed_years_counts_the_birthday_from_its_own_day():
    assert rules.completed_years(dt.date(1960, 5, 12), dt.date(2025, 5, 11)) == 64
    assert rules.completed_years(dt.date(1960, 5, 12), dt.date(2025, 5, 12)) == 65
    assert rules.completed_years(dt.date(1960, 2, 29), dt.date(2025, 2, 28)) == 64


def test_age_must_match_the_date_of_birth_and_the_message_hides_the_date():
    # Issue 8: age 50 with a birth date in 1960 was accepted.
    found = rules.age_at_enrolment(age=50, birth_date=dt.date(1960, 6, 1), enrolled_on=dt.date(2025, 3, 1))
    assert [(f.field, f.soft) for f in found] == [("age", False)]
    assert found[0].message == (
        "Age at enrolment 50 does not match the date of birth: the patient was 64 on the date of consent"
    )
    assert "1960" not in found[0].message
    assert rules.age_at_enrolment(age=64, birth_date=dt.date(1960, 6, 1), enrolled_on=dt.date(2025, 3, 1)) == []
    # Pandas values (the dataset) give the same answer; unknown values say nothing.
    assert rules.age_at_enrolment(age=50, birth_date=pd.Timestamp("1960-06-01"), enrolled_on=pd.Timestamp("2025-03-01"))
    assert rules.age_at_enrolment(age=50, birth_date=pd.NaT, enrolled_on=dt.date(2025, 3, 1)) == []
    assert rules.age_at_enrolment(age=None, birth_date=dt.date(1960, 6, 1), enrolled_on=dt.date(2025, 3, 1)) == []


def test_primary_tumour_and_diagnosis_are_named_by_their_labels():
    found = rules.primary_matches_diagnosis(diagnosis="benign", primary_tumour="breast")
    assert found[0].message == "Breast is a malignant primary, but the diagnosis is benign"
    assert rules.primary_matches_diagnosis(diagnosis="malignant", primary_tumour="breast") == []


ALL = {f"q{i}": 2 for i in range(1, 31)}


def test_a_complete_visit_answers_every_item_or_says_why():
    assert rules.qlqc30_completeness(ALL, missing_reason=None) == []
    none = rules.qlqc30_completeness({}, missing_reason="")
    assert none[0].field == "qlqc30_missing_reason"
    assert none[0].message.startswith("none of the 30 QLQ-C30 items is answered")
    two = rules.qlqc30_completeness({**ALL, "q3": None, "q29": pd.NA}, missing_reason=None)
    assert two[0].message.startswith("QLQ-C30 items 3, 29 are unanswered")
    assert rules.qlqc30_completeness({**ALL, "q3": None}, missing_reason="declined") == []
    extra = rules.qlqc30_completeness(ALL, missing_reason="declined")
    assert extra[0].message == "every QLQ-C30 item is answered: remove the reason for unanswered items"


def test_sins_components_that_contradict_the_level_or_type_are_soft_findings_in_words():
    # Issue 8: an L2 lesion scored "semi-rigid", a lytic lesion scored "blastic" (Fisher 2010).
    found = rules.sins_matches_lesion(site="L2", lesion_type="lytic", sins_location=1, sins_bone_lesion=0)
    assert [(f.field, f.soft) for f in found] == [("sins_location", True), ("sins_bone_lesion", True)]
    assert found[0].message == "L2 is mobile spine (C3-C6, L2-L4) for the SINS location, not semi-rigid (T3-T10)"
    assert found[1].message == "the lesion is lytic, but its SINS bone lesion is scored blastic"
    assert rules.sins_matches_lesion(site="L2", lesion_type="lytic", sins_location=2, sins_bone_lesion=2) == []
    assert rules.sins_matches_lesion(site="femur", lesion_type="lytic", sins_location=None) == []
    # A value that is not a score (refused by the code-list check) is left to that check.
    assert rules.sins_matches_lesion(site="L2", lesion_type="lytic", sins_location="x") == []
    mirels = rules.mirels_matches_lesion(lesion_type="blastic", mirels_lesion=3)
    assert mirels[0].message == "the lesion is blastic, but its Mirels lesion is scored lytic"


def test_a_symptomatic_leak_event_needs_the_procedure_to_say_so_and_the_reverse():
    quiet = [Leakage("ABL-001-L1", True, False), Leakage("ABL-001-L2", False, None)]
    found = rules.leak_event_matches_procedure(
        term="cement_leak_symptomatic", lesion_id="ABL-001-L1", treated=quiet, ae_id="ABL-001-AE1"
    )
    assert found[0].field == "term" and not found[0].soft
    assert found[0].message == (
        "adverse event ABL-001-AE1 is a 'Symptomatic cement leakage', but the procedure records no symptomatic "
        "leakage at lesion ABL-001-L1: correct the procedure or the event"
    )
    # Not lesion-specific: refused only when no treated lesion had a symptomatic leak.
    assert rules.leak_event_matches_procedure(term="cement_leak_symptomatic", lesion_id=None, treated=quiet)
    loud = [Leakage("ABL-001-L1", True, True)]
    assert rules.leak_event_matches_procedure(term="cement_leak_symptomatic", lesion_id=None, treated=loud) == []
    # Unknown symptoms, another term, or no procedure yet: nothing to say.
    unknown = [Leakage("ABL-001-L1", True, None)]
    assert rules.leak_event_matches_procedure(term="cement_leak_symptomatic", lesion_id=None, treated=unknown) == []
    assert rules.leak_event_matches_procedure(term="haematoma", lesion_id=None, treated=quiet) == []
    assert rules.leak_event_matches_procedure(term="cement_leak_symptomatic", lesion_id=None, treated=[]) == []
    # The reverse: a symptomatic leak without its event asks for it (soft at the procedure's save).
    missing = rules.leak_has_event(loud[0], [])
    assert [(f.field, f.soft, f.kind) for f in missing] == [("leakage_symptomatic", True, "leak_without_event")]
    assert rules.leak_has_event(loud[0], ["ABL-001-L1"]) == []
    assert rules.leak_has_event(loud[0], [None]) == []
    assert rules.leak_has_event(loud[0], ["ABL-001-L2"])


def test_seriousness_follows_the_cirse_grade_and_names_its_ich_e2a_criteria():
    def fields(**kw):
        return [(f.field, f.message) for f in rules.seriousness(**kw)]

    # Issue 8: a CIRSE grade 6 (death) event not marked serious.
    assert fields(cirse_grade=6, serious=False, criteria=[]) == [
        ("serious", "a death event is a serious adverse event")
    ]
    assert fields(cirse_grade=3, serious=False, criteria=[]) == [
        ("serious", "a CIRSE grade 3 event is a serious adverse event")
    ]
    assert fields(cirse_grade=3, serious=True, criteria=[]) == [
        ("serious_criteria", "a serious adverse event needs its seriousness criteria")
    ]
    assert fields(cirse_grade=1, serious=False, criteria=["hospitalisation"]) == [
        ("serious_criteria", "seriousness criteria are given but the event is not marked serious")
    ]
    assert fields(cirse_grade=6, serious=True, criteria=["hospitalisation"]) == [
        ("serious_criteria", "a CIRSE grade 6 event is a death: tick 'Results in death'")
    ]
    assert fields(cirse_grade=6, serious=True, criteria=["death"]) == []
    assert fields(cirse_grade=6, serious=True, criteria=["death"], outcome="resolved") == [
        ("outcome", "a CIRSE grade 6 event is fatal: its outcome is 'Fatal'")
    ]
    assert fields(cirse_grade=2, serious=False, criteria=[]) == []
    assert fields(cirse_grade=2, serious=True, criteria=["important_event"]) == []
