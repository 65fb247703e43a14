"""dataset_import: all or nothing, and errors that name file, row and field."""

import datetime as dt
import importlib
import shutil

import pytest

from ablacem.analysis.derive import derive
from ablacem.dataset import write_dataset
from ablacem.edc.actors import Actor
from ablacem.edc.models import CLINICAL_MODELS, Assessment, Patient
from ablacem.edc.selectors import tidy_dataset, worklist
from ablacem.edc.services import DatasetImportError, dataset_import
from ablacem.protocol import get_timepoint
from ablacem.synth import generate

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


@pytest.fixture(scope="module")
def small_cohort_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cohort")
    write_dataset(generate(12, 3), folder)
    return folder


def _database_is_empty():
    return all(not model.objects.exists() for model in CLINICAL_MODELS)


def test_bad_row_leaves_the_database_empty_and_names_file_row_field(small_cohort_dir, tmp_path):
    bad = tmp_path / "bad"
    shutil.copytree(small_cohort_dir, bad)
    lines = (bad / "assessments.csv").read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[3].split(",")
    cells[header.index("vas_worst")] = "12"
    lines[3] = ",".join(cells)
    (bad / "assessments.csv").write_text("\n".join(lines) + "\n")
    with pytest.raises(DatasetImportError) as exc:
        dataset_import(source=bad, actor=Actor.system("import"))
    assert "assessments.csv, line 4, column vas_worst" in str(exc.value)
    assert _database_is_empty()


def test_a_failure_while_inserting_rolls_everything_back(small_cohort_dir, monkeypatch):
    module = importlib.import_module("ablacem.edc.services.dataset_import")

    real = module._create

    def failing(model, objects, **kw):
        if model.__name__ == "Imaging":
            raise RuntimeError("disk full")
        return real(model, objects, **kw)

    monkeypatch.setattr(module, "_create", failing)
    with pytest.raises(RuntimeError):
        dataset_import(source=small_cohort_dir, actor=Actor.system("import"))
    assert _database_is_empty()


def test_importing_twice_is_refused_without_change(small_cohort_dir):
    counts = dataset_import(source=small_cohort_dir, actor=Actor.system("import"))
    assert counts["patients"] == 12
    before = Patient.history.count()
    with pytest.raises(DatasetImportError, match=r"patients.csv, line 2, column patient_id: 'ABL-001' is already"):
        dataset_import(source=small_cohort_dir, actor=Actor.system("import"))
    assert Patient.objects.count() == 12 and Patient.history.count() == before


def test_a_session_that_disagrees_is_named(small_cohort_dir):
    ds = generate(12, 3)
    proc = ds.procedures
    patient = proc["patient_id"][proc["patient_id"].duplicated()].iloc[0]
    rows = proc.index[proc["patient_id"] == patient]
    proc.loc[rows[1], "anaesthesia"] = "local" if proc.loc[rows[0], "anaesthesia"] != "local" else "general"
    with pytest.raises(DatasetImportError) as exc:
        dataset_import(source=ds, actor=Actor.system("import"))
    assert f"procedures.csv, line {rows[1] + 2}, column anaesthesia" in str(exc.value)
    assert _database_is_empty()


def test_missing_folder(tmp_path):
    with pytest.raises(DatasetImportError, match="does not exist"):
        dataset_import(source=tmp_path / "nowhere", actor=Actor.system("import"))


def _not_due_cohort():
    """A cohort whose cut-off leaves visits not yet due, and one of those visits."""
    ds = generate(12, 3)
    a = ds.assessments
    row = a[a["status"] == "not_due"].iloc[0]
    return ds, row["patient_id"], row["timepoint"]


def test_not_due_means_nothing_recorded_and_is_not_stored():
    ds, patient_id, timepoint = _not_due_cohort()
    counts = dataset_import(source=ds, actor=Actor.system("import"))
    assert counts["assessments"] == int((ds.assessments["status"] != "not_due").sum())
    assert not Assessment.objects.filter(status="not_due").exists()
    assert not Assessment.objects.filter(patient__study_id=patient_id, timepoint=timepoint).exists()


