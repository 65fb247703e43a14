"""Opioid doses to oral morphine milligram equivalents (MME), OMED per visit, WHO ladder step.

Sources
-------
- Dowell D, Ragan KR, Jones CM, Baldwin GT, Chou R. CDC Clinical Practice Guideline for
  Prescribing Opioids for Pain - United States, 2022. MMWR Recomm Rep 2022;71(RR-3):1-95,
  table "Morphine milligram equivalent doses and conversion factors". MME/day = total daily
  dose x factor. The factors are for oral doses; fentanyl's is for the transdermal patch
  strength in mcg/h (2.4), never the per-patch dispensing factor (7.2).
- Nielsen S, Degenhardt L, Hoban B, Gisev N. A synthesis of oral morphine equivalents (OME)
  for opioid utilisation studies. Pharmacoepidemiol Drug Saf 2016;25(6):733-737, table of
  OME conversion factors, parenteral rows (the same factors as the ANZCA Faculty of Pain
  Medicine opioid dose equivalence table, PS01(PM) appendix, 2021): morphine 3, oxycodone 3,
  hydromorphone 15, codeine 0.25 (per mg) and fentanyl 0.2 (per mcg), for a dose given
  intravenously, subcutaneously or intramuscularly.
- World Health Organization. Cancer pain relief. Geneva: WHO, 1986; 2nd ed. 1996 (analgesic
  ladder: step 1 non-opioid, step 2 opioid for mild to moderate pain, step 3 opioid for
  moderate to severe pain).

ablacem rules
-------------
- Which source each factor comes from: oral doses and transdermal fentanyl, CDC 2022
  (``CDC_2022_FACTORS``); intravenous, subcutaneous and intramuscular doses, Nielsen 2016
  (``NIELSEN_2016_PARENTERAL_FACTORS``), the factors this study supplies for the parenteral
  routes an inpatient receives (the clinical definitions leave parenteral doses unknown
  unless the site supplies a factor; these are the ones ablacem's site supplies).
- Buprenorphine (any route) and any other drug/route in neither table has an unknown MME
  unless the site supplies a factor (``extra_factors``); it is reported, never counted as 0.
- No unit conversion is attempted: a dose whose unit differs from the factor's unit is
  reported as not convertible (a mismatch usually means an entry error).
- A transdermal patch strength (mcg/h) is already a rate: MME/day = strength x 2.4 and
  ``per_day`` is ignored. For every other dose MME/day = dose x per_day x factor.
- Non-opioid analgesics and adjuvants count, with MME 0.
- WHO step: 0 none, 1 non-opioid only, 2 weak opioid = codeine or tramadol only, 3 any other
  opioid (strong).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from ablacem.protocol import codelists
from ablacem.protocol.timepoints import TIMEPOINT_CODES

from ._rows import row_label

#: CDC 2022 conversion factors: drug -> (unit of the dose, factor to oral MME).
CDC_2022_FACTORS: Mapping[str, tuple[str, float]] = MappingProxyType(
    {
        "morphine": ("mg", 1.0),
        "codeine": ("mg", 0.15),
        "hydrocodone": ("mg", 1.0),
        "hydromorphone": ("mg", 5.0),
        "oxycodone": ("mg", 1.5),
        "oxymorphone": ("mg", 3.0),
        "tapentadol": ("mg", 0.4),
        "tramadol": ("mg", 0.2),
        "methadone": ("mg", 4.7),
        "fentanyl": ("mcg/h", 2.4),
    }
)
#: The route each CDC factor applies to (oral doses; fentanyl as a transdermal patch).
CDC_2022_ROUTES: Mapping[str, str] = MappingProxyType(
    {drug: ("transdermal" if drug == "fentanyl" else "oral") for drug in CDC_2022_FACTORS}
)
PARENTERAL_ROUTES: frozenset[str] = frozenset({"iv", "sc", "im"})
#: Nielsen et al. 2016 (Pharmacoepidemiol Drug Saf 2016;25:733-737) parenteral factors:
#: (drug, route) -> (unit of the dose, factor to oral MME), for each parenteral route.
NIELSEN_2016_PARENTERAL_FACTORS: Mapping[tuple[str, str], tuple[str, float]] = MappingProxyType(
    {
        (drug, route): value
        for drug, value in {
            "morphine": ("mg", 3.0),
            "oxycodone": ("mg", 3.0),
            "hydromorphone": ("mg", 15.0),
            "codeine": ("mg", 0.25),
            "fentanyl": ("mcg", 0.2),
        }.items()
        for route in sorted(PARENTERAL_ROUTES)
    }
)
#: Units that are rates (dose per hour): the daily dose does not depend on ``per_day``.
RATE_UNITS: frozenset[str] = frozenset({"mcg/h"})
#: WHO step 2 opioids (ablacem rule: codeine and tramadol only).
WEAK_OPIOIDS: frozenset[str] = frozenset({"codeine", "tramadol"})

WHO_NONE, WHO_NON_OPIOID, WHO_WEAK, WHO_STRONG = 0, 1, 2, 3
INPUT_COLUMNS: tuple[str, ...] = ("drug", "route", "dose", "unit", "per_day")
OMED_COLUMNS: tuple[str, ...] = ("patient_id", "timepoint", "omed", "n_analgesics", "n_unconvertible", "who_step")


def _factor_table(extra_factors: Mapping | None) -> dict[tuple[str, str], tuple[str, float]]:
    """(drug, route) -> (unit, factor): CDC 2022, Nielsen 2016 parenteral, then the site's extra factors."""
    table = {(drug, CDC_2022_ROUTES[drug]): value for drug, value in CDC_2022_FACTORS.items()}
    table.update(NIELSEN_2016_PARENTERAL_FACTORS)
    for key, value in (extra_factors or {}).items():
        if not (isinstance(key, tuple) and len(key) == 2):
            raise ValueError(f"extra_factors keys must be (drug, route) pairs, got {key!r}")
        drug, route = key
        if drug not in codelists.ANALGESIC_DRUG:
            raise ValueError(f"extra_factors: {drug!r} is not a code of analgesic_drug")
        if route not in codelists.ROUTE:
            raise ValueError(f"extra_factors: {route!r} is not a code of route")
        if key in table:
            source = "Nielsen 2016" if key in NIELSEN_2016_PARENTERAL_FACTORS else "CDC 2022"
            raise ValueError(f"extra_factors: {drug} by {route} route has a {source} factor, which cannot be replaced")
        unit, factor = value
        if unit not in codelists.DOSE_UNIT:
            raise ValueError(f"extra_factors: unit {unit!r} for {drug} by {route} route is not a code of dose_unit")
        factor = float(factor)
        if not np.isfinite(factor) or factor <= 0:
            raise ValueError(f"extra_factors: the factor for {drug} by {route} route must be a positive number")
        table[key] = (unit, factor)
    return table


