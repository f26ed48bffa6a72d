"""Expected values for dev.harmonica.report.stats, computed with the reference implementations.

References (pinned in ../requirements.txt): scipy 1.17.1 (permutation_test, norm, ecdf, logrank, chi2),
statsmodels 0.15.0 (StratifiedTable). The Java tests read the JSON this prints and need no Python:

    python harness/src/test/python/stats/expected_values.py \
        > harness/src/test/resources/dev/harmonica/report/stats/expected.json

Every input vector is fixed here (no randomness), so the output is deterministic.
"""
import json
import math
import sys
from fractions import Fraction

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.contingency_tables import StratifiedTable


def rates(pairs):
    """[(failed, judged), ...] -> per-scenario rates as floats."""
    return [f / j for f, j in pairs]


# --- paired per-scenario rate differences: sign-flip test (exact), mean, SD, minimal detectable difference
PAIRED = {
    "small_mixed": (
        [(1, 5), (0, 4), (2, 6), (0, 5), (1, 5), (3, 7), (0, 3), (0, 4), (1, 5), (2, 6)],
        [(0, 5), (0, 4), (1, 6), (0, 5), (0, 5), (1, 7), (0, 3), (1, 4), (0, 5), (1, 6)],
    ),
    "unequal_lengths": (
        [(2, 3), (0, 8), (1, 2), (4, 9), (0, 1), (3, 3), (1, 10), (0, 6), (2, 5), (1, 4), (0, 2), (5, 12)],
        [(1, 5), (1, 8), (0, 4), (2, 9), (1, 1), (1, 6), (0, 10), (0, 6), (1, 3), (1, 4), (1, 2), (3, 12)],
    ),
    "twenty_nonzero": (
        [(i % 4, 6) for i in range(20)] + [(0, 3)] * 5,
        [((i * 2 + 1) % 7, 7) for i in range(20)] + [(0, 3)] * 5,
    ),
    "ties_cancel": (
        [(1, 2), (0, 2), (1, 4), (0, 4)],
        [(0, 2), (1, 2), (0, 4), (1, 4)],
    ),
}


def paired_case(a_pairs, b_pairs):
    ra, rb = np.array(rates(a_pairs)), np.array(rates(b_pairs))
    d = rb - ra
    n = len(d)
    # scipy enumerates all 2^n pair swaps; differences equal to 0 never change the statistic, so with more than 20
    # pairs only the non-zero ones are handed to it (same p, 2^k instead of 2^n patterns)
    keep = d != 0 if n > 20 else np.ones(n, bool)
    res = stats.permutation_test(
        (rb[keep], ra[keep]), lambda x, y, axis: np.mean(x - y, axis=axis), permutation_type="samples",
        vectorized=True, n_resamples=np.inf, alternative="two-sided", batch=1 << 12)
    # exact p as a count: sign patterns of the non-zero differences with |sum| >= |observed|, in integers
    fr = [Fraction(fb, jb) - Fraction(fa, ja) for (fa, ja), (fb, jb) in zip(a_pairs, b_pairs)]
    nz = [x for x in fr if x != 0]
    den = math.lcm(*[x.denominator for x in nz]) if nz else 1
    ints = [int(x * den) for x in nz]
    sums = np.zeros(1, dtype=np.int64)
    for v in ints:
        sums = np.concatenate([sums + v, sums - v])
    hits = int(np.sum(np.abs(sums) >= abs(sum(ints))))
    sd = float(np.std(d, ddof=1))
    z = stats.norm.ppf(0.975) + stats.norm.ppf(0.80)
    return {
        "a": a_pairs, "b": b_pairs, "n": n, "mean_a": float(np.mean(ra)), "mean_b": float(np.mean(rb)),
        "difference": float(np.mean(d)), "sd": sd, "mdd": float(z * sd / np.sqrt(n)),
        "nonzero": len(nz), "p_scipy": float(res.pvalue), "p_hits": hits, "p_patterns": 1 << len(nz),
    }


