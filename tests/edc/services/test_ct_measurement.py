"""CT cement measurement in the EDC: upload, background measurement, accept / edit / reject, audit."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from ablacem.edc import services
from ablacem.edc.actors import Actor
from ablacem.edc.models import CtMeasurement, CtStatus, Imaging
from tests.edc.conftest import DAY0
from tests.imaging.phantoms import Cylinder, Phantom, Sphere, regular_z, write_series, zip_folder

pytestmark = [pytest.mark.django_db, pytest.mark.db_backend]

DEPOSIT = Sphere((-4, 0, 0), 7.0)
LEAK = Cylinder((-4, 14, 0), 2.0, 8.0)


@pytest.fixture(autouse=True)
def uploads(settings, tmp_path):
    settings.ABLACEM_CT_UPLOAD_DIR = tmp_path / "uploads"
    settings.ABLACEM_CT_KEEP_IMAGES = False
    return tmp_path / "uploads"


_ARCHIVES: dict[str, bytes] = {}


def series_zip(tmp_path, *, modality="CT") -> SimpleUploadedFile:
    """The phantom series (a deposit and one leak), zipped under a name holding the patient's name."""
    if modality not in _ARCHIVES:  # drawn once per modality: the phantom takes a second to render
        phantom = Phantom(z=regular_z(1.25, 28), rows=64, columns=64, spacing=(0.8, 0.8), objects=(DEPOSIT, LEAK))
        write_series(phantom, tmp_path / "series", modality=modality)
        _ARCHIVES[modality] = zip_folder(tmp_path / "series", tmp_path / "Doe_Jane_CT.zip").read_bytes()
    return SimpleUploadedFile("Doe_Jane_CT.zip", _ARCHIVES[modality], content_type="application/zip")


def post_ct(investigator, lesion):
    return services.imaging_record(
        lesion=lesion, timepoint="post", imaged_on=DAY0, local_status="controlled", actor=Actor.staff(investigator)
    )


def upload(investigator, lesion, file, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        record = services.ct_measurement_upload(lesion=lesion, upload=file, actor=Actor.staff(investigator))
    record.refresh_from_db()
    return record


def test_upload_is_measured_in_the_background_and_the_images_deleted(
    treated_patient, investigator, tmp_path, uploads, django_capture_on_commit_callbacks
):
    _, lesion, _ = treated_patient
    record = upload(investigator, lesion, series_zip(tmp_path), django_capture_on_commit_callbacks)
    assert record.status == CtStatus.MEASURED
    assert record.cement_volume_ml == pytest.approx(DEPOSIT.volume_ml, rel=0.05)
    assert record.leak_count == 1 and record.leaks[0]["distance_mm"] > 0
    assert record.parameters["threshold_hu"] == 1500.0 and record.software_version
    assert record.geometry["slices"] == 28 and record.acquisition["KVP"] == 120.0
    assert bytes(record.overlay_png)[:4] == b"\x89PNG"
    assert not record.upload and not any(p.is_file() for p in uploads.rglob("*"))
    stored = repr(
        [record.leaks, record.bounding_box, record.parameters, record.geometry, record.acquisition, record.upload.name]
    )
    for identifying in ("Doe", "HOSP", "Hopital", "20260315", "CTROOM1", "SN-0001"):
        assert identifying not in stored
    history = list(record.history.order_by("history_id"))
    assert [h.history_change_reason for h in history] == [
        "CT series uploaded for cement measurement",
        "CT measurement measured",
    ]


def test_the_site_may_keep_the_images(
    treated_patient, investigator, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.ABLACEM_CT_KEEP_IMAGES = True
    _, lesion, _ = treated_patient
    record = upload(investigator, lesion, series_zip(tmp_path), django_capture_on_commit_callbacks)
    assert record.upload and zipfile.is_zipfile(record.upload.path)
    assert Path(record.upload.path).is_relative_to(settings.ABLACEM_CT_UPLOAD_DIR)
    assert "Doe" not in record.upload.name


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"not a zip at all", "upload the series as one .zip archive"), (None, "choose the zipped CT series")],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(treated_patient, investigator, content, message):
    _, lesion, _ = treated_patient
    file = None if content is None else SimpleUploadedFile("x.zip", content)
    with pytest.raises(ValidationError) as caught:
        services.ct_measurement_upload(lesion=lesion, upload=file, actor=Actor.staff(investigator))
    assert message in caught.value.message_dict["series"][0]
    assert not CtMeasurement.objects.exists()


