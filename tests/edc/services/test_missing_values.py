"""A value the edit checks read as missing ("" or NaN) is stored as missing, never a server error
(found by the fuzz tests of issue 11: ``mirels_size=""`` on a spinal lesion raised ValueError)."""

from __future__ import annotations

import math

import pytest

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import Lesion
from tests.edc.conftest import enrol

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


def test_an_empty_text_for_a_number_is_stored_as_missing(coordinator):
    patient = enrol(coordinator)
    lesion = services.lesion_create(
        patient=patient, site="C1", lesion_type="lytic", size_mm=1.0, mirels_size="", actor=Actor.staff(coordinator)
    )
    stored = Lesion.objects.get(pk=lesion.pk)
    assert stored.mirels_size is None and stored.mirels_total is None


def test_nan_for_a_measurement_is_stored_as_missing(coordinator):
    patient = enrol(coordinator)
    lesion = services.lesion_create(
        patient=patient, site="T8", lesion_type="lytic", size_mm=math.nan, actor=Actor.staff(coordinator)
    )
    assert Lesion.objects.get(pk=lesion.pk).size_mm is None
