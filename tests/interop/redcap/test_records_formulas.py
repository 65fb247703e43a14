"""REDCap records written for people hold no live formula; the importer reads back what was typed."""

from __future__ import annotations

import pandas as pd

from ablacem.interop.export import REDCAP_FILES, export_dataset
from ablacem.interop.redcap import import_records
from tests.spreadsheet_cells import PAYLOADS, live_formulas


def test_records_escape_formulas_and_the_importer_undoes_it(small, tmp_path):
    for i, payload in enumerate(PAYLOADS):
        small.adverse_events.loc[0, "description"] = payload
        small.identifiers.loc[0, "name"] = payload
        out = tmp_path / str(i)
        export_dataset(small, "redcap", out)
        for name in REDCAP_FILES.values():
            assert live_formulas((out / name).read_text(encoding="utf-8")) == [], name
        # read as `ablacem redcap import` reads it
        records = pd.read_csv(out / REDCAP_FILES["records"], dtype=str, keep_default_na=False, encoding="utf-8-sig")
        dataset, _ = import_records(records)
        assert dataset.adverse_events.loc[0, "description"] == payload
        assert dataset.identifiers.loc[0, "name"] == payload
