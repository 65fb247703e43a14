"""Local tumour control at 3 months, overall survival, local-progression-free survival."""

from __future__ import annotations

from ablacem.analysis.derive import Derived
from ablacem.analysis.options import AnalysisOptions
from ablacem.analysis.stats.describe import number
from ablacem.analysis.stats.proportion import clopper_pearson, format_proportion
from ablacem.analysis.stats.survival import (
    PROGRESSION,
    cumulative_incidence,
    horizon_key,
    kaplan_meier,
    local_progression_causes,
)
from ablacem.protocol.codelists import CONTROLLED, LOCAL_PROGRESSION

from ._common import Section, table

#: CT readings that decide local control (the rest are not evaluable).
READ = (CONTROLLED, LOCAL_PROGRESSION)


def local_control_m3(lesions) -> dict:
    """Controlled / evaluable treated lesions on the 3-month CT, exact 95% CI.

    Local tumour control: no local progression at the treated site (Ahmed et al., Radiology
    2014;273:241-260). Evaluable = a 3-month CT read as controlled or progression; a lesion
    with local progression on an earlier CT counts as not controlled.
    """
    les = lesions[lesions["treated"]] if len(lesions) else lesions
    status = les["local_status_m3"]
    early_progression = les["local_progression_day"].notna() & ~status.isin(READ)
    evaluable = status.isin(READ) | early_progression
    controlled = status.eq(CONTROLLED) & les["local_progression_day"].isna()
    out = clopper_pearson(int(controlled.sum()), int(evaluable.sum()))
    out["not_evaluable"] = int((~evaluable).sum())
    return out


def build(derived: Derived, options: AnalysisOptions) -> Section:
    """Local control, Kaplan-Meier OS and LPFS, Aalen-Johansen cumulative incidence of local progression."""
    p = derived.patients
    p = p[p["treated"]] if len(p) else p
    h = options.horizon_days
    lc = local_control_m3(derived.lesions)
    os_ = kaplan_meier(p["os_days"], p["os_event"], horizon=h, alpha=options.alpha)
    lpfs = kaplan_meier(p["lpfs_days"], p["lpfs_event"], horizon=h, alpha=options.alpha)
    # local progression with death without prior progression as the competing event
    cause = local_progression_causes(p, derived.lesions)
    cif = cumulative_incidence(p["lpfs_days"], cause, event_of_interest=PROGRESSION, horizon=h)
    key = horizon_key(h)
    rows = [
        {"Outcome": "Local tumour control at 3 months (per lesion)", "Result": format_proportion(lc)},
        {
            "Outcome": f"Overall survival at {h:g} days, Kaplan-Meier",
            "Result": _km_text(os_, key),
        },
        {
            "Outcome": f"Local-progression-free survival at {h:g} days, Kaplan-Meier",
            "Result": _km_text(lpfs, key),
        },
        {
            "Outcome": f"Cumulative incidence of local progression at {h:g} days (death competing), Aalen-Johansen",
            "Result": "NA"
            if cif[key] is None
            else f"{100 * cif[key]:.1f}% ({cif['events']} progressions, {cif['competing']} deaths first)",
        },
        {
            "Outcome": "Patients at risk (OS) at day " + ", ".join(f"{d:g}" for d in os_["at_risk"]["day"]),
            "Result": ", ".join(str(n) for n in os_["at_risk"]["n"]),
        },
    ]
    note = (
        "Local control: 3-month CT without local progression among lesions with an evaluable 3-month CT, exact "
        "Clopper-Pearson 95% CI (Ahmed et al., Radiology 2014). Overall survival from the procedure to death, censored "
        "at the last date known alive. Local-progression-free survival to local progression or death, censored at the "
        "last CT. Kaplan-Meier with Greenwood log-log 95% CI; cumulative incidence by the Aalen-Johansen estimator."
    )
    return Section(
        {
            "local_control_m3": lc,
            "overall_survival": os_,
            "local_progression_free_survival": lpfs,
            "local_progression_cumulative_incidence": cif,
        },
        [
            table(
                "local_control_survival",
                "Table 12. Local tumour control and survival",
                rows,
                note,
                "Local control and survival",
            )
        ],
    )


def _km_text(km: dict, key: str) -> str:
    if km[key] is None:
        return "NA"
    lo, hi = km["ci95_at_horizon"]
    ci = f"95% CI {number(100 * lo)}-{number(100 * hi)}%"
    return f"{100 * km[key]:.1f}% ({ci}); {km['events']} events in {km['n']} patients"