def test_an_upload_over_the_size_limit_is_refused(treated_patient, investigator, settings, tmp_path):
    settings.ABLACEM_CT_UPLOAD_MAX_MB = 0
    _, lesion, _ = treated_patient
    with pytest.raises(ValidationError, match="ABLACEM_CT_UPLOAD_MAX_MB"):
        services.ct_measurement_upload(lesion=lesion, upload=series_zip(tmp_path), actor=Actor.staff(investigator))
    assert not CtMeasurement.objects.exists()


def test_an_mr_series_is_stored_as_refused_with_its_message(
    treated_patient, investigator, tmp_path, uploads, django_capture_on_commit_callbacks
):
    _, lesion, _ = treated_patient
    record = upload(investigator, lesion, series_zip(tmp_path, modality="MR"), django_capture_on_commit_callbacks)
    assert record.status == CtStatus.REFUSED
    assert "not CT" in record.refusal
    assert record.cement_volume_ml is None and not record.overlay_png and not record.acquisition
    assert not any(p.is_file() for p in uploads.rglob("*"))


def test_only_investigators_upload(treated_patient, coordinator, tmp_path):
    _, lesion, _ = treated_patient
    with pytest.raises(PermissionDenied):
        services.ct_measurement_upload(lesion=lesion, upload=series_zip(tmp_path), actor=Actor.staff(coordinator))


def test_accept_copies_into_the_form_with_a_reason_when_complete(
    treated_patient, investigator, tmp_path, django_capture_on_commit_callbacks
):
    _, lesion, _ = treated_patient
    record = upload(investigator, lesion, series_zip(tmp_path), django_capture_on_commit_callbacks)
    actor = Actor.staff(investigator)
    with pytest.raises(ValidationError) as caught:
        services.ct_measurement_accept(measurement=record, expected_version=record.version, actor=actor)
    assert "save the post-procedure CT form" in caught.value.message_dict["decision"][0]
    post_ct(investigator, lesion)
    with pytest.raises(ValidationError) as caught:
        services.ct_measurement_accept(measurement=record, expected_version=record.version, actor=actor)
    assert "reason" in caught.value.message_dict
    accepted = services.ct_measurement_accept(
        measurement=record, expected_version=record.version, reason="matches my reading", actor=actor
    )
    assert accepted.status == CtStatus.ACCEPTED
    form = Imaging.objects.get(lesion=lesion, timepoint="post")
    assert form.ct_cement_ml == round(record.cement_volume_ml, 1)
    assert form.ct_leakage is True
    assert form.history.first().history_change_reason == "matches my reading"
    with pytest.raises(ValidationError, match="accepted"):
        services.ct_measurement_reject(measurement=accepted, reason="x", expected_version=accepted.version, actor=actor)


def test_edit_needs_a_reason_and_copies_the_corrected_values(
    treated_patient, investigator, tmp_path, django_capture_on_commit_callbacks
):
    _, lesion, _ = treated_patient
    record = upload(investigator, lesion, series_zip(tmp_path), django_capture_on_commit_callbacks)
    post_ct(investigator, lesion)
    actor = Actor.staff(investigator)
    with pytest.raises(ValidationError) as caught:
        services.ct_measurement_edit(
            measurement=record, cement_ml=1.2, leakage=False, reason="", expected_version=record.version, actor=actor
        )
    assert caught.value.message_dict["reason"] == ["say why the measurement is changed"]
    edited = services.ct_measurement_edit(
        measurement=record,
        cement_ml=1.2,
        leakage=False,
        reason="the dense focus is a calcified vessel",
        expected_version=record.version,
        actor=actor,
    )
    assert edited.status == CtStatus.EDITED
    form = Imaging.objects.get(lesion=lesion, timepoint="post")
    assert (form.ct_cement_ml, form.ct_leakage) == (1.2, False)
    assert edited.history.first().history_user == investigator