def test_dashboard_and_report_agree_once_the_window_of_an_imported_not_due_visit_closed():
    # Issue 8: the imported status not_due was stored and never recomputed, so the report said
    # "not yet due" where the dashboard said "missed (window closed)".
    ds, patient_id, timepoint = _not_due_cohort()
    dataset_import(source=ds, actor=Actor.system("import"))
    patient = Patient.objects.get(study_id=patient_id)
    later = patient.procedure.procedure_date + dt.timedelta(days=get_timepoint(timepoint).upper + 1)
    on_worklist = {
        (r.study_id, r.timepoint): r.bucket for r in worklist(today=later, actor=Actor.system()) if r.kind == "visit"
    }
    assert on_worklist[(patient_id, timepoint)] == "missed"
    tidy = tidy_dataset(as_of=later).assessments.set_index(["patient_id", "timepoint"])
    assert tidy.loc[(patient_id, timepoint), "status"] == "missed"
    visits = derive(tidy_dataset(as_of=later)).visits.set_index(["patient_id", "timepoint"])
    assert visits.loc[(patient_id, timepoint), "status"] == "missed"


def test_a_not_due_visit_with_values_is_refused_rather_than_lost():
    ds, patient_id, timepoint = _not_due_cohort()
    a = ds.assessments
    at = a.index[(a["patient_id"] == patient_id) & (a["timepoint"] == timepoint)][0]
    a.loc[at, "vas_worst"] = 4.0
    with pytest.raises(DatasetImportError) as exc:
        dataset_import(source=ds, actor=Actor.system("import"))
    assert f"assessments.csv, line {at + 2}, column vas_worst" in str(exc.value)
    assert "not yet due" in str(exc.value)
    assert _database_is_empty()


def test_a_dataset_from_before_sites_imports_at_the_default_site(small_cohort_dir, tmp_path):
    import pandas as pd

    old = tmp_path / "old"
    shutil.copytree(small_cohort_dir, old)
    patients = pd.read_csv(old / "patients.csv", dtype=str, keep_default_na=False)
    patients.drop(columns="site").to_csv(old / "patients.csv", index=False)
    dataset_import(source=old, actor=Actor.system("import"))
    assert set(Patient.objects.values_list("site__code", flat=True)) == {"ABL"}
    assert set(tidy_dataset().patients["site"]) == {"ABL"}


def test_a_multi_site_dataset_needs_its_sites_and_ids_that_start_with_them(tmp_path):
    from ablacem.edc.services import site_create

    folder = tmp_path / "two_sites"
    write_dataset(generate(4, 3, sites=2), folder)
    with pytest.raises(DatasetImportError) as exc:
        dataset_import(source=folder, actor=Actor.system("import"))
    assert "patients.csv, line 3, column site: no site has the code 'TOR'" in str(exc.value)
    site_create(code="TOR", name="Toronto", time_zone="America/Toronto", actor=Actor.system("test"))

    wrong = tmp_path / "wrong"
    shutil.copytree(folder, wrong)
    text = (wrong / "patients.csv").read_text().replace("TOR-001,TOR,", "TOR-001,ABL,")
    (wrong / "patients.csv").write_text(text)
    with pytest.raises(DatasetImportError) as exc:
        dataset_import(source=wrong, actor=Actor.system("import"))
    assert "patients.csv, line 3, column patient_id: study ID 'TOR-001' must start with its site's code" in str(
        exc.value
    )

    dataset_import(source=folder, actor=Actor.system("import"))
    assert dict(Patient.objects.values_list("study_id", "site__code")) == {
        "ABL-001": "ABL",
        "TOR-001": "TOR",
        "ABL-002": "ABL",
        "TOR-002": "TOR",
    }
    assert list(tidy_dataset().patients["site"]) == ["ABL", "ABL", "TOR", "TOR"]


def test_an_import_on_behalf_of_a_one_site_user_takes_only_that_sites_patients(tmp_path):
    from ablacem.edc.services import site_create, user_create

    folder = tmp_path / "two_sites"
    write_dataset(generate(4, 3, sites=2), folder)
    system = Actor.system("test")
    site_create(code="TOR", name="Toronto", time_zone="America/Toronto", actor=system)
    user = user_create(
        username="tor_dm", role="data_manager", password="lighthouse-ferry-42", sites=["TOR"], actor=system
    )
    with pytest.raises(DatasetImportError) as exc:
        dataset_import(source=folder, actor=Actor.system("import", user=user))
    assert str(exc.value).count("column site: site 'ABL' is not one of the importing user's sites") == 2
    assert not Patient.objects.exists()
