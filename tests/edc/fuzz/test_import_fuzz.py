"""Mutation fuzzing of ``ablacem import`` (a tidy dataset folder) and ``ablacem redcap import``.

Each mutated input is either refused, with every problem located (file, and line and column
where a cell is at fault; for REDCap, the record and field), leaving the database exactly as
it was, or accepted, and then what was stored (or written) is a valid tidy dataset.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from django.apps import apps
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from ablacem.cli import main as cli
from ablacem.dataset import DatasetError, read_dataset, validate, write_dataset
from ablacem.edc.actors import Actor
from ablacem.edc.selectors import tidy_dataset
from ablacem.edc.services import DatasetImportError, dataset_import
from ablacem.interop.redcap import export_records
from ablacem.synth import generate
from tests.edc.fuzz.mutations import mutated

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

COHORT = generate(3, 11)
FILES = sorted(p.name for p in write_dataset(COHORT, Path(tempfile.mkdtemp()), include_identifiers=True).glob("*.csv"))


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    return write_dataset(COHORT, tmp_path_factory.mktemp("tidy") / "data", include_identifiers=True)


def database_state() -> dict[str, int]:
    """Rows of every table of the EDC (history tables included)."""
    return {m._meta.db_table: m.objects.count() for m in apps.get_app_config("edc").get_models()}


@given(data=st.data(), filename=st.sampled_from(FILES))
def test_a_mutated_tidy_dataset_is_refused_with_its_place_or_imported_valid(source, data, filename):
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "data"
        shutil.copytree(source, folder)
        path = folder / filename
        path.write_text(data.draw(mutated(path.read_text(encoding="utf-8"))), encoding="utf-8")
        with transaction.atomic():
            before = database_state()
            try:
                dataset_import(source=folder, actor=Actor.system("import"), reason="fuzz")
            except DatasetImportError as exc:
                assert exc.problems and all(p.file for p in exc.problems), str(exc)
                cell_problems = [p for p in exc.problems if p.row is not None]
                assert all(p.file.endswith(".csv") for p in cell_problems), str(exc)
                assert "line" in str(exc) or all(p.row is None for p in exc.problems)
                assert database_state() == before
            else:
                validate(tidy_dataset(include_identifiers=True, validate_schema=False))
            transaction.set_rollback(True)


def _redcap_csv(tmp: Path) -> Path:
    path = tmp / "redcap_records.csv"
    export_records(COHORT).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def redcap_records(tmp_path_factory) -> str:
    return _redcap_csv(tmp_path_factory.mktemp("redcap")).read_text(encoding="utf-8")


@given(data=st.data())
def test_a_mutated_redcap_export_is_refused_by_name_or_becomes_a_valid_dataset(redcap_records, data, capsys):
    with tempfile.TemporaryDirectory() as work:
        records, out = Path(work) / "records.csv", Path(work) / "out"
        records.write_text(data.draw(mutated(redcap_records)), encoding="utf-8")
        capsys.readouterr()
        code = cli(["redcap", "import", "--records", str(records), "--out", str(out)])
        err = capsys.readouterr().err
        if code == 0:
            try:
                read_dataset(out)  # reads and validates
            except DatasetError as exc:
                pytest.fail(f"accepted, but not a valid tidy dataset: {exc}")
        else:
            assert code == 1 and err.strip(), "refused without saying why"
            assert "--records" in err or "record" in err, err
            assert not out.exists()
