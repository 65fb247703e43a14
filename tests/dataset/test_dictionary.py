import pandas as pd

from ablacem.dataset import ALL_TABLES
from ablacem.dataset.dictionary import DICTIONARY_COLUMNS, dictionary_frame, write_dictionary


def test_dictionary_lists_every_column_with_allowed_values(tmp_path):
    frame = dictionary_frame()
    assert list(frame.columns) == DICTIONARY_COLUMNS
    assert len(frame) == sum(len(t.columns) for t in ALL_TABLES)
    row = frame[(frame.table == "procedures") & (frame.column == "modality")].iloc[0]
    assert row["allowed_values"] == "rfa|cryo"
    vas = frame[(frame.table == "assessments") & (frame.column == "vas_worst")].iloc[0]
    assert vas["allowed_values"] == "0-10" and vas["type"] == "float"
    cement = frame[(frame.column == "cement_ml")].iloc[0]
    assert cement["unit"] == "mL"
    path = write_dictionary(tmp_path / "dictionary.csv")
    assert pd.read_csv(path, keep_default_na=False).shape == frame.shape
