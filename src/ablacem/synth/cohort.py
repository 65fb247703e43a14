"""``generate``: a realistic synthetic cohort of the study as a tidy dataset."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from ablacem.dataset import Dataset, conform
from ablacem.protocol import codelists as cl

from ._random import streams
from .adverse_events import extra_stay_days, make_adverse_events
from .analgesics import make_analgesics
from .anchor import anchor_patients, leave_recent_visit_unrecorded, start_before
from .ct_measurement import add_ct_measurements
from .follow_up import make_schedule
from .identifiers import make_identifiers
from .imaging import make_imaging
from .lesions import make_lesions
from .pain import make_pain
from .patients import make_patients
from .procedures import lengthen_stays, make_procedures
from .qlqc30 import make_items

#: Default data cut-off: this many days after the last procedure.
DEFAULT_CUTOFF_DAYS = 60
#: Default first enrolment (without ``as_of``).
DEFAULT_START = dt.date(2024, 1, 8)
MAX_PATIENTS = 100_000


def generate(
    n_patients: int,
    seed: int,
    *,
    start: dt.date | None = None,
    cutoff: dt.date | None = None,
    as_of: dt.date | None = None,
    sites: int = 1,
) -> Dataset:
    """Generate a synthetic cohort calibrated to published series (see :mod:`.calibration`).

    About 60 % of treated lesions carry a cement volume and leakage measured on the
    post-procedure CT (:mod:`.ct_measurement`, synthetic assumptions) so that the report shows
    the comparison of injected and measured cement.

    Parameters
    ----------
    n_patients : int
        Number of enrolled patients, 1 to 100,000.
    seed : int
        Random seed; the same seed (and arguments) gives the same dataset.
    start : date, optional
        First enrolment (default :data:`DEFAULT_START`); enrolment is spread over the
        following two years.
    cutoff : date, optional
        Data cut-off. Events and visits after it have not happened yet (a visit without a
        record has the status the protocol's rule gives on that day: ``not_due`` while its
        window is open; the patient has no end of study). Default: the last procedure + 60 days.
    as_of : date, optional
        Anchor the cohort to this data cut-off instead of ``start`` and ``cutoff``: patients
        enrolled over the two years before it, the last ones still in follow-up with visits
        due that day, that week and overdue (:func:`ablacem.synth.anchor.anchor_patients`).
    sites : int, optional
        Number of enrolling sites (default 1: every patient at ``ABL``, the single-site IDs);
        patients are enrolled at each in turn and their study IDs start with its code
        (:func:`ablacem.synth.patients.site_codes`). It draws no random numbers, so the same
        seed gives the same clinical data whatever the number of sites.

    Returns
    -------
    Dataset
        Conformed to the schema, with the ``identifiers`` table filled.

    Raises
    ------
    ValueError
        If ``n_patients`` is not between 1 and 100,000, the seed is negative, the cut-off
        is before the last procedure, or ``as_of`` is given with ``start`` or ``cutoff``.
    """
    if isinstance(n_patients, bool) or not isinstance(n_patients, int | np.integer):
        raise ValueError(f"n_patients must be a whole number, got {n_patients!r}")
    if not 1 <= n_patients <= MAX_PATIENTS:
        raise ValueError(f"n_patients must be between 1 and {MAX_PATIENTS:,}, got {n_patients}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a whole number of 0 or more, got {seed!r}")
    if as_of is not None:
        if start is not None or cutoff is not None:
            raise ValueError("as_of anchors the cohort: give it without start or cutoff")
        start, cutoff = start_before(as_of), as_of
    rng = streams(int(seed))
    patients = make_patients(int(n_patients), rng["patients"], start or DEFAULT_START, sites)
    if as_of is not None:
        patients = anchor_patients(patients, int(seed), as_of)
    last_procedure = patients["procedure_date"].max().date()
    if cutoff is None:
        cutoff = last_procedure + dt.timedelta(days=DEFAULT_CUTOFF_DAYS)
    elif cutoff < last_procedure:
        raise ValueError(
            f"cutoff {cutoff:%Y-%m-%d} is before the last procedure ({last_procedure:%Y-%m-%d}); "
            "choose a later cut-off or fewer patients"
        )
    cutoff64 = np.datetime64(cutoff, "D")

    lesions = make_lesions(patients, rng["lesions"])
    procedures = make_procedures(patients, lesions, rng["procedures"])
    schedule = make_schedule(patients, rng["follow_up"], cutoff64)
    visits = schedule.visits
    pain = make_pain(visits, len(patients), rng["pain"])
    items = make_items(visits, pain["vas_worst"].to_numpy(), patients["ecog"].to_numpy(), rng["qlqc30"])
    analgesics = make_analgesics(visits, pain["vas_worst"].to_numpy(), len(patients), rng["analgesics"])
    imaging = make_imaging(patients, lesions, procedures, visits, rng["imaging"])
    imaging = add_ct_measurements(imaging, procedures, rng["ct_measurement"])

    last_day = np.where(pd.isna(schedule.end_date), cutoff64, schedule.end_date.astype("datetime64[D]"))
    ae_rng = rng["adverse_events"]
    events = make_adverse_events(patients, lesions, procedures, last_day, ae_rng)
    lengthen_stays(procedures, extra_stay_days(events, ae_rng))

    patients = patients.assign(
        end_reason=schedule.end_reason, end_date=schedule.end_date, death_date=schedule.death_date
    )
    assessments = pd.concat(
        [visits[["patient_id", "timepoint", "status", "assessed_on"]], pain[["vas_worst", "vas_average"]], items],
        axis=1,
    )
    # Every recorded visit of the synthetic cohort was entered by staff (a visit not yet due has no record).
    recorded = assessments["status"] != cl.NOT_DUE
    assessments["source"] = pd.Series(cl.SOURCE_STAFF, index=assessments.index).where(recorded)
    if as_of is not None:
        assessments, analgesics = leave_recent_visit_unrecorded(assessments, analgesics, patients, as_of)
    tables = {
        "patients": patients.drop(columns=["procedure_date", "birth_date"]),
        "lesions": lesions.drop(columns="patient_index"),
        "procedures": procedures.drop(columns="patient_index"),
        "assessments": assessments,
        "analgesics": analgesics,
        "imaging": imaging,
        "adverse_events": events.drop(columns="patient_index"),
        "identifiers": make_identifiers(patients, rng["identifiers"]),
    }
    return conform(Dataset(tables))