def no_factor_reason(drug: str, route: str) -> str:
    """Why a dose of ``drug`` by ``route`` has no MME, in the words the visit page and report use.

    Examples
    --------
    >>> no_factor_reason("buprenorphine", "transdermal")
    'no conversion factor for buprenorphine, transdermal (CDC 2022 and Nielsen 2016 give none)'
    """
    drug_label = codelists.ANALGESIC_DRUG.label_of(drug).lower() if drug in codelists.ANALGESIC_DRUG else str(drug)
    route_label = codelists.ROUTE.label_of(route).lower() if route in codelists.ROUTE else str(route)
    return f"no conversion factor for {drug_label}, {route_label} (CDC 2022 and Nielsen 2016 give none)"


def _check_codes(frame: pd.DataFrame) -> None:
    missing = [c for c in INPUT_COLUMNS if c not in frame]
    if missing:
        raise KeyError(f"analgesics need the columns {', '.join(missing)}")
    if frame["drug"].isna().any():
        row = row_label(frame.index, frame["drug"].isna().to_numpy())
        raise ValueError(f"analgesics: row {row!r}, drug is missing")
    for column, codes in (
        ("drug", codelists.ANALGESIC_DRUG),
        ("route", codelists.ROUTE),
        ("unit", codelists.DOSE_UNIT),
    ):
        values = frame[column]
        bad = values.notna() & ~values.isin(codes.codes)
        if bad.any():
            row = row_label(frame.index, bad.to_numpy())
            raise ValueError(
                f"analgesics: row {row!r}, {column} = {values[bad].iloc[0]!r} is not a code of {codes.name} "
                f"({', '.join(codes.codes)})"
            )


