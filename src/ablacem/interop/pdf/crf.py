"""The blank annotated CRF: every form's fields with their names, types, ranges, units and code lists.

Built from the field registry (:mod:`ablacem.dataset.schema`), so it prints what the EDC, the
dataset and every export use; for the trial master file and for sites that start on paper.
"""

from __future__ import annotations

from reportlab.platypus import Paragraph, Spacer

from ablacem.dataset.schema import CLINICAL_TABLES, Column, Table

from ._document import BODY, H1, SMALL, TITLE, grid, render, usable_width

#: How each type is printed (the tidy dataset's types).
TYPE_NAMES = {
    "string": "text",
    "integer": "whole number",
    "float": "number",
    "date": "date (YYYY-MM-DD)",
    "boolean": "yes / no",
}


def _allowed(column: Column) -> str:
    """Range with decimals and unit, code list (code = label), as a person fills them on paper."""
    parts = []
    if column.range is not None and column.codes is None:
        rng = column.range
        decimals = "whole numbers" if rng.is_integer else f"{rng.decimals} decimal(s)"
        parts.append(f"{rng.minimum:g} to {rng.maximum:g}{rng.unit_suffix}, {decimals}")
    elif column.unit:
        parts.append(f"unit: {column.unit}")
    if column.codes is not None:
        parts.append(f"[{column.codes.name}] " + "; ".join(f"{c.code} = {c.label}" for c in column.codes.items))
    if column.dtype == "boolean":
        parts.append("true = yes; false = no")
    return "\n".join(parts)


def _notes(column: Column) -> str:
    flags = [
        "required" if column.required else "",
        "identifier" if column.identifier else "",
        "free text" if column.free_text else "",
    ]
    return "\n".join(filter(None, [", ".join(filter(None, flags)), column.help_text]))


def _form(table: Table) -> list:
    width = usable_width()
    rows = [("Field name", "Label", "Type", "Allowed values", "Notes")]
    rows += [(c.name, c.label, TYPE_NAMES.get(c.dtype, c.dtype), _allowed(c), _notes(c)) for c in table.columns]
    fractions = (0.17, 0.2, 0.11, 0.32, 0.2)
    return [
        Paragraph(f"{table.name}: {table.label}", H1),
        Paragraph(f"File {table.filename}; one row is identified by {', '.join(table.key)}.", SMALL),
        grid(rows, [f * width for f in fractions]),
        Spacer(1, 8),
    ]


def blank_crf_pdf(*, printed_at: str, tables: tuple[Table, ...] = CLINICAL_TABLES) -> bytes:
    """The blank annotated CRF of ``tables`` (default every clinical table) as PDF bytes.

    Parameters
    ----------
    printed_at : str
        Print time, shown in the header of every page.
    tables : tuple of Table
        The forms to print, in order.
    """
    story = [
        Paragraph("Blank annotated case report form", TITLE),
        Paragraph(
            "Every form of the study with its fields: the field name (the tidy dataset's column, the REDCap "
            "variable and the ODM item), label, type, allowed values (ranges with units and decimals, code "
            "lists as code = label) and whether a value is required.",
            BODY,
        ),
        Spacer(1, 6),
    ]
    for table in tables:
        story += _form(table)
    return render(story, title="Blank annotated CRF", header=f"ablacem blank annotated CRF, printed {printed_at}")
