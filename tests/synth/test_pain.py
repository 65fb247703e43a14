"""The clipped-normal calibration of follow-up pain."""

import math

import pytest

from ablacem.synth.pain import clipped_normal_mean, latent_mean


def test_clipped_normal_mean_known_values():
    # E[max(0, Z)] for a standard normal is 1 / sqrt(2 pi) (the upper clip is far away).
    assert clipped_normal_mean(0.0, 1.0, lower=0.0, upper=50.0) == pytest.approx(1 / math.sqrt(2 * math.pi))
    # Symmetric clipping of a normal centred in the range leaves the mean unchanged.
    assert clipped_normal_mean(5.0, 3.0) == pytest.approx(5.0)
    # Far inside the range nothing is clipped.
    assert clipped_normal_mean(5.0, 0.1) == pytest.approx(5.0)


def test_latent_mean_is_below_the_target_when_clipping_at_zero_lifts_the_mean():
    mu = latent_mean(2.8, 3.4)
    assert mu < 2.8
    assert clipped_normal_mean(mu, 3.4) == pytest.approx(2.8)