def test_reject_needs_a_reason_and_copies_nothing(
    treated_patient, investigator, tmp_path, django_capture_on_commit_callbacks
):
    _, lesion, _ = treated_patient
    record = upload(investigator, lesion, series_zip(tmp_path), django_capture_on_commit_callbacks)
    post_ct(investigator, lesion)
    actor = Actor.staff(investigator)
    with pytest.raises(ValidationError):
        services.ct_measurement_reject(measurement=record, reason=" ", expected_version=record.version, actor=actor)
    rejected = services.ct_measurement_reject(
        measurement=record, reason="metal artefact from the probe", expected_version=record.version, actor=actor
    )
    assert rejected.status == CtStatus.REJECTED and rejected.decision_reason == "metal artefact from the probe"
    form = Imaging.objects.get(lesion=lesion, timepoint="post")
    assert form.ct_cement_ml is None and form.ct_leakage is None


def test_the_measured_volume_reaches_the_tidy_dataset(
    treated_patient, investigator, tmp_path, django_capture_on_commit_callbacks
):
    from ablacem.edc.selectors.tidy import tidy_dataset

    _, lesion, _ = treated_patient
    record = upload(investigator, lesion, series_zip(tmp_path), django_capture_on_commit_callbacks)
    post_ct(investigator, lesion)
    services.ct_measurement_accept(
        measurement=record, expected_version=record.version, reason="agree", actor=Actor.staff(investigator)
    )
    imaging = tidy_dataset().imaging
    row = imaging[imaging["lesion_id"].eq(lesion.lesion_id)].iloc[0]
    assert row["ct_cement_ml"] == round(record.cement_volume_ml, 1)
    assert bool(row["ct_leakage"]) is True


def test_the_measurement_belongs_to_the_post_procedure_ct(treated_patient, investigator):
    _, lesion, _ = treated_patient
    with pytest.raises(ValidationError) as caught:
        services.imaging_record(
            lesion=lesion,
            timepoint="m3",
            imaged_on=DAY0 + dt.timedelta(days=90),
            local_status="controlled",
            ct_cement_ml=3.0,
            actor=Actor.staff(investigator),
        )
    assert "post-procedure CT" in caught.value.message_dict["ct_cement_ml"][0]


def test_the_radiologist_s_point_picks_the_deposit(
    treated_patient, investigator, tmp_path, django_capture_on_commit_callbacks
):
    """Pointed at the small vein-like deposit, that one is measured and the large one becomes
    a candidate leak; the point is recorded with the result's parameters."""
    _, lesion, _ = treated_patient
    with django_capture_on_commit_callbacks(execute=True):
        record = services.ct_measurement_upload(
            lesion=lesion, upload=series_zip(tmp_path), seed_mm=list(LEAK.centre), actor=Actor.staff(investigator)
        )
    record.refresh_from_db()
    assert record.status == CtStatus.MEASURED
    assert record.cement_volume_ml == pytest.approx(LEAK.volume_ml, rel=0.10)
    assert record.leak_count == 1 and record.leak_volume_ml == pytest.approx(DEPOSIT.volume_ml, rel=0.05)
    assert record.parameters["seed"]["method"] == "point"
    assert record.parameters["seed"]["point_mm"] == [float(v) for v in LEAK.centre]


def test_a_point_outside_the_series_is_a_refusal_stored_with_its_reason(
    treated_patient, investigator, tmp_path, django_capture_on_commit_callbacks
):
    _, lesion, _ = treated_patient
    with django_capture_on_commit_callbacks(execute=True):
        record = services.ct_measurement_upload(
            lesion=lesion, upload=series_zip(tmp_path), seed_mm=[0, 0, 900], actor=Actor.staff(investigator)
        )
    record.refresh_from_db()
    assert record.status == CtStatus.REFUSED and "seed" in record.refusal


@pytest.mark.parametrize("seed", [[1, 2], ["a", 1, 2], [float("nan"), 0, 0]])
def test_a_malformed_point_is_refused_before_anything_is_stored(treated_patient, investigator, tmp_path, seed):
    _, lesion, _ = treated_patient
    with pytest.raises(ValidationError) as refused:
        services.ct_measurement_upload(
            lesion=lesion, upload=series_zip(tmp_path), seed_mm=seed, actor=Actor.staff(investigator)
        )
    assert "seed" in refused.value.message_dict
    assert not CtMeasurement.objects.exists()
