"""Cement measured on an uploaded post-procedure CT: upload, measurement, and the radiologist's ruling.

The measurement itself is :mod:`ablacem.imaging` (pure); this module stores what it returns
(results, geometry, acquisition parameters, threshold, seed and software version; never other
header fields nor the images) and copies an accepted or edited result into the lesion's
post-procedure imaging form through :func:`ablacem.edc.services.imaging.imaging_record`, so
the form's edit checks, versioning, reason for change and history apply as for typed values.
"""

from __future__ import annotations

import math
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ablacem.protocol.timepoints import POST

from ..actors import Actor
from ..models import CtMeasurement, CtStatus, FormState, Imaging, Lesion
from ..roles import Action
from ._common import check_version, lock_for_update, refuse_if_patient_locked, require, save_record
from .imaging import imaging_record

#: The actor the background measurement runs as.
MEASUREMENT_ACTOR = Actor.system("ct measurement")


def _limit_bytes() -> int:
    return int(settings.ABLACEM_CT_UPLOAD_MAX_MB) * 1024 * 1024


@transaction.atomic
def ct_measurement_upload(*, lesion: Lesion, upload, actor: Actor, seed_mm=None) -> CtMeasurement:
    """Store an uploaded zipped series of ``lesion``'s post-procedure CT and queue its measurement.

    Parameters
    ----------
    lesion : Lesion
    upload : django.core.files.uploadedfile.UploadedFile
        A zip of the series' DICOM files, at most ``ABLACEM_CT_UPLOAD_MAX_MB``.
    actor : Actor
        An investigator (:attr:`Action.MEASURE_CT`).
    seed_mm : sequence of 3 floats, optional
        A point in the cement, patient coordinates (mm), as the radiologist's viewer shows it;
        without it the largest dense deposit is the cement. Recorded with the result's
        parameters.

    Returns
    -------
    CtMeasurement
        ``pending``; the task (:func:`ablacem.edc.tasks.measure_ct`) runs after the commit.

    Raises
    ------
    ValidationError
        On ``series``: no file, larger than the limit, or not a zip archive; on ``seed``: not
        three finite numbers. Nothing is stored.
    PermissionDenied, RecordLockedError
    """
    from ..tasks import measure_ct

    require(actor, Action.MEASURE_CT, lesion)
    refuse_if_patient_locked(lesion.patient)
    if upload is None:
        raise ValidationError({"series": ["choose the zipped CT series to upload"]})
    if upload.size > _limit_bytes():
        raise ValidationError(
            {
                "series": [
                    f"the file is {upload.size / 1e6:.0f} MB; at most {settings.ABLACEM_CT_UPLOAD_MAX_MB} MB "
                    "(ABLACEM_CT_UPLOAD_MAX_MB)"
                ]
            }
        )
    seed = _seed(seed_mm)
    if not zipfile.is_zipfile(upload):
        raise ValidationError({"series": ["upload the series as one .zip archive of its DICOM files"]})
    upload.seek(0)
    upload.name = "series.zip"  # the original name often holds the patient's name
    record = CtMeasurement(lesion=lesion, upload=upload, upload_bytes=upload.size, form_state=FormState.IN_PROGRESS)
    save_record(record, actor=actor, reason="CT series uploaded for cement measurement")
    transaction.on_commit(lambda: measure_ct.enqueue(record.pk, seed))
    return record


def _seed(seed_mm) -> list[float] | None:
    if seed_mm is None:
        return None
    try:
        values = [float(v) for v in seed_mm]
    except (TypeError, ValueError):
        values = []
    if len(values) != 3 or not all(math.isfinite(v) for v in values):
        raise ValidationError({"seed": ["give three numbers in mm: x, y, z"]})
    return values


def ct_measurement_run(*, measurement_id: int, seed_mm=None) -> CtMeasurement:
    """Measure an uploaded series (the background task's work) and delete the upload unless kept.

    The measurement runs outside any transaction (it takes seconds on a real series); its
    result is saved under a row lock, once, if the record is still pending. A refused series
    (:class:`ablacem.imaging.SeriesRefused`) is stored as ``refused`` with the rule's message;
    nothing else of it is stored.
    """
    from ablacem.imaging import SeriesRefused, measure_cement, read_series
    from ablacem.imaging.overlay import overlay_png
    from ablacem.imaging.sources import ReadLimits

    record = CtMeasurement.objects.get(pk=measurement_id)
    if record.status != CtStatus.PENDING:
        return record
    # The archive was checked against the upload limit; what it expands to may be larger.
    limits = ReadLimits(max_total_bytes=max(_limit_bytes() * 4, 1 << 28))
    values: dict = {}
    try:
        volume = read_series(record.upload.path, limits=limits)
        result = measure_cement(volume, seed_mm=seed_mm)
    except SeriesRefused as exc:
        values = {"status": CtStatus.REFUSED, "refusal": str(exc)}
    else:
        data = result.to_dict()
        values = {
            "status": CtStatus.MEASURED,
            "cement_volume_ml": data["cement_volume_ml"],
            "leak_count": len(result.leaks),
            "leak_volume_ml": round(result.leak_volume_ml, 3),
            "leaks": data["leaks"],
            "bounding_box": data["bounding_box"],
            "parameters": data["parameters"],
            "geometry": data["geometry"],
            "acquisition": data["acquisition"],
            "software_version": data["software"]["version"],
            "overlay_png": overlay_png(volume, result),
        }
    with transaction.atomic():
        record = lock_for_update(record)
        if record.status != CtStatus.PENDING:
            return record
        for name, value in values.items():
            setattr(record, name, value)
        record.measured_at = timezone.now()
        if not settings.ABLACEM_CT_KEEP_IMAGES and record.upload:
            record.upload.delete(save=False)
        return save_record(record, actor=MEASUREMENT_ACTOR, reason=f"CT measurement {record.status}")


