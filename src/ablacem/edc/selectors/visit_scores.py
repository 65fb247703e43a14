"""Scores of a recorded visit, computed by :mod:`ablacem.scoring` from the saved values.

Nothing is re-implemented here: OMED comes from :func:`ablacem.scoring.mme.omed` (CDC 2022
factors, MMWR Recomm Rep 2022;71(RR-3), for oral and transdermal doses; Nielsen et al.,
Pharmacoepidemiol Drug Saf 2016;25:733-737, for parenteral ones; ablacem rule: unknown when any
dose cannot be converted) and the QLQ-C30 scales from :func:`ablacem.scoring.qlqc30.score` (EORTC Scoring
Manual, 3rd ed., 2001; summary score Giesinger et al. 2016).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ablacem.protocol import codelists as cl
from ablacem.protocol.ranges import QLQC30_ITEMS
from ablacem.scoring import mme, qlqc30

from .visit import visit_analgesics


@dataclass(frozen=True)
class AnalgesicLine:
    """One analgesic with its MME/day (None when it cannot be converted) and why not."""

    record: object
    mme_day: float | None
    reason: str


@dataclass(frozen=True)
class OmedSummary:
    """The visit's OMED (None when unknown), WHO step, and each line."""

    omed: float | None
    who_step: int | None
    lines: list[AnalgesicLine]

    @property
    def unconvertible(self) -> list[AnalgesicLine]:
        """The opioid lines without oral morphine equivalents (why the OMED is unknown)."""
        return [line for line in self.lines if line.mme_day is None]


def omed_of(visit, analgesics) -> OmedSummary:
    """OMED and WHO step of a visit that was done, from its analgesic records."""
    rows = [
        {"patient_id": "visit", "timepoint": visit.timepoint, **{f: getattr(a, f) for f in mme.INPUT_COLUMNS}}
        for a in analgesics
    ]
    frame = pd.DataFrame(rows, columns=["patient_id", "timepoint", *mme.INPUT_COLUMNS])
    converted = mme.convert(frame) if rows else frame.assign(mme_day=[], reason=[])
    lines = [
        AnalgesicLine(
            a,
            None if math.isnan(m) else float(m),
            r or "",
        )
        for a, m, r in zip(analgesics, converted["mme_day"], converted["reason"], strict=True)
    ]
    visits = pd.DataFrame([{"patient_id": "visit", "timepoint": visit.timepoint, "status": cl.DONE}])
    table = mme.omed(frame, visits)
    value = table["omed"].iloc[0]
    step = table["who_step"].iloc[0]
    return OmedSummary(
        omed=None if pd.isna(value) else float(value),
        who_step=None if pd.isna(step) else int(step),
        lines=lines,
    )


def qlqc30_scores(visit) -> list[tuple[str, str, float | None]]:
    """``[(code, label, score or None)]`` for every scale and the summary score of a visit."""
    items = {q: getattr(visit, q) for q in QLQC30_ITEMS}
    if all(v is None for v in items.values()):
        return []
    result = qlqc30.score({q: (float("nan") if v is None else v) for q, v in items.items()})
    labels = {s.code: s.label for s in qlqc30.SCALES} | {qlqc30.SUMMARY: "Summary score"}
    return [(code, labels[code], None if pd.isna(result[code]) else float(result[code])) for code in qlqc30.SCALE_CODES]


def visit_results(visit) -> dict:
    """What a recorded visit page shows: ``omed`` (:func:`omed_of`), ``scores``
    (:func:`qlqc30_scores`) and ``items`` (``[(item number, answer)]``); ``{}`` unless done."""
    if visit is None or visit.status != cl.DONE:
        return {}
    return {
        "omed": omed_of(visit, visit_analgesics(visit)),
        "scores": qlqc30_scores(visit),
        "items": [(int(q[1:]), getattr(visit, q)) for q in QLQC30_ITEMS],
    }