def convert(analgesics: pd.DataFrame, extra_factors: Mapping | None = None) -> pd.DataFrame:
    """Convert each analgesic row to oral morphine milligram equivalents per day.

    Rules: CDC 2022 (MMWR Recomm Rep 2022;71(RR-3)) factors for oral doses and transdermal
    fentanyl (mcg/h x 2.4, ``per_day`` ignored for patches); Nielsen et al. 2016
    (Pharmacoepidemiol Drug Saf 2016;25:733-737) factors for intravenous, subcutaneous and
    intramuscular doses; see the module docstring for the ablacem rules on buprenorphine,
    units and non-opioids.

    Parameters
    ----------
    analgesics : DataFrame
        Columns ``drug``, ``route``, ``dose``, ``unit``, ``per_day`` with codes from
        ``codelists.ANALGESIC_DRUG``, ``ROUTE`` and ``DOSE_UNIT``; other columns are kept.
    extra_factors : mapping, optional
        Site-supplied factors ``{(drug, route): (unit, factor)}`` for drug/route pairs neither
        the CDC 2022 nor the Nielsen 2016 table covers (for example
        ``("buprenorphine", "transdermal"): ("mcg/h", 1.8)``). They cannot replace either.

    Returns
    -------
    DataFrame
        A copy with added columns ``opioid`` (bool), ``mme_day`` (float: 0.0 for non-opioids,
        NaN when not convertible), ``convertible`` (bool) and ``reason`` (why a dose could not
        be converted, else None).

    Raises
    ------
    KeyError
        If an input column is missing.
    ValueError
        If a drug is missing, a code is not in its code list, or ``extra_factors`` is invalid.
    """
    _check_codes(analgesics)
    table = _factor_table(extra_factors)
    out = analgesics.copy()
    drug = out["drug"].astype(object)
    route = out["route"].astype(object)
    unit = out["unit"].astype(object)
    dose = pd.to_numeric(out["dose"], errors="raise").astype("float64").to_numpy()
    per_day = pd.to_numeric(out["per_day"], errors="raise").astype("float64").to_numpy()

    opioid = drug.isin(codelists.OPIOIDS).to_numpy()
    lookup = pd.DataFrame(list(table.values()), columns=["unit", "factor"], index=pd.MultiIndex.from_tuples(table))
    found = lookup.reindex(pd.MultiIndex.from_arrays([drug.to_numpy(), route.to_numpy()]))
    factor_unit = found["unit"].to_numpy(dtype=object)
    factor = found["factor"].to_numpy(dtype="float64")
    has_factor = ~np.isnan(factor)
    is_rate = np.isin(factor_unit, list(RATE_UNITS))
    route_missing = route.isna().to_numpy()
    unit_missing = unit.isna().to_numpy()
    unit_ok = unit.to_numpy(dtype=object) == factor_unit
    dose_missing = np.isnan(dose)
    per_day_missing = np.isnan(per_day) & ~is_rate

    drug_arr = drug.to_numpy(dtype=object)
    route_arr = route.to_numpy(dtype=object)
    unit_arr = unit.to_numpy(dtype=object)
    # "other" may be an opioid the code list does not name: its MME is unknown, never zero.
    unidentified = (drug_arr == "other") & ~has_factor
    conditions = [
        unidentified,
        ~opioid,
        route_missing,
        ~has_factor,
        unit_missing,
        ~unit_ok,
        dose_missing,
        per_day_missing,
    ]
    reasons = [
        "drug not identified (other): MME unknown",
        None,
        "route missing",
        np.array([no_factor_reason(d, r) for d, r in zip(drug_arr, route_arr, strict=True)], dtype=object),
        "unit missing",
        np.array(
            [f"unit {u} does not match factor unit {fu}" for u, fu in zip(unit_arr, factor_unit, strict=True)],
            dtype=object,
        ),
        "dose missing",
        "administrations per day missing",
    ]
    reason = np.select(conditions, reasons, default=None) if len(out) else np.empty(0, dtype=object)
    convertible = (~opioid & ~unidentified) | pd.isna(reason)
    daily = np.where(is_rate, dose, dose * per_day)
    mme = np.where(~opioid & ~unidentified, 0.0, np.where(convertible, daily * factor, np.nan))

    out["opioid"] = opioid.astype(bool)
    out["mme_day"] = mme.astype("float64")
    out["convertible"] = np.asarray(convertible, dtype=bool)
    out["reason"] = pd.Series(reason, index=out.index, dtype=object)
    return out


def mme_per_day(drug, route, dose, unit, per_day, extra_factors: Mapping | None = None) -> float | None:
    """MME/day of one analgesic dose (0.0 for a non-opioid, None when not convertible).

    Same rules as :func:`convert` (CDC 2022, MMWR Recomm Rep 2022;71(RR-3); parenteral doses
    Nielsen et al., Pharmacoepidemiol Drug Saf 2016;25:733-737).

    Examples
    --------
    >>> mme_per_day("oxycodone", "oral", 10, "mg", 2)
    30.0
    >>> mme_per_day("fentanyl", "transdermal", 25, "mcg/h", None)
    60.0
    >>> mme_per_day("morphine", "sc", 5, "mg", 4)
    60.0
    """
    row = pd.DataFrame([{"drug": drug, "route": route, "dose": dose, "unit": unit, "per_day": per_day}])
    value = convert(row, extra_factors)["mme_day"].iloc[0]
    return None if np.isnan(value) else float(value)


