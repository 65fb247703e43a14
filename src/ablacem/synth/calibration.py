"""Calibration targets of the synthetic cohort, in one place.

The figures are ranges reported by published cohorts of percutaneous ablation with
cementoplasty (as restated in ``clinical-definitions.md`` section 7):

- Levy J et al. OPuS One: prospective multicentre study of radiofrequency ablation of spinal
  metastases. J Vasc Interv Radiol 2020;31:1745-1752, and its 12-month follow-up, Cardiovasc
  Intervent Radiol 2023 (worst pain 7.5-8.2 at baseline, ~4.4 at 1 week, 3.0-3.5 at 1 month,
  2.5-3.2 at 3 months; SD widening to ~3).
- Yildizhan S et al. 2021 (worst pain 7.44 -> 2.94 at 1 month -> 2.44 at 3 months).
- Technical success 99-100%, cement leakage ~6% (mostly asymptomatic), complications 3-9%
  with major ones rare, deaths 10-15% by 3 months, local control 85-95% at 3 months;
  primary tumours lung 24-28%, breast 22-25%, renal ~10%; 85-90% spinal lesions.

Weights are relative (they need not sum to 1). Everything else the generator invents
(probe counts, cement volumes, analgesic regimens) is a plausible clinical choice, not a
published figure, and is kept next to the code that uses it.
"""

from __future__ import annotations

from ablacem.protocol.timepoints import MONTH_1, MONTH_3, POST, WEEK_1

#: Share of patients with a benign lesion (aggressive haemangioma and the like).
BENIGN_SHARE = 0.10

#: Relative frequency of malignant primaries (lung ~27%, breast ~25%, renal ~11% of malignant).
MALIGNANT_WEIGHTS: dict[str, float] = {
    "lung": 27,
    "breast": 25,
    "renal": 11,
    "prostate": 8,
    "myeloma": 8,
    "thyroid": 4,
    "colorectal": 4,
    "hepatocellular": 3,
    "melanoma": 2,
    "sarcoma": 2,
    "unknown_primary": 3,
    "other_malignant": 3,
}

BENIGN_WEIGHTS: dict[str, float] = {
    "aggressive_haemangioma": 50,
    "giant_cell_tumour": 15,
    "aneurysmal_bone_cyst": 10,
    "osteoid_osteoma": 10,
    "fibrous_dysplasia": 5,
    "other_benign": 10,
}

#: Share of lesions in the spine (C1-S5).
SPINAL_SHARE = 0.86

#: Number of treated lesions per patient (one session): mostly one.
LESIONS_PER_PATIENT: dict[int, float] = {1: 0.76, 2: 0.18, 3: 0.06}

#: Worst-pain VAS (0-10) means at each timepoint and the spread of the latent score. The
#: latent mean is solved so that the mean *after* clipping to 0-10 hits the target.
VAS_BASELINE_MEAN = 7.8
VAS_BASELINE_SD = 1.3
VAS_FOLLOW_UP_MEAN: dict[str, float] = {POST: 5.5, WEEK_1: 4.4, MONTH_1: 3.2, MONTH_3: 2.8}
VAS_FOLLOW_UP_LATENT_SD: dict[str, float] = {POST: 2.0, WEEK_1: 2.6, MONTH_1: 3.1, MONTH_3: 3.4}
#: Loading of the patient's own random effect on follow-up pain (within-patient correlation
#: between two follow-up visits is about its square).
VAS_PATIENT_LOADING = 0.7
#: Correlation of the patient effect with the baseline pain.
VAS_BASELINE_LOADING = 0.4

#: Per lesion.
TECHNICAL_FAILURE_RATE = 0.005
LEAKAGE_RATE = 0.06
LEAKAGE_SYMPTOMATIC_SHARE = 0.10

#: Share of patients with a procedure-related complication other than a symptomatic leak.
COMPLICATION_RATE = 0.055
#: CIRSE grade of a complication: mostly 1-2, rarely 3 or more (no procedural deaths).
CIRSE_GRADE_WEIGHTS: dict[int, float] = {1: 45, 2: 36, 3: 14, 4: 4, 5: 1}

#: Probability of death within 3 months, by primary tumour (malignant disease only), before
#: the ECOG multiplier; tuned so that about 12% of all patients die by 3 months.
DEATH_RISK: dict[str, float] = {
    "lung": 0.24,
    "hepatocellular": 0.28,
    "melanoma": 0.24,
    "unknown_primary": 0.24,
    "colorectal": 0.18,
    "other_malignant": 0.17,
    "sarcoma": 0.14,
    "renal": 0.12,
    "breast": 0.08,
    "myeloma": 0.08,
    "prostate": 0.08,
    "thyroid": 0.05,
}
DEATH_ECOG_MULTIPLIER: tuple[float, ...] = (0.4, 0.7, 1.2, 1.9, 2.8)

WITHDRAWAL_RATE = 0.02
LOSS_RATE = 0.02
#: Share of 1-week and 1-month visits missed by patients who stay in the study.
MISSED_VISIT_RATE = 0.03
#: Share of done follow-up visits deliberately dated a few days outside their window.
OUT_OF_WINDOW_RATE = 0.004

#: Per lesion at 3 months: local progression (before the tumour multiplier) and not evaluable.
LOCAL_PROGRESSION_RISK = 0.085
NOT_EVALUABLE_RATE = 0.015
#: Per patient at 3 months: progression elsewhere (malignant disease).
DISTANT_PROGRESSION_RATE = 0.25

#: QLQ-C30: share of single items left blank, share of questionnaires not returned at all.
QLQ_MISSING_ITEM_RATE = 0.02
QLQ_MISSING_FORM_RATE = 0.04
