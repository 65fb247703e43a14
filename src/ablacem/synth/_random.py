"""Independent, reproducible random streams for each part of the synthetic cohort.

Each part (patients, lesions, pain, ...) draws from its own stream spawned from one seed, so
changing how one part draws does not shift every other part, and the same seed always gives
the same cohort.
"""

from __future__ import annotations

import numpy as np

STREAMS: tuple[str, ...] = (
    "patients",
    "lesions",
    "procedures",
    "follow_up",
    "pain",
    "qlqc30",
    "analgesics",
    "imaging",
    "adverse_events",
    "identifiers",
    "ct_measurement",  # appended last: spawning one more stream leaves the others as they were
)


def streams(seed: int) -> dict[str, np.random.Generator]:
    """One ``numpy`` generator per named part, all derived from ``seed``."""
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return {name: np.random.default_rng(child) for name, child in zip(STREAMS, children, strict=True)}


def pick(rng: np.random.Generator, weights: dict[str, float], size: int) -> np.ndarray:
    """Draw ``size`` codes with the given relative weights (object array of str)."""
    codes = np.array(list(weights), dtype=object)
    p = np.array(list(weights.values()), dtype="float64")
    return codes[rng.choice(len(codes), size=size, p=p / p.sum())]
