"""``ablacem dataset --out DIR --final``: only from a locked database, with a SHA-256 manifest."""

import hashlib
import json

import pytest
from django.contrib.auth.models import User

import ablacem.cli.web as web
from ablacem.cli import main
from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import StudyLock
from tests.edc.conftest import PASSWORD, enrol, treat

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]


@pytest.fixture
def in_test_database(monkeypatch):
    """The command runs on the test database (already set up and migrated)."""
    monkeypatch.setattr(web, "setup_django", lambda **kw: None)


def test_the_final_export_needs_a_locked_database(in_test_database, tmp_path, capsys):
    assert main(["dataset", "--out", str(tmp_path / "final"), "--final"]) == 1
    assert "the study database is not locked" in capsys.readouterr().err
    assert not (tmp_path / "final").exists()


def test_the_final_export_lists_every_file_with_its_sha256(in_test_database, tmp_path, capsys):
    users = {
        role: services.user_create(username=role, role=role, password=PASSWORD, actor=Actor.system("createuser"))
        for role in ("coordinator", "data_manager", "investigator")
    }
    patient = enrol(users["coordinator"])
    treat(users["coordinator"], patient)
    services.study_lock_request(actor=Actor.staff(users["data_manager"]))
    services.study_lock_confirm(password=PASSWORD, actor=Actor.staff(users["investigator"]))

    out = tmp_path / "final"
    assert main(["dataset", "--out", str(out), "--final"]) == 0
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    listed = {f["path"]: f for f in manifest["files"]}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"manifest.json"}
    assert set(listed) == on_disk and "patients.csv" in on_disk
    for name, entry in listed.items():
        data = (out / name).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest() and entry["bytes"] == len(data)

    lock = StudyLock.objects.get()
    digest = hashlib.sha256(manifest_path.read_bytes()).hexdigest()
    assert lock.final_export_sha256 == digest and manifest["export"]["lock_id"] == lock.pk
    last = lock.history.order_by("-history_id").first()
    assert (last.history_change_reason, last.actor_name) == ("final export written", "final export")
    assert digest in capsys.readouterr().out


def test_import_is_refused_while_the_database_is_locked(in_test_database, tmp_path, capsys):
    from ablacem.dataset import write_dataset
    from ablacem.edc.models import Patient
    from ablacem.synth import generate

    for role in ("data_manager", "investigator"):
        services.user_create(username=role, role=role, password=PASSWORD, actor=Actor.system("createuser"))
    services.study_lock_request(actor=Actor.staff(User.objects.get(username="data_manager")))
    services.study_lock_confirm(password=PASSWORD, actor=Actor.staff(User.objects.get(username="investigator")))
    source = write_dataset(generate(2, 1), tmp_path / "in")
    assert main(["import", "--data", str(source)]) == 1
    assert "the study database is locked" in capsys.readouterr().err
    assert Patient.objects.count() == 0