def _post_imaging(lesion: Lesion) -> Imaging:
    record = Imaging.objects.active().filter(lesion=lesion, timepoint=POST).first()
    if record is None:
        raise ValidationError(
            {"decision": ["save the post-procedure CT form (date and local status) before accepting a measurement"]}
        )
    return record


def _open_for_decision(measurement: CtMeasurement, expected_version, actor: Actor) -> CtMeasurement:
    require(actor, Action.MEASURE_CT, measurement.lesion)
    current = lock_for_update(measurement)
    check_version(current, expected_version)
    if current.status != CtStatus.MEASURED:
        raise ValidationError({"decision": [f"this measurement is {current.get_status_display().lower()}"]})
    return current


def _copy_into_form(lesion: Lesion, *, cement_ml: float, leakage: bool, reason: str, actor: Actor) -> Imaging:
    form = _post_imaging(lesion)
    return imaging_record(
        lesion=lesion,
        timepoint=POST,
        imaged_on=form.imaged_on,
        local_status=form.local_status,
        distant_progression=form.distant_progression,
        ct_cement_ml=round(cement_ml, 1),
        ct_leakage=leakage,
        expected_version=form.version,
        reason=reason,
        actor=actor,
    )


@transaction.atomic
def ct_measurement_accept(
    *, measurement: CtMeasurement, expected_version: int | None, reason: str = "", actor: Actor
) -> CtMeasurement:
    """Copy the measured volume and leakage (any candidate leak) into the post-procedure CT form.

    The form's own change control applies: a complete form needs ``reason`` (the post-procedure
    CT form must be saved first, with its date and local status).

    Raises
    ------
    ValidationError, StaleEditError, PermissionDenied, RecordLockedError
    """
    current = _open_for_decision(measurement, expected_version, actor)
    _copy_into_form(
        current.lesion,
        cement_ml=current.cement_volume_ml,
        leakage=bool(current.leak_count),
        reason=reason.strip(),
        actor=actor,
    )
    current.status, current.form_state = CtStatus.ACCEPTED, FormState.COMPLETE
    current.decision_reason = reason.strip()
    return save_record(current, actor=actor, reason=reason.strip() or "CT cement measurement accepted")


@transaction.atomic
def ct_measurement_edit(
    *,
    measurement: CtMeasurement,
    cement_ml: float | None,
    leakage: bool | None,
    reason: str,
    expected_version: int | None,
    actor: Actor,
) -> CtMeasurement:
    """Copy the radiologist's corrected volume and leakage into the form; the reason is required.

    Raises
    ------
    ValidationError
        ``reason`` empty, ``cement_ml`` or ``leakage`` missing, or the form's edit checks.
    """
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = ["say why the measurement is changed"]
    if cement_ml is None:
        errors["cement_ml"] = ["enter the corrected cement volume"]
    if leakage is None:
        errors["leakage"] = ["say whether there is leakage"]
    if errors:
        raise ValidationError(errors)
    current = _open_for_decision(measurement, expected_version, actor)
    _copy_into_form(current.lesion, cement_ml=cement_ml, leakage=leakage, reason=reason.strip(), actor=actor)
    current.status, current.form_state = CtStatus.EDITED, FormState.COMPLETE
    current.decision_reason = reason.strip()
    return save_record(current, actor=actor, reason=reason.strip())


@transaction.atomic
def ct_measurement_reject(
    *, measurement: CtMeasurement, reason: str, expected_version: int | None, actor: Actor
) -> CtMeasurement:
    """Reject the measurement (nothing is copied into the form); the reason is required."""
    if not (reason or "").strip():
        raise ValidationError({"reason": ["say why the measurement is rejected"]})
    current = _open_for_decision(measurement, expected_version, actor)
    refuse_if_patient_locked(current.lesion.patient)
    current.status, current.form_state = CtStatus.REJECTED, FormState.COMPLETE
    current.decision_reason = reason.strip()
    return save_record(current, actor=actor, reason=reason.strip())
