import re
from pathlib import Path

from ablacem.dataset import ALL_TABLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "dataset.md"


def test_dataset_doc_names_every_table_and_column():
    text = DOC.read_text(encoding="utf-8")
    for table in ALL_TABLES:
        assert f"`{table.filename}`" in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text, f"{table.name}.{column.name} is not documented"


def _documented_rows(text: str, table) -> tuple[str, dict[str, list[str]]]:
    """The section of ``table`` in the doc and its column rows: name -> [type, unit, allowed, required, label]."""
    sections = re.split(r"^### ", text, flags=re.MULTILINE)
    section = next(s for s in sections if s.startswith(f"`{table.filename}`"))
    rows = {}
    for line in section.splitlines():
        match = re.fullmatch(r"\| `([^`]+)` \|(.*)\|", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return section, rows


def test_dataset_doc_agrees_with_the_schema_column_by_column():
    """Type, unit, allowed values, required and label in the doc are those declared in schema.py."""
    text = DOC.read_text(encoding="utf-8")
    for table in ALL_TABLES:
        section, rows = _documented_rows(text, table)
        assert list(rows) == table.column_names, f"{table.name}: columns out of order or extra"
        if table.key:
            assert "Key: " + ", ".join(f"`{k}`" for k in table.key) + "." in section, table.name
        for column in table.columns:
            kind, unit, allowed, required, label = rows[column.name]
            where = f"{table.name}.{column.name}"
            assert (kind, unit, label) == (column.dtype, column.unit, column.label), where
            assert required == ("yes" if column.required else ""), where
            if column.codes is not None and allowed.startswith("code list"):
                assert allowed == f"code list `{column.codes.name}`", where
            else:
                assert allowed == column.allowed.replace("|", ", "), where
