"""Target lesions: create and update, with SINS / Mirels totals computed."""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction

from ablacem.protocol.codelists import region_of_site
from ablacem.scoring.lesion_scores import MIRELS_COMPONENTS, SINS_COMPONENTS, mirels_total, sins_total

from .. import checks
from ..actors import Actor
from ..models import FormState, Lesion, Patient
from ..models.lesion import LESION_FIELDS
from ..roles import Action
from ._common import next_child_id, open_for_update, raise_if, refuse_if_patient_locked, require, save_record


def _total(fn, data: dict, parts) -> int | None:
    values = {p: data.get(p) for p in parts}
    if any(checks.is_missing(v) for v in values.values()):
        return None
    total = fn(values)
    return None if total is None else int(total)


def _apply(lesion: Lesion, data: dict) -> None:
    """Set the fields, the region from the site and the score totals (Fisher 2010; Mirels 1989)."""
    for f in LESION_FIELDS:
        setattr(lesion, f, data.get(f))
    lesion.region = region_of_site(data["site"])
    lesion.sins_total = _total(sins_total, data, SINS_COMPONENTS)
    lesion.mirels_total = _total(mirels_total, data, MIRELS_COMPONENTS)


@transaction.atomic
def lesion_create(*, patient: Patient, actor: Actor, confirmed: Collection[str] = (), **fields) -> Lesion:
    """Add a target lesion; its ID (``ABL-001-L1``) is assigned by the system.

    Parameters
    ----------
    patient : Patient
    actor : Actor
        Needs ``edit``.
    **fields
        ``site``, ``lesion_type`` (required), ``size_mm``, ``pathologic_fracture``,
        ``prior_radiotherapy``, the six ``sins_*`` components (spinal sites) or the four
        ``mirels_*`` components (extraspinal). ``region``, ``sins_total`` and ``mirels_total``
        are computed, never given.
    confirmed : collection of str
        Soft findings the user confirmed (:data:`ablacem.edc.checks.SCORE_KINDS`: SINS
        location, SINS bone lesion or Mirels lesion that contradict the level or type).

    Raises
    ------
    ValidationError
        From :func:`ablacem.edc.checks.check_lesion`.
    """
    require(actor, Action.EDIT, patient)
    refuse_if_patient_locked(patient)
    unknown = set(fields) - set(LESION_FIELDS)
    if unknown:
        raise TypeError(f"lesion_create() got unexpected field(s): {', '.join(sorted(unknown))}")
    raise_if(checks.check_lesion(fields, confirmed=confirmed))
    existing = Lesion.objects.filter(patient=patient).values_list("lesion_id", flat=True)
    lesion = Lesion(
        patient=patient, lesion_id=next_child_id(patient.study_id, "L", existing), form_state=FormState.COMPLETE
    )
    _apply(lesion, fields)
    return save_record(lesion, actor=actor, reason="lesion recorded")


@transaction.atomic
def lesion_update(
    *, lesion: Lesion, expected_version: int, reason: str = "", actor: Actor, confirmed: Collection[str] = (), **fields
) -> Lesion:
    """Change a lesion (fields as in :func:`lesion_create`; the ones not given keep their value).

    Raises
    ------
    ValidationError, StaleEditError, RecordLockedError, PermissionDenied
    """
    require(actor, Action.EDIT, lesion)
    unknown = set(fields) - set(LESION_FIELDS)
    if unknown:
        raise TypeError(f"lesion_update() got unexpected field(s): {', '.join(sorted(unknown))}")
    current = open_for_update(lesion, expected_version=expected_version, reason=reason)
    data = {f: fields.get(f, getattr(current, f)) for f in LESION_FIELDS}
    raise_if(checks.check_lesion(data, confirmed=confirmed))
    _apply(current, data)
    return save_record(current, actor=actor, reason=reason)