def _row_steps(drug: pd.Series) -> np.ndarray:
    return np.select(
        [drug.isin(WEAK_OPIOIDS).to_numpy(), drug.isin(codelists.OPIOIDS).to_numpy()],
        [WHO_WEAK, WHO_STRONG],
        default=WHO_NON_OPIOID,
    )


def who_step(drugs: Iterable[str]) -> int:
    """WHO analgesic ladder step of a set of drugs taken at one visit.

    Source: WHO, Cancer pain relief, 1986 (2nd ed. 1996). **ablacem rule**: 0 no analgesic,
    1 non-opioids only, 2 weak opioid (codeine or tramadol only), 3 any other opioid.

    Parameters
    ----------
    drugs : iterable of str
        ``codelists.ANALGESIC_DRUG`` codes.

    Returns
    -------
    int
        0, 1, 2 or 3.

    Raises
    ------
    ValueError
        If a code is not a code of analgesic_drug.
    """
    codes = pd.Series(list(drugs), dtype=object)
    bad = ~codes.isin(codelists.ANALGESIC_DRUG.codes)
    if bad.any():
        raise ValueError(f"{codes[bad].iloc[0]!r} is not a code of analgesic_drug")
    return int(_row_steps(codes).max()) if len(codes) else WHO_NONE


def omed(
    analgesics: pd.DataFrame, visits: pd.DataFrame | None = None, extra_factors: Mapping | None = None
) -> pd.DataFrame:
    """Oral morphine equivalent daily dose (OMED) and WHO step per patient and timepoint.

    OMED is the sum of the visit's MME/day (CDC 2022, MMWR Recomm Rep 2022;71(RR-3); parenteral
    doses Nielsen et al. 2016, as in :func:`convert`);
    **ablacem rule**: it is unknown (NaN) when any analgesic of the visit cannot be converted,
    and a visit that was done with no analgesic rows has OMED 0 (WHO step 0). WHO step as in
    :func:`who_step` (WHO 1986/1996).

    Parameters
    ----------
    analgesics : DataFrame
        Columns ``patient_id``, ``timepoint`` and those of :func:`convert`.
    visits : DataFrame, optional
        Columns ``patient_id``, ``timepoint``, ``status``. When given, the result has exactly
        one row per visit with status ``done`` (analgesic rows of other visits are left out),
        and done visits without analgesic rows get OMED 0.0 and WHO step 0.
    extra_factors : mapping, optional
        Site-supplied factors, as in :func:`convert`.

    Returns
    -------
    DataFrame
        Columns ``patient_id``, ``timepoint``, ``omed`` (float), ``n_analgesics``,
        ``n_unconvertible``, ``who_step`` (Int64), sorted by patient and schedule order.
    """
    for column in ("patient_id", "timepoint"):
        if column not in analgesics:
            raise KeyError(f"analgesics need the column {column}")
    rows = convert(analgesics, extra_factors)
    rows = rows.assign(
        _unconvertible=~rows["convertible"].to_numpy(bool),
        _step=_row_steps(rows["drug"]),
    )
    keys = ["patient_id", "timepoint"]
    grouped = rows.groupby(keys, sort=False, dropna=False)
    result = grouped.agg(
        omed=("mme_day", "sum"),
        n_analgesics=("drug", "size"),
        n_unconvertible=("_unconvertible", "sum"),
        who_step=("_step", "max"),
    ).reset_index()
    result["omed"] = result["omed"].astype("float64").where(result["n_unconvertible"] == 0)

    if visits is not None:
        for column in ("patient_id", "timepoint", "status"):
            if column not in visits:
                raise KeyError(f"visits need the column {column}")
        done = visits.loc[visits["status"].eq(codelists.DONE).fillna(False).to_numpy(bool), keys].drop_duplicates()
        result = done.merge(result, on=keys, how="left")
        no_rows = result["n_analgesics"].isna()
        result.loc[no_rows, ["omed", "n_analgesics", "n_unconvertible", "who_step"]] = [0.0, 0, 0, WHO_NONE]

    order = {code: i for i, code in enumerate(TIMEPOINT_CODES)}
    result = (
        result.assign(_order=result["timepoint"].map(order).fillna(len(order)))
        .sort_values(["patient_id", "_order", "timepoint"], kind="stable")
        .drop(columns="_order")
        .reset_index(drop=True)
    )
    result["omed"] = result["omed"].astype("float64")
    for column in ("n_analgesics", "n_unconvertible", "who_step"):
        result[column] = result[column].astype("Int64")
    return result[list(OMED_COLUMNS)]
