"""The safety section's causality/seriousness/expectedness/outcome counts and SAE clock, by hand.

The tiny cohort (``tests/analysis/conftest.py``) with its two events replaced by five,
every count below worked out from this table by hand. Treated patients: P01, P02, P03, P05
(P04 never treated, so its event E5 is left out of the profile, but it is an SAE and is
listed with the clock).

| event | patient | serious (criteria) | procedure | ablation | cement | expectedness | outcome | ack h |
|---|---|---|---|---|---|---|---|---|
| E1 | P01 | no | probable | probable | not_related | expected | resolved | - |
| E2 | P02 | yes (hospitalisation) | causal | unlikely | causal | unexpected | resolving | 3.5 |
| E3 | P03 | yes (hospitalisation, disability) | possible | possible | unlikely | expected | resolved_sequelae | 30.0 |
| E4 | P05 | no | (blank) | (blank) | (blank) | (blank) | (blank) | - |
| E5 | P04 | yes (important_event) | unlikely | not_related | not_related | expected | ongoing | (not yet) |
"""

from __future__ import annotations

import pandas as pd

from ablacem.analysis.derive import derive
from ablacem.analysis.tables.safety import sae_acknowledgement, safety_profile
from ablacem.dataset import conform
from tests.analysis.conftest import DAY0, build_tiny

COLUMNS = [
    "ae_id",
    "patient_id",
    "onset_date",
    "term",
    "cirse_grade",
    "serious",
    "serious_hospitalisation",
    "serious_disability",
    "serious_important_event",
    "related_to",
    "relation_procedure",
    "relation_ablation",
    "relation_cement",
    "expectedness",
    "outcome",
    "ongoing",
    "resolution_date",
    "aware_date",
    "ack_hours",
]
D0 = pd.Timestamp(DAY0)
ROWS = [
    ("E1", "P01", D0, "pain_flare", 1, False, False, False, False, "ablation", "probable", "probable",
     "not_related", "expected", "resolved", False, D0 + pd.Timedelta(days=3), D0, None),
    ("E2", "P02", D0, "cement_embolism", 3, True, True, False, False, "cement", "causal", "unlikely",
     "causal", "unexpected", "resolving", True, None, D0, 3.5),
    ("E3", "P03", D0, "nerve_injury", 4, True, True, True, False, "ablation", "possible", "possible",
     "unlikely", "expected", "resolved_sequelae", False, D0 + pd.Timedelta(days=40), D0, 30.0),
    ("E4", "P05", D0, "haematoma", 1, False, False, False, False, "ablation", None, None, None, None, None,
     None, None, None, None),
    ("E5", "P04", D0, "other", 3, True, False, False, True, "other", "unlikely", "not_related", "not_related",
     "expected", "ongoing", True, None, D0, None),
]  # fmt: skip


def _derived():
    ds = build_tiny()
    ds["adverse_events"] = pd.DataFrame(ROWS, columns=COLUMNS)
    return derive(conform(ds))


def test_causality_counts_by_hand():
    profile = safety_profile(_derived())
    assert profile["events"] == 4  # E5 belongs to the untreated P04
    procedure = profile["causality"]["relation_procedure"]
    assert procedure == {
        "not_related": 0,
        "unlikely": 0,
        "possible": 1,
        "probable": 1,
        "causal": 1,
        "not_recorded": 1,
        "related": 3,
    }
    assert profile["causality"]["relation_ablation"]["related"] == 2  # E1 probable, E3 possible
    assert profile["causality"]["relation_cement"]["related"] == 1  # E2 causal
    assert profile["causality"]["relation_cement"]["not_related"] == 1  # E1


def test_seriousness_expectedness_outcome_by_hand():
    profile = safety_profile(_derived())
    assert profile["serious"]["yes"] == 2 and profile["serious"]["no"] == 2
    assert profile["serious"]["criteria"]["hospitalisation"] == 2
    assert profile["serious"]["criteria"]["disability"] == 1
    assert profile["serious"]["criteria"]["important_event"] == 0  # E5 is not among the treated
    assert profile["expectedness"] == {"expected": 2, "unexpected": 1, "not_recorded": 1}
    assert profile["serious_unexpected"] == 1  # E2
    assert profile["outcome"]["resolved"] == 1 and profile["outcome"]["resolving"] == 1
    assert profile["outcome"]["resolved_sequelae"] == 1 and profile["outcome"]["not_recorded"] == 1


def test_time_to_acknowledgement_per_sae():
    ack = sae_acknowledgement(_derived())
    assert [(e["ae_id"], e["ack_hours"], e["within"]) for e in ack["events"]] == [
        ("E2", 3.5, True),
        ("E3", 30.0, False),
        ("E5", None, None),
    ]
    assert (ack["serious_events"], ack["acknowledged"], ack["within"]) == (3, 2, 1)


def test_the_report_prints_the_safety_tables(tiny_analysis):
    ids = {t.id for t in tiny_analysis.tables_}
    assert {"safety_profile", "sae_acknowledgement"} <= ids
    ack = next(t for t in tiny_analysis.tables_ if t.id == "sae_acknowledgement")
    # The tiny cohort's only SAE (A2, P03) has no acknowledgement recorded.
    assert list(ack.frame["Serious adverse event"]) == ["A2"]
    assert list(ack.frame["Within 24 h"]) == ["not acknowledged"]
