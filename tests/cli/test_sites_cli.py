"""``ablacem site add``, ``createuser --site``, ``dataset --as`` and ``casebook --as`` with two sites."""

import pandas as pd
import pytest

from ablacem.dataset import write_dataset
from ablacem.synth import generate

from .test_web_cli import run

PASSWORD = "lighthouse-ferry-42\n"


@pytest.mark.slow
def test_a_one_site_account_exports_and_prints_only_its_sites_patients(tmp_path):
    data = tmp_path / "data"
    source = write_dataset(generate(4, 3, sites=2), tmp_path / "in")

    refused = run(["import", "--data", str(source)], data)
    assert refused.returncode == 1 and "column site: no site has the code 'TOR'" in refused.stderr
    added = run(["site", "add", "TOR", "--name", "Toronto General", "--time-zone", "America/Toronto"], data)
    assert added.returncode == 0 and "added site TOR (America/Toronto)" in added.stdout
    assert run(["import", "--data", str(source)], data).returncode == 0
    listed = run(["site", "list"], data).stdout.splitlines()
    assert listed == ["ABL\tEurope/Paris\t2 patients\tMain site", "TOR\tAmerica/Toronto\t2 patients\tToronto General"]

    user = ["createuser", "--full-name", "Dana Example", "--password-stdin"]
    assert run([*user, "dana", "--role", "data_manager", "--site", "TOR"], data, PASSWORD).returncode == 0
    assert run([*user, "ivan", "--role", "investigator", "--site", "TOR"], data, PASSWORD).returncode == 0

    out = run(["dataset", "--out", str(tmp_path / "tor"), "--as", "dana"], data)
    assert out.returncode == 0, out.stderr
    patients = pd.read_csv(tmp_path / "tor" / "patients.csv", dtype=str)
    assert list(patients["patient_id"]) == ["TOR-001", "TOR-002"] and set(patients["site"]) == {"TOR"}

    books = run(["casebook", "--all", "--out", str(tmp_path / "books"), "--as", "ivan"], data)
    assert books.returncode == 0, books.stderr
    assert sorted(p.name for p in (tmp_path / "books").iterdir()) == ["TOR-001.pdf", "TOR-002.pdf"]
    other = run(["casebook", "--patient", "ABL-001", "--out", str(tmp_path / "abl.pdf"), "--as", "ivan"], data)
    assert other.returncode == 1 and "no patient 'ABL-001'" in other.stderr
