"""The per-visit analysis frame: every treated patient at every timepoint."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ablacem.dataset import TABLES, Dataset
from ablacem.dataset.schema import DATE
from ablacem.protocol import TIMEPOINTS
from ablacem.protocol import codelists as cl
from ablacem.protocol.ranges import QLQC30_ITEMS
from ablacem.protocol.windows import NOT_YET_MISSED, VisitState, unrecorded_visit_status, visit_state
from ablacem.scoring import mme, pain_response, qlqc30

#: Status given to a scheduled visit that has no row in assessments.csv although it was due
#: (its window had closed by the data cut-off and the study had not ended before it).
NOT_RECORDED = "not_recorded"


def data_cutoff(dataset: Dataset) -> pd.Timestamp | None:
    """The latest date recorded in the dataset's clinical tables (None when it has none).

    A dataset does not state its data cut-off; it cannot have been cut before the last date
    it holds, so this is the latest day on which the state of a visit without a row can be
    judged without guessing.
    """
    latest = [
        dataset[table.name][column.name].max()
        for table in TABLES.values()
        if table.name != "identifiers"
        for column in table.columns
        if column.dtype == DATE and column.name in dataset[table.name] and len(dataset[table.name])
    ]
    latest = [d for d in latest if pd.notna(d)]
    return max(latest) if latest else None


def _unrecorded_status(v: pd.DataFrame, patients: pd.DataFrame, as_of: pd.Timestamp | None) -> pd.Series:
    """Status of each scheduled visit without a row, by the protocol's one rule as of ``as_of``.

    :func:`ablacem.protocol.windows.visit_state` (the rule of the EDC's worklist and tidy
    dataset): ``not_due`` while its window had not closed, ``died``/``withdrawn``/``missed``
    when the study ended before its target day, else :data:`NOT_RECORDED`.
    """
    p = patients.set_index("patient_id")
    out = pd.Series(NOT_RECORDED, index=v.index, dtype=object)
    if as_of is None:
        return out
    today = as_of.date()
    for i, pid, tp, day0 in zip(v.index, v["patient_id"], v["timepoint"], v["procedure_date"], strict=True):
        end_reason, end_date, death_date = (p.at[pid, c] for c in ("end_reason", "end_date", "death_date"))
        end_reason = end_reason if isinstance(end_reason, str) else None
        state = visit_state(
            day0.date(),
            tp,
            today,
            end_reason=end_reason,
            end_date=None if pd.isna(end_date) else end_date.date(),
            death_date=None if pd.isna(death_date) else death_date.date(),
        )
        if state == VisitState.NOT_EXPECTED or state in NOT_YET_MISSED:
            out.at[i] = unrecorded_visit_status(state, end_reason)
    return out


def _schedule(patients: pd.DataFrame) -> pd.DataFrame:
    treated = patients.loc[patients["treated"], ["patient_id", "procedure_date"]]
    tps = pd.DataFrame({"timepoint": [tp.code for tp in TIMEPOINTS], "tp_order": [tp.order for tp in TIMEPOINTS]})
    grid = treated.merge(tps, how="cross")
    return grid.sort_values(["patient_id", "tp_order"], kind="stable").reset_index(drop=True)


def _unconvertible_warning(analgesics: pd.DataFrame, omed: pd.DataFrame) -> str | None:
    """The data-quality appendix's line on doses without oral morphine equivalents: how many,
    at which visits, and what each one is (drug and route) with the reason."""
    n_rows = int(omed["n_unconvertible"].fillna(0).sum()) if len(omed) else 0
    if not n_rows:
        return None
    hit = omed.loc[omed["n_unconvertible"].fillna(0) > 0, ["patient_id", "timepoint"]]
    labels = {tp.code: tp.label for tp in TIMEPOINTS}
    where = ", ".join(
        f"{pid} {labels.get(tp, tp)}" for pid, tp in zip(hit["patient_id"], hit["timepoint"], strict=True)
    )
    reasons = mme.convert(analgesics)["reason"].dropna().value_counts()
    said = "; ".join(f"{count} x {reason}" for reason, count in reasons.items())
    return (
        f"{n_rows} analgesic dose(s) at {len(hit)} visit(s) could not be converted to oral morphine "
        f"equivalents, so OMED and pain response are unknown there ({where}): {said}"
    )


def derive_visits(dataset: Dataset, patients: pd.DataFrame, *, warnings: list[str]) -> pd.DataFrame:
    """One row per treated patient and timepoint.

    Columns: patient_id, timepoint, tp_order, status (for a visit with no row, the status the
    protocol's rule gives as of the dataset's :func:`data_cutoff`: ``not_due``, ``died``,
    ``withdrawn``, ``missed`` after the end of study, else ``not_recorded``), assessed_on,
    study_day, vas_worst, vas_average, omed, who_step, n_unconvertible, the
    QLQ-C30 scores (EORTC scoring manual, 3rd ed.), pain_response (International Bone
    Metastases Consensus, Chow et al. 2012; NaN at baseline) and vas_change (follow-up minus
    baseline worst pain; NaN at baseline).

    Parameters
    ----------
    dataset : Dataset
    patients : DataFrame
        Output of :func:`derive_patients`; only ``treated`` patients have visits, dated from
        their ``procedure_date``.
    warnings : list of str
        Problems found are appended here.

    Returns
    -------
    DataFrame
        The columns above, one row per treated patient and timepoint.
    """
    a = dataset.assessments
    treated_ids = set(patients.loc[patients["treated"], "patient_id"])
    orphan = ~a["patient_id"].isin(treated_ids)
    if orphan.any():
        warnings.append(
            f"{int(orphan.sum())} assessment row(s) belong to patients without a procedure: "
            "not part of the treated-population analyses"
        )
    scores = qlqc30.score(a.reindex(columns=list(QLQC30_ITEMS)))
    # Who entered a recorded visit (issue 10): a dataset made before assessments.source existed
    # was entered by staff.
    source = (a["source"] if "source" in a.columns else pd.Series(np.nan, index=a.index, dtype=object)).rename("source")
    assessed = pd.concat(
        [
            a[["patient_id", "timepoint", "status", "assessed_on", "vas_worst", "vas_average"]],
            source.where(source.notna() & source.ne(""), cl.SOURCE_STAFF),
            scores,
        ],
        axis=1,
    )
    v = _schedule(patients).merge(assessed, on=["patient_id", "timepoint"], how="left")
    no_row = v["status"].isna()
    v.loc[no_row, "status"] = _unrecorded_status(v.loc[no_row], patients, data_cutoff(dataset))
    v["study_day"] = (v["assessed_on"] - v["procedure_date"]).dt.days.astype("float64")

    omed = mme.omed(dataset.analgesics, visits=a[["patient_id", "timepoint", "status"]])
    omed = omed[["patient_id", "timepoint", "omed", "who_step", "n_unconvertible"]]
    v = v.merge(omed, on=["patient_id", "timepoint"], how="left")
    message = _unconvertible_warning(dataset.analgesics, omed)
    if message:
        warnings.append(message)

    is_base = v["timepoint"].eq("baseline")
    base = v.loc[is_base].set_index("patient_id")
    b_pain = v["patient_id"].map(base["vas_worst"]).astype("float64")
    b_omed = v["patient_id"].map(base["omed"]).astype("float64")
    v["vas_change"] = (v["vas_worst"] - b_pain).where(~is_base)
    response = pain_response.classify(b_pain, v["vas_worst"].astype("float64"), b_omed, v["omed"].astype("float64"))
    v["pain_response"] = pd.Series(response, index=v.index).where(~is_base, np.nan)

    no_base = v.groupby("patient_id")["vas_worst"].count().gt(0) & base["vas_worst"].isna()
    for pid in no_base[no_base].index:
        warnings.append(
            f"patient {pid} has follow-up pain scores but no baseline pain score: "
            "change from baseline and pain response are not evaluable for this patient"
        )
    _warn_dates_out_of_order(v, warnings)
    order = ["patient_id", "timepoint", "tp_order", "status", "assessed_on", "study_day", "vas_worst", "vas_average"]
    order += ["omed", "who_step", "n_unconvertible", *scores.columns, "pain_response", "vas_change", "procedure_date"]
    order += ["source"]
    return v[order]


def _warn_dates_out_of_order(v: pd.DataFrame, warnings: list[str]) -> None:
    """Warn when a later timepoint was assessed before an earlier one of the same patient."""
    dated = v.dropna(subset=["assessed_on"]).sort_values(["patient_id", "tp_order"], kind="stable")
    previous = dated.groupby("patient_id")["assessed_on"].cummax().groupby(dated["patient_id"]).shift()
    bad = dated[dated["assessed_on"] < previous]
    for pid, tp in zip(bad["patient_id"], bad["timepoint"], strict=True):
        warnings.append(
            f"patient {pid}: the {tp} assessment is dated before an earlier timepoint (dates out of order); "
            "it is analysed at its scheduled timepoint"
        )


def visit_reasons(visits: pd.DataFrame, patients: pd.DataFrame, column: str = "vas_worst") -> pd.Series:
    """Why each scheduled visit does or does not have a value of ``column``.

    ``received``; not expected: ``died``, ``withdrew``, ``lost to follow-up``, ``not yet due``;
    expected but missing: ``missed``, ``done, value missing``, ``not recorded``. A visit
    without a row in assessments.csv has the status :func:`derive_visits` derived by the
    protocol's rule (attributed to death, withdrawal or loss when the patient's end of study
    came before the visit's target day); any visit not done after a death before its
    target day counts as died, a missed one after a loss as lost. SISAQOL recommendations:
    Coens C et al., Lancet Oncol 2020;21:e83-e96. The missing-data and population tables and the
    STROBE flow figure all count reasons this way.

    Parameters
    ----------
    visits : DataFrame
        Output of :func:`derive_visits` (``patient_id``, ``timepoint``, ``status``,
        ``procedure_date`` and ``column``).
    patients : DataFrame
        Output of :func:`derive_patients` (``end_reason``, ``end_date``, ``death_date``).
    column : str
        The value whose presence makes a done visit ``received``.

    Returns
    -------
    Series
        The reason per row of ``visits`` (same index).
    """
    v = visits
    if v.empty:
        return pd.Series(dtype=object)
    p = patients.set_index("patient_id")
    target = v["timepoint"].map({tp.code: tp.day for tp in TIMEPOINTS})
    day0 = v["procedure_date"]
    end_reason = v["patient_id"].map(p["end_reason"])
    end_day = (v["patient_id"].map(p["end_date"]) - day0).dt.days
    death_day = (v["patient_id"].map(p["death_date"]) - day0).dt.days
    ended_before = end_day.notna() & (end_day < target)
    status = v["status"]
    reason = np.select(
        [
            status.eq("done") & v[column].notna(),
            status.eq("done"),
            status.eq("died") | (death_day.notna() & (death_day < target) & ~status.eq("done")),
            status.eq("withdrawn"),
            status.isin(["missed", NOT_RECORDED]) & end_reason.eq("lost") & (ended_before | end_day.isna()),
            status.eq("not_due"),
            status.eq("missed"),
        ],
        ["received", "done, value missing", "died", "withdrew", "lost to follow-up", "not yet due", "missed"],
        default="not recorded",
    )
    return pd.Series(reason, index=v.index)
