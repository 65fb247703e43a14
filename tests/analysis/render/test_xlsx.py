"""tables.xlsx: one sheet per table, title, bold header, note, column widths."""

import pandas as pd
from openpyxl import load_workbook

from ablacem.analysis.model import ReportTable
from ablacem.analysis.render.xlsx import sheet_names, write_xlsx


def test_sheet_names_are_truncated_cleaned_and_unique():
    ids = ["a" * 40, "a" * 40 + "b", "x[1]:y", "Table1", "table1"]
    names = sheet_names(ids)
    assert names[0] == "a" * 31
    assert names[1] == "a" * 29 + "~2"
    assert names[2] == "x_1__y"
    assert names[3] == "Table1" and names[4] == "table1~2"  # Excel compares case-insensitively
    assert all(len(n) <= 31 for n in names)


def test_workbook_has_a_sheet_per_table_with_title_header_cells_and_note(tmp_path, tables):
    path = write_xlsx(tmp_path / "tables.xlsx", tables)
    wb = load_workbook(path)
    assert wb.sheetnames == ["table1", "vas_by_timepoint_with_a_very_lo", "vas_by_timepoint_with_a_very_~2"]
    ws = wb["table1"]
    assert ws["A1"].value == "Table 1. Baseline characteristics" and ws["A1"].font.bold
    assert [ws["A3"].value, ws["B3"].value] == ["Characteristic", "Value"]
    assert ws["A3"].font.bold and ws["B3"].font.bold
    assert [ws["A4"].value, ws["B4"].value, ws["A5"].value, ws["B5"].value] == [
        "Age, years",
        "64.2 (10.1)",
        "Female, n (%)",
        "12 (30.0)",
    ]
    assert ws["A7"].value == "SD, standard deviation."
    assert ws.column_dimensions["A"].width == len("Characteristic") + 2  # widest cell of column A, plus 2
    ws2 = wb["vas_by_timepoint_with_a_very_lo"]
    assert ws2["B4"].value == 40 and ws2["C4"].value == 7.6
    assert ws2["C5"].value is None  # NaN is an empty cell, not the text "nan"


def test_no_tables_still_gives_a_valid_workbook(tmp_path):
    wb = load_workbook(write_xlsx(tmp_path / "t.xlsx", []))
    assert wb.sheetnames == ["no tables"]


def test_text_that_starts_like_a_formula_is_stored_as_text_never_a_formula(tmp_path):
    """OWASP CSV injection: openpyxl stores a string starting with ``=`` as a formula unless told."""
    table = ReportTable(
        id="t",
        title='=HYPERLINK("http://evil.example","click")',
        frame=pd.DataFrame({"=cmd|' /C calc'!A0": ["=1+1", "@SUM(A1)", "+2"], "n": [-1, 2, 3]}),
        note="=2*3",
    )
    path = write_xlsx(tmp_path / "tables.xlsx", [table])
    sheet = load_workbook(path)["t"]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert [c for c in cells if c.data_type == "f"] == []
    values = {c.value for c in cells}
    assert {"=1+1", "@SUM(A1)", "+2", "=2*3", "=cmd|' /C calc'!A0", table.title} <= values
    assert -1 in values  # numbers stay numbers
