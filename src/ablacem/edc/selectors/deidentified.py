"""The de-identified tidy dataset: what leaves the EDC for anyone without access to identifiers."""

from __future__ import annotations

import hashlib

from django.conf import settings

from ablacem.dataset import Dataset

from ..models import PatientIdentity
from .tidy import tidy_dataset


def pseudonym_key() -> bytes:
    """The key of the pseudonymised IDs: setting ``ABLACEM_PSEUDONYM_KEY`` when set, else one
    derived from ``SECRET_KEY`` (stable for a deployment, secret, never shown). Set the
    explicit key in production so that rotating ``SECRET_KEY`` keeps the pseudonyms stable."""
    explicit = settings.ABLACEM_PSEUDONYM_KEY
    if explicit:
        return explicit.encode()
    return hashlib.sha256(b"ablacem-pseudonym-key:" + settings.SECRET_KEY.encode()).digest()


def patient_date_shifts() -> dict[str, int]:
    """Each patient's secret date offset in days, by study ID (for de-identified exports only)."""
    return dict(PatientIdentity.objects.values_list("patient__study_id", "date_shift_days"))


def deidentified_tidy_dataset(*, validate_schema: bool = True, actor=None) -> Dataset:
    """The tidy dataset de-identified as every other de-identified export, yet still tidy.

    No identifiers or free text, patient (and lesion, procedure, adverse event) IDs replaced by
    keyed pseudonyms, every date moved by the patient's secret offset kept in the database, rows
    in pseudonym order (:func:`ablacem.interop.deidentify.deidentified_dataset`). A statistician
    can run ``ablacem report --data`` on it. ``validate_schema`` as in :func:`tidy_dataset`
    (downloads turn it off and list the problems instead of failing); ``actor``: only the
    patients it may export de-identified (None: every patient, for the command line).
    """
    from ablacem.edc.roles import Action
    from ablacem.interop.deidentify import deidentified_dataset

    dataset = tidy_dataset(validate_schema=validate_schema, actor=actor, action=Action.EXPORT_DEIDENTIFIED)
    return deidentified_dataset(dataset, key=pseudonym_key(), shifts=patient_date_shifts())
