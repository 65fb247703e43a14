"""Model fields built from the tidy dataset's column declarations (:mod:`ablacem.dataset.schema`).

A clinical field's label, help text, type and code list are declared once, on its
:class:`~ablacem.dataset.schema.Column`; the model reads them from there. Storage choices that
are not clinical facts (``null``, ``blank``, ``default``) stay with the model, as keyword
arguments; a text's longest length is declared on the column too.
"""

from __future__ import annotations

from django.db import models

from ablacem.dataset.schema import BOOLEAN, DATE, FLOAT, INTEGER, STRING, Table

from ._choices import int_choices, max_len, str_choices


def _field_class(column) -> type[models.Field]:
    if column.dtype == STRING:
        return models.TextField if column.free_text else models.CharField
    return {
        INTEGER: models.PositiveSmallIntegerField,
        FLOAT: models.FloatField,
        DATE: models.DateField,
        BOOLEAN: models.BooleanField,
    }[column.dtype]


def column_field(table: Table, name: str, *, field_class: type[models.Field] | None = None, **options) -> models.Field:
    """The model field of column ``name`` of ``table``.

    Parameters
    ----------
    table : Table
        The tidy table the model stores (``schema.ASSESSMENTS``).
    name : str
        The column; the model field has the same name.
    field_class : Field subclass, optional
        The storage type when the column's type alone does not decide it (a whole number
        larger than a small integer); default from the column's type.
    **options
        Storage options (``null``, ``blank``, ``default``, ``unique``; ``max_length`` only for a
        coded column whose codes are shorter than the widest one).

    Returns
    -------
    Field
        With the column's label as ``verbose_name``, its help text, and for a coded column
        its choices (and a ``CharField`` long enough for every code).

    Raises
    ------
    TypeError
        When ``options`` tries to restate a declared fact (label, help text, choices or a
        text's length).
    """
    column = table.column(name)
    restated = {"verbose_name", "help_text", "choices"} & set(options)
    if column.max_length is not None and "max_length" in options:
        restated.add("max_length")
    if restated:
        raise TypeError(f"{table.name}.{name}: {', '.join(sorted(restated))} is declared on the column, not here")
    cls = field_class or _field_class(column)
    kwargs = {"verbose_name": column.label, "help_text": column.help_text}
    if column.max_length is not None:
        kwargs["max_length"] = column.max_length
    if column.codes is not None:
        if column.dtype == INTEGER:
            kwargs["choices"] = int_choices(column.codes)
        else:
            kwargs["choices"] = str_choices(column.codes)
            kwargs["max_length"] = max_len(column.codes)
    return cls(**{**kwargs, **options})
