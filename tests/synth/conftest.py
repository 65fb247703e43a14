"""Shared synthetic cohorts (generated once per test session; they are cheap but reused)."""

import pytest

from ablacem.synth import generate


@pytest.fixture(scope="session")
def cohort_2000():
    """A cohort big enough for stable calibration checks."""
    return generate(2000, 7)


@pytest.fixture(scope="session")
def cohort_40():
    """The cohort `make demo` writes."""
    return generate(40, 1)
