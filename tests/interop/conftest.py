"""Fixtures: the small hand-built dataset and the synthetic cohort."""

from __future__ import annotations

import warnings

import pytest

from ablacem.dataset import Dataset
from tests.interop.helpers import small_dataset


@pytest.fixture(scope="session")
def _small_once() -> Dataset:
    return small_dataset()


@pytest.fixture
def small(_small_once) -> Dataset:
    """Two patients, three lesions; every value hand-chosen (a fresh copy per test)."""
    return _small_once.copy()


@pytest.fixture(scope="session")
def cohort() -> Dataset:
    """The synthetic cohort (40 patients) with its fake identifiers."""
    from ablacem.synth import generate

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        return generate(40, seed=11)
