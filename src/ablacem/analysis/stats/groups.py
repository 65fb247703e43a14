"""Exploratory comparisons between subgroups (rank tests and exact tests)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import gammaln
from scipy.stats import chi2_contingency, fisher_exact, kruskal, mannwhitneyu


def compare_continuous(values: pd.Series, groups: pd.Series) -> dict:
    """Mann-Whitney U (two groups) or Kruskal-Wallis (three or more) test.

    Mann HB, Whitney DR. Ann Math Stat 1947;18:50-60 (``scipy.stats.mannwhitneyu``,
    two-sided, with R ``wilcox.test``'s choice: exact when both groups have fewer than 50 values
    and there are no ties, else the normal approximation with continuity and tie correction);
    Kruskal WH, Wallis WA. JASA
    1952;47:583-621 (``scipy.stats.kruskal``, tie-corrected). Missing values are left out;
    groups with no value are left out of the test and named in ``note``.

    Returns
    -------
    dict
        ``{"test", "p", "n", "note"}``; ``p`` is None when no test is possible.
    """
    data = pd.DataFrame({"v": values, "g": groups}).dropna()
    by = {g: s.to_numpy(dtype="float64") for g, s in data.groupby("g", sort=True)["v"]}
    empty = sorted(set(pd.Series(groups).dropna()) - set(by))
    note = f"no values in {', '.join(map(str, empty))}" if empty else ""
    out = {"test": None, "p": None, "n": len(data), "note": note}
    if len(by) < 2:
        out["note"] = (note + "; " if note else "") + "fewer than two groups with values: no test"
        return out
    arrays = list(by.values())
    if np.ptp(np.concatenate(arrays)) == 0:
        out["note"] = (note + "; " if note else "") + "all values equal: no test"
        return out
    if len(arrays) == 2:
        out["test"] = "Mann-Whitney U"
        pooled = np.concatenate(arrays)
        exact = max(a.size for a in arrays) < 50 and np.unique(pooled).size == pooled.size
        method = "exact" if exact else "asymptotic"
        out["p"] = float(mannwhitneyu(arrays[0], arrays[1], alternative="two-sided", method=method).pvalue)
    else:
        out["test"] = "Kruskal-Wallis"
        out["p"] = float(kruskal(*arrays).pvalue)
    return out


#: Largest number of tables the exact r x 2 test enumerates; above it (large cohorts, where the
#: chi-square approximation is good) Pearson's chi-square test is used.
MAX_EXACT_TABLES = 200_000


def freeman_halton_p(counts) -> float | None:
    """Exact conditional p-value of an r x 2 table (Fisher's exact test extended to r rows).

    Freeman GH, Halton JH. Biometrika 1951;38:141-149: with the row and column totals fixed, a
    table's probability is prod C(n_i, x_i) / C(N, K); the p-value is the total probability of the
    tables no more probable than the observed one (relative tolerance 1e-7, as R's
    ``fisher.test``). Every table is enumerated, which SciPy does not offer (its r x c test is
    Monte Carlo); None when there would be more than ``MAX_EXACT_TABLES`` of them.

    Parameters
    ----------
    counts : array (r, 2)
        Successes and failures per group.
    """
    counts = np.asarray(counts, dtype=int)
    sizes = counts.sum(axis=1)
    k = int(counts[:, 0].sum())
    if float(np.prod(sizes.astype(float) + 1)) > MAX_EXACT_TABLES:
        return None
    sums, logp = np.zeros(1, dtype=int), np.zeros(1)
    for size in sizes:
        x = np.arange(size + 1)
        log_choose = gammaln(size + 1) - gammaln(x + 1) - gammaln(size - x + 1)
        sums = (sums[:, None] + x[None, :]).ravel()
        logp = (logp[:, None] + log_choose[None, :]).ravel()
        keep = sums <= k
        sums, logp = sums[keep], logp[keep]
    logp = logp[sums == k]
    observed = float((gammaln(sizes + 1) - gammaln(counts[:, 0] + 1) - gammaln(counts[:, 1] + 1)).sum())
    total = np.exp(logp - logp.max()).sum()
    extreme = np.exp(logp[logp <= observed + np.log1p(1e-7)] - logp.max()).sum()
    return float(min(1.0, extreme / total))


def compare_binary(successes: pd.Series, groups: pd.Series, *, exact_r_by_2: bool = False) -> dict:
    """Fisher's exact test of a yes/no outcome across groups.

    Fisher RA. J R Stat Soc 1922;85:87-94. For two groups the exact 2x2 test
    (``scipy.stats.fisher_exact``). For three or more groups, with ``exact_r_by_2`` the exact
    Fisher-Freeman-Halton test (:func:`freeman_halton_p`) when the table is small enough to
    enumerate; otherwise Pearson's chi-square test without continuity correction
    (``scipy.stats.chi2_contingency``), labelled as such, because SciPy's larger-table Fisher
    test is a Monte Carlo approximation rather than exact.

    Returns
    -------
    dict
        ``{"test", "p", "n", "note"}``; ``p`` is None when no test is possible.
    """
    data = pd.DataFrame({"y": successes, "g": groups}).dropna()
    data["y"] = data["y"].astype(bool)
    table = pd.crosstab(data["g"], data["y"]).reindex(columns=[True, False], fill_value=0)
    out = {"test": None, "p": None, "n": len(data), "note": ""}
    if table.shape[0] < 2 or (table.sum(axis=0) == 0).any():
        out["note"] = "fewer than two groups, or the outcome does not vary: no test"
        return out
    counts = table.to_numpy(dtype=int)
    if counts.shape[0] == 2:
        out["test"] = "Fisher exact"
        out["p"] = float(fisher_exact(counts).pvalue)
        return out
    if exact_r_by_2:
        p = freeman_halton_p(counts)
        if p is not None:
            out["p"], out["test"] = p, "Fisher-Freeman-Halton exact"
            return out
    # SciPy's r x c Fisher test is Monte Carlo by default (random, not exact): use Pearson's
    # chi-square test instead and say so.
    out["p"] = float(chi2_contingency(counts, correction=False).pvalue)
    out["test"] = "Pearson chi-square"
    return out
