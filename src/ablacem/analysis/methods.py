"""The methods text and the sample-size paragraph, written from the options and the library versions."""

from __future__ import annotations

import math
from importlib.metadata import PackageNotFoundError, version

from ablacem import __version__

from .options import AnalysisOptions
from .stats.power import paired_power, paired_sample_size

LIBRARIES = ("numpy", "pandas", "scipy", "statsmodels", "lifelines")


def software_versions(libraries: tuple[str, ...] = LIBRARIES) -> dict[str, str]:
    """Versions of ablacem and of ``libraries`` (by default the statistical ones it computes with)."""
    out = {"ablacem": __version__}
    for name in libraries:
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def sample_size_text(options: AnalysisOptions) -> tuple[str, dict]:
    """The power paragraph, computed with statsmodels (paired t-test on the within-patient change)."""
    n, delta, sd, alpha = options.power_n, options.power_delta, options.power_sd, options.alpha
    power = paired_power(n, delta, sd, alpha)
    n80 = paired_sample_size(0.80, delta, sd, alpha)
    n90 = paired_sample_size(0.90, delta, sd, alpha)
    text = (
        f"Sample size. With {n} patients, each their own control, a two-sided paired t-test at alpha = {alpha:g} has "
        f"{100 * power:.1f}% power to detect a mean change in worst pain of {delta:g} points when the standard "
        f"deviation of the change is {sd:g} (standardised effect {delta / sd:.2f}); {math.ceil(n80)} and "
        f"{math.ceil(n90)} patients would give 80% and 90% power ({n80:.1f} and {n90:.1f}, rounded up). The "
        f"Wilcoxon signed-rank test used in the analysis has an asymptotic relative efficiency of at least 0.864 "
        f"against the t-test, so its power is of the same order. "
        f"Computed with statsmodels {software_versions()['statsmodels']} (TTestPower, noncentral t)."
    )
    return text, {
        "n": n,
        "delta": delta,
        "sd_change": sd,
        "alpha": alpha,
        "power": power,
        "n_for_80_percent": n80,
        "n_for_90_percent": n90,
    }


def methods_text(options: AnalysisOptions) -> str:
    """Methods paragraphs in plain English, following docs/statistical-analysis-plan.md."""
    v = software_versions()
    libs = ", ".join(f"{name} {v[name]}" for name in LIBRARIES)
    return "\n\n".join(
        [
            "Design and populations. Prospective single-centre single-arm cohort; each patient is their own "
            "control. All enrolled patients are counted; the analysis population is every patient who had the "
            "procedure (treated). Patients are never dropped silently: anyone left out of an analysis is counted "
            "in the flow and missing-data tables, and every data problem is listed in the data-quality appendix.",
            "Descriptive statistics. Continuous variables as mean (SD) and median (interquartile range, R type-7 "
            "quartiles); categorical variables as n (%). Proportions (technical success, complications, local "
            "control, response) with exact Clopper-Pearson 95% confidence intervals.",
            "Pain. Worst pain at the treated site (0-10) at baseline, immediately after the procedure, and at 1 "
            "week, 1 month and 3 months. Each follow-up is compared with baseline in the patients with both values "
            "by the paired Wilcoxon signed-rank test, computed as R's wilcox.test(paired = TRUE) with its defaults "
            "(exact below 50 pairs without ties or zero differences, otherwise the normal approximation with "
            "continuity correction); the four follow-up p-values are adjusted by Holm's method. The paired t-test "
            "is a sensitivity analysis. The primary model-based estimate comes from a linear mixed model (REML) with "
            "timepoint as a categorical fixed effect (baseline as reference) and a random intercept per patient, "
            "using every available observation. Its estimand is the mean change from baseline while alive: "
            "assessments after death do not exist and are not imputed; missing values of living patients are "
            "assumed missing at random given the observed pain history. The same model is fitted to log(1 + OMED) "
            "and to the QLQ-C30 global health status and summary score.",
            "Pain response follows the International Bone Metastases Consensus (Chow et al., 2012) with oral "
            "morphine equivalent daily doses from the CDC 2022 conversion factors; responders (complete or partial) "
            "are reported among evaluable patients (baseline pain of 2 or more, pain and OMED known), and in a "
            "sensitivity analysis with patients who died before the visit counted as non-responders.",
            "Analgesics. OMED per timepoint as median (IQR) with the paired Wilcoxon test against baseline; the WHO "
            "analgesic step at each follow-up is cross-tabulated against baseline.",
            "Quality of life. EORTC QLQ-C30 version 3.0 scores (scoring manual, 3rd edition) and the summary score "
            "(Giesinger et al., 2016) as mean (SD) per timepoint; change from baseline with the paired Wilcoxon "
            "test, Holm-adjusted across the 16 scores within each timepoint; changes of 10 points or more are "
            "classed as improved or worsened (Osoba et al., 1998).",
            "Local control and survival. Local tumour control at 3 months per lesion (Ahmed et al., 2014). Overall "
            "survival and local-progression-free survival from the procedure by Kaplan-Meier with numbers at risk "
            "and Greenwood 95% confidence intervals; the cumulative incidence of local progression with death as a "
            "competing risk by the Aalen-Johansen estimator.",
            f"Subgroups. By primary tumour (tumours with fewer than {options.subgroup_min_n} patients pooled as "
            "'other'), malignant versus benign, spinal versus extraspinal and RFA versus cryoablation: VAS change at "
            "1 and 3 months, response at 1 month and local control, with Mann-Whitney or Kruskal-Wallis tests and "
            "Fisher exact tests (Fisher-Freeman-Halton for more than two levels; Pearson chi-square only for tables "
            "too large to enumerate). These analyses are exploratory "
            "and not adjusted for multiplicity.",
            "Missing data are described per timepoint and instrument as expected, received and missing with the "
            "reason (SISAQOL). No imputation is done.",
            f"Two-sided tests at alpha = {options.alpha:g}. Software: ablacem {v['ablacem']} ({libs}).",
        ]
    )
