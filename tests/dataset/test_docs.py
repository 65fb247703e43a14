from pathlib import Path

from ablacem.dataset import ALL_TABLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "dataset.md"


def test_dataset_doc_names_every_table_and_column():
    text = DOC.read_text(encoding="utf-8")
    for table in ALL_TABLES:
        assert f"`{table.filename}`" in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text, f"{table.name}.{column.name} is not documented"
