"""Model fields built from the schema's column declarations (``edc/models/_columns.py``)."""

from __future__ import annotations

import pytest
from django.db import models

from ablacem.dataset.schema import ASSESSMENTS, PATIENTS, PROCEDURES
from ablacem.edc.models._columns import column_field


def test_a_coded_text_column_becomes_a_char_field_with_its_choices():
    field = column_field(PATIENTS, "diagnosis")
    assert isinstance(field, models.CharField)
    assert field.verbose_name == "Malignant or benign"
    assert field.choices == [("malignant", "Malignant"), ("benign", "Benign")]
    assert field.max_length >= max(len(code) for code, _ in field.choices)


def test_a_scale_column_stores_its_integer_codes():
    field = column_field(ASSESSMENTS, "q30", null=True, blank=True)
    assert isinstance(field, models.PositiveSmallIntegerField)
    assert [code for code, _ in field.choices] == list(range(1, 8))
    assert field.null and field.blank


def test_storage_options_stay_with_the_model():
    field = column_field(PROCEDURES, "duration_minutes", field_class=models.PositiveIntegerField, null=True)
    assert type(field) is models.PositiveIntegerField and field.verbose_name == "Session duration"


def test_a_declared_fact_cannot_be_restated_on_the_model():
    with pytest.raises(TypeError, match=r"assessments\.vas_worst: verbose_name is declared on the column"):
        column_field(ASSESSMENTS, "vas_worst", verbose_name="Worst pain, last 24 h")