# --- Cochran-Mantel-Haenszel: strata [[a, b], [c, d]] (rows: B, A; columns: failed, ok)
CMH = {
    "depth_buckets": [[[3, 17], [6, 14]], [[5, 25], [9, 21]], [[4, 16], [10, 12]], [[2, 8], [5, 6]]],
    "sparse": [[[0, 5], [1, 4]], [[1, 3], [2, 2]], [[0, 2], [1, 1]], [[2, 9], [3, 8]], [[1, 1], [0, 2]]],
    "large": [[[120, 880], [150, 850]], [[80, 420], [95, 400]], [[60, 240], [90, 210]]],
    "no_difference": [[[5, 15], [5, 15]], [[2, 8], [2, 8]]],
}


def cmh_case(tables):
    st = StratifiedTable([np.array(t, dtype=float) for t in tables])
    plain, corr = st.test_null_odds(correction=False), st.test_null_odds(correction=True)
    lo, hi = st.oddsratio_pooled_confint(alpha=0.05)
    a = np.array([t[0][0] for t in tables], float)
    apb = np.array([t[0][0] + t[0][1] for t in tables], float)
    apc = np.array([t[0][0] + t[1][0] for t in tables], float)
    n = np.array([sum(map(sum, t)) for t in tables], float)
    deviation = float(abs(np.sum(a - apb * apc / n)))
    return {
        "tables": tables, "statistic": float(plain.statistic), "p": float(plain.pvalue),
        "statistic_corrected": float(corr.statistic), "p_corrected": float(corr.pvalue),
        # survival function for p: 1 - cdf loses digits for small p
        "p_sf": float(stats.chi2.sf(plain.statistic, 1)),
        "p_corrected_sf": float(stats.chi2.sf(corr.statistic, 1)),
        "deviation": deviation, "odds_ratio": float(st.oddsratio_pooled), "or_ci": [float(lo), float(hi)],
    }


# --- Kaplan-Meier and log-rank: (time, event) with event False = right-censored
KM = {
    "variant_a": [(1, True), (1, True), (2, False), (3, True), (3, False), (4, True), (5, False), (5, False),
                  (6, True), (8, False), (8, True), (9, False), (2, True), (7, False), (1, False)],
    "variant_b": [(2, True), (4, False), (5, True), (6, False), (6, False), (7, True), (8, False), (9, False),
                  (9, False), (10, False), (3, False), (12, True), (5, False), (11, False), (4, True)],
    "all_censored": [(3, False), (5, False), (2, False)],
}


def km_case(obs):
    t = np.array([o[0] for o in obs], float)
    e = np.array([o[1] for o in obs], bool)
    res = stats.ecdf(stats.CensoredData(uncensored=t[e], right=t[~e]))
    times = sorted(set(int(x) for x in t))
    return {"observations": obs, "times": times,
            "survival": [float(res.sf.evaluate(x)) for x in times]}


def logrank_case(x, y):
    def cd(obs):
        t = np.array([o[0] for o in obs], float)
        e = np.array([o[1] for o in obs], bool)
        return stats.CensoredData(uncensored=t[e], right=t[~e])
    r = stats.logrank(cd(x), cd(y))
    return {"z": float(r.statistic), "chi_square": float(r.statistic) ** 2, "p": float(r.pvalue)}


def main():
    out = {
        "generated_by": "harness/src/test/python/stats/expected_values.py",
        "versions": {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "numpy": np.__version__},
        "normal": {"z_975": float(stats.norm.ppf(0.975)), "z_80": float(stats.norm.ppf(0.80)),
                   "chi2_sf": {str(x): float(stats.chi2.sf(x, 1)) for x in (0.5, 1.0, 3.841458820694124, 10.0, 40.0)}},
        "paired": {k: paired_case(*v) for k, v in PAIRED.items()},
        "cmh": {k: cmh_case(v) for k, v in CMH.items()},
        "km": {k: km_case(v) for k, v in KM.items()},
        "logrank": {"a_vs_b": logrank_case(KM["variant_a"], KM["variant_b"]),
                    "b_vs_a": logrank_case(KM["variant_b"], KM["variant_a"])},
    }
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
