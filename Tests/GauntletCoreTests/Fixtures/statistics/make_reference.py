#!/usr/bin/env python3
"""Reference values for Gauntlet's comparison statistics (Sources/GauntletCore/Statistics),
computed by other implementations: scipy and statsmodels where they have the statistic, and
independent code written here from the published formulas where they do not.

Writes one JSON file per statistic next to this script. The Swift tests in
Tests/GauntletCoreTests/Statistics/ read them (through StatisticsReference.swift) and need no
Python. docs/comparison.md describes the statistics and the tolerances.
Run by hand after changing a case, and commit the output:

  python3 -m venv .build-tools/stats-venv
  .build-tools/stats-venv/bin/pip install scipy statsmodels numpy
  .build-tools/stats-venv/bin/python Tests/GauntletCoreTests/Fixtures/statistics/make_reference.py

Where the reference comes from, per file:
  normal.json             scipy.stats.norm.cdf / sf / ppf
  binomial.json           scipy.stats.binom.cdf / sf / pmf
  mcnemar.json            statsmodels.stats.contingency_tables.mcnemar (exact=True below 25
                          discordant rows, else exact=False, correction=True); see the b = c note
  paired-difference.json  Wald and Newcombe's hybrid score interval (Newcombe 1998, method 10),
                          written here from the paper; checked against the worked values of
                          Fagerland, Lydersen & Laake (R package contingencytables)
  signed-rank.json        scipy.stats.wilcoxon p-values; Hodges-Lehmann estimate and interval by
                          brute force (every Walsh average; the critical value from the exact
                          signed-rank distribution counted in integers, itself checked against
                          enumeration and against scipy's exact p-values)
  holm.json               statsmodels.stats.multitest.multipletests(method="holm")
  distances.json          scipy.spatial.distance.jensenshannon(base=2); PSI written here
  sample-size.json        Connor (1987), written here with scipy.stats.norm.ppf
"""

import itertools
import json
import math
import os

import numpy as np
import scipy
import statsmodels
from scipy import stats
from scipy.spatial.distance import jensenshannon
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests

HERE = os.path.dirname(os.path.abspath(__file__))
VERSIONS = {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "numpy": np.__version__}


def write(name, note, cases):
    with open(os.path.join(HERE, name), "w") as out:
        json.dump({"generator": "make_reference.py", "versions": VERSIONS, "note": note, "cases": cases}, out, indent=1)
        out.write("\n")


# MARK: Normal distribution

def normal():
    xs = [-37, -30, -20, -12.5, -10, -8.5, -6, -5, -3, -2.5, -1.959963984540054, -1, -0.5, -0.1,
          -1e-3, -1e-9, 0, 1e-9, 1e-3, 0.1, 0.5, 1, 1.959963984540054, 2.5, 3, 5, 6, 8.5, 10, 20, 37]
    ps = [1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-15, 1e-10, 1e-7, 1e-5, 1e-4, 1e-3, 0.005, 0.01, 0.02,
          0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.425, 0.45, 0.5, 0.55, 0.575, 0.6, 0.7, 0.8, 0.9, 0.95, 0.975,
          0.98, 0.99, 0.995, 0.999, 0.9999, 1 - 1e-7, 1 - 1e-10, 1 - 1e-15]
    cdf = [{"x": x, "cdf": float(stats.norm.cdf(x)), "survival": float(stats.norm.sf(x))} for x in xs]
    quantile = [{"p": p, "quantile": float(stats.norm.ppf(p))} for p in ps]
    write("normal.json", "scipy.stats.norm (Cephes ndtr/ndtri)", {"cdf": cdf, "quantile": quantile})


# MARK: Binomial distribution

def binomial():
    cases = []
    # Every k for the exact McNemar test's n (p = 1/2).
    for n in range(1, 25):
        cases += [(k, n, 0.5) for k in range(0, n + 1)]
    cases += [(k, 100, 0.3) for k in (0, 5, 10, 20, 25, 30, 35, 40, 50, 60, 99, 100)]
    cases += [(k, 1000, 0.5) for k in (100, 400, 450, 480, 499, 500, 520, 600, 900)]
    cases += [(k, 1000, 0.999) for k in (980, 990, 995, 998, 999, 1000)]
    cases += [(k, 10_000, 0.02) for k in (100, 150, 180, 200, 220, 300)]
    cases += [(k, 1_000_000, 0.5) for k in (495_000, 498_000, 499_000, 499_900, 500_000, 500_500, 502_000)]
    cases += [(k, 1_000_000, 1e-4) for k in (50, 80, 100, 120, 150)]
    cases += [(k, 1_000_000, 0.25) for k in (248_000, 250_000, 251_000)]
    rows = [
        {
            "k": k, "n": n, "p": p,
            "pmf": float(stats.binom.pmf(k, n, p)),
            "cdf": float(stats.binom.cdf(k, n, p)),
            "survival": float(stats.binom.sf(k, n, p)),
        }
        for k, n, p in cases
    ]
    write("binomial.json", "scipy.stats.binom (Boost incomplete beta); survival = P(X > k)", rows)


# MARK: McNemar

def mcnemar_cases():
    small = [0, 1, 2, 3, 5, 8, 12]
    pairs = [(b, c) for b in small for c in small]
    pairs += [(12, 12), (13, 11), (11, 13), (0, 24), (24, 0), (0, 25), (25, 0), (13, 12), (12, 13), (10, 20),
              (20, 10), (30, 30), (30, 45), (6, 16), (100, 130), (130, 100), (500, 560), (1000, 1100), (40, 80)]
    rows = []
    for b, c in pairs:
        table = [[0, b], [c, 0]]
        exact = b + c < 25
        result = mcnemar(table, exact=exact, correction=True)
        p = float(result.pvalue)
        statistic = float(result.statistic)
        note = None
        if not exact and b == c:
            # statsmodels squares |b - c| - 1 = -1 when b = c, giving chi2 = 1/(b + c). The continuity
            # correction moves |b - c| toward 0 and never past it: chi2 = 0 and p = 1, as the exact test says.
            note = f"statsmodels gives chi2 {statistic!r}, p {p!r}; corrected |b-c|-1 clamps at 0"
            statistic, p = 0.0, float(stats.chi2.sf(0.0, 1))
        rows.append({"b": b, "c": c, "exact": exact, "statistic": statistic, "p": p, "note": note})
    # The published worked example (Cavo et al. 2012 in Fagerland, Lydersen & Laake: b = 6, c = 16):
    # exact conditional P = 0.052479. A check of the reference itself.
    cavo = next(r for r in rows if (r["b"], r["c"]) == (6, 16))
    assert abs(cavo["p"] - 0.052479) < 5e-7, cavo
    write("mcnemar.json", "statsmodels mcnemar: exact binomial when b + c < 25, else chi2 with continuity correction",
          rows)


# MARK: Paired difference of proportions

def wilson(successes, n, z):
    p = successes / n
    centre = 2 * n * p + z * z
    spread = z * math.sqrt(z * z + 4 * n * p * (1 - p))
    denominator = 2 * (n + z * z)
    return (centre - spread) / denominator, (centre + spread) / denominator


def newcombe_paired(a, b, c, d, z):
    """Newcombe (1998), Statistics in Medicine 17:2635-2650, method 10 (hybrid score, no continuity
    correction), for theta = p_B - p_A where rows are A (right, wrong) and columns B (right, wrong):
    a = both right, b = A only, c = B only, d = both wrong."""
    n = a + b + c + d
    p_a, p_b = (a + b) / n, (a + c) / n
    l_a, u_a = wilson(a + b, n, z)
    l_b, u_b = wilson(a + c, n, z)
    margins = (a + b) * (c + d) * (a + c) * (b + d)
    if margins == 0:
        phi = 0.0
    else:
        # The paper's corrected phi: a*d - b*c shrunk toward zero by n/2 when positive.
        cross = a * d - b * c
        corrected = cross - n / 2 if cross > n / 2 else (0.0 if cross >= 0 else cross)
        phi = corrected / math.sqrt(margins)
    theta = p_b - p_a
    lower = theta - math.sqrt(max(0.0, (p_b - l_b) ** 2 - 2 * phi * (p_b - l_b) * (u_a - p_a) + (u_a - p_a) ** 2))
    upper = theta + math.sqrt(max(0.0, (u_b - p_b) ** 2 - 2 * phi * (u_b - p_b) * (p_a - l_a) + (p_a - l_a) ** 2))
    return theta, lower, upper


def wald_paired(a, b, c, d, z):
    n = a + b + c + d
    theta = (c - b) / n
    half = z * math.sqrt(max(0.0, b + c - (b - c) ** 2 / n)) / n
    return theta, theta - half, theta + half


def paired_difference():
    z = float(stats.norm.ppf(0.975))
    # Check the implementation against the book's worked values before trusting it. Fagerland et al.
    # orient the table the other way (theta = p_1+ - p_+1 = p_A - p_B), so their interval is ours negated.
    theta, lower, upper = newcombe_paired(59, 6, 16, 80, z)  # Cavo et al. 2012: -0.0621 (-0.1186 to -0.0046)
    assert (round(-theta, 4), round(-upper, 4), round(-lower, 4)) == (-0.0621, -0.1186, -0.0046), (theta, lower, upper)
    theta, lower, upper = newcombe_paired(1, 0, 0, 1, z)  # 0.0000 (-0.5734 to 0.5734)
    assert (round(lower, 4), round(upper, 4)) == (-0.5734, 0.5734), (lower, upper)

    tables = [
        (59, 6, 16, 80), (59, 16, 6, 80), (1, 0, 0, 1), (1, 1, 7, 12), (12, 9, 2, 1), (400, 12, 8, 30),
        (410, 3, 12, 25), (9200, 150, 120, 530), (50, 0, 0, 0), (0, 0, 0, 10), (100, 0, 0, 0), (3, 5, 0, 2),
        (0, 10, 0, 0), (0, 4, 6, 0), (880, 45, 30, 45), (0, 0, 1, 0), (30, 0, 5, 0),
    ]
    rows = []
    for a, b, c, d in tables:
        n_theta, n_lower, n_upper = newcombe_paired(a, b, c, d, z)
        w_theta, w_lower, w_upper = wald_paired(a, b, c, d, z)
        assert abs(n_theta - w_theta) < 1e-15
        rows.append({"bothRight": a, "onlyA": b, "onlyB": c, "bothWrong": d, "estimate": w_theta,
                     "newcombe": [n_lower, n_upper], "wald": [w_lower, w_upper]})
    write("paired-difference.json",
          "95% intervals for accuracy(B) - accuracy(A); z = scipy.stats.norm.ppf(0.975); "
          "Newcombe method 10 from the paper's formulas, checked against contingencytables' worked values",
          rows)


# MARK: Wilcoxon signed-rank and Hodges-Lehmann

def signed_rank_counts(n):
    """counts[t] = number of sign patterns of ranks 1..n whose positive ranks sum to t (exact integers)."""
    counts = [1]
    for rank in range(1, n + 1):
        grown = counts + [0] * rank
        for t, count in enumerate(counts):
            grown[t + rank] += count
        counts = grown
    return counts


def check_signed_rank_counts():
    for n in range(1, 13):
        enumerated = [0] * (n * (n + 1) // 2 + 1)
        for signs in itertools.product((0, 1), repeat=n):
            enumerated[sum(rank for rank, positive in zip(range(1, n + 1), signs) if positive)] += 1
        assert enumerated == signed_rank_counts(n), n
    rng = np.random.default_rng(7)
    for n in (10, 20, 30, 50):
        counts = signed_rank_counts(n)
        for _ in range(20):
            signs = rng.integers(0, 2, n)
            data = np.array([(rank + 1) * (1 if s else -1) for rank, s in enumerate(signs)], dtype=float)
            t_plus = int(sum(rank + 1 for rank, s in enumerate(signs) if s))
            low = min(t_plus, n * (n + 1) // 2 - t_plus)
            mine = min(1.0, 2 * sum(counts[: low + 1]) / 2**n)
            theirs = float(stats.wilcoxon(data, method="exact").pvalue)
            assert abs(mine - theirs) <= 1e-12 * theirs, (n, mine, theirs)


def hodges_lehmann(values, confidence):
    n = len(values)
    walsh = sorted((values[i] + values[j]) / 2 for i in range(n) for j in range(i, n))
    m = len(walsh)
    estimate = float(np.median(walsh))
    tail = (1 - confidence) / 2
    if n <= 50:
        counts = signed_rank_counts(n)
        total = 2**n
        # The largest c with P(T <= c - 1) <= tail; the interval is [W(c), W(m + 1 - c)], 1-based.
        c, cumulative = 0, 0
        while cumulative + counts[c] <= tail * total:
            cumulative += counts[c]
            c += 1
        if c == 0:
            return estimate, None, None, "exact"
        achieved = 1 - 2 * cumulative / total
        method = "exact"
    else:
        sigma = math.sqrt(n * (n + 1) * (2 * n + 1) / 24)
        z = float(stats.norm.ppf(1 - tail))
        c = math.floor(m / 2 + 0.5 - z * sigma)
        achieved = 1 - 2 * float(stats.norm.cdf((c - 0.5 - m / 2) / sigma))
        # The approximation's critical value stays within one of the exact one.
        counts = signed_rank_counts(n)
        exact_c, cumulative = 0, 0
        while cumulative + counts[exact_c] <= tail * 2**n:
            cumulative += counts[exact_c]
            exact_c += 1
        assert abs(exact_c - c) <= 1, (n, c, exact_c)
        method = "normal"
    return estimate, [walsh[c - 1], walsh[m - c]], achieved, method


def signed_rank():
    check_signed_rank_counts()
    rng = np.random.default_rng(20261111)
    cases = []

    def add(name, baseline, candidate, confidence=0.95):
        baseline = [float(x) for x in baseline]
        candidate = [float(x) for x in candidate]
        d = [math.log(y / x) for x, y in zip(baseline, candidate)]
        estimate, interval, achieved, method = hodges_lehmann(d, confidence)
        nonzero = [x for x in d if x != 0]
        ties = len(set(abs(x) for x in nonzero)) < len(nonzero)
        if not nonzero:
            p, test_method = 1.0, "exact"
        elif len(nonzero) <= 50 and not ties and len(nonzero) == len(d):
            p, test_method = float(stats.wilcoxon(d, method="exact").pvalue), "exact"
        else:
            p = float(stats.wilcoxon(d, zero_method="wilcox", correction=True, method="asymptotic").pvalue)
            test_method = "normal"
        cases.append({
            "name": name, "baseline": baseline, "candidate": candidate, "confidence": confidence,
            "logDifferences": d, "logEstimate": estimate, "logInterval": interval, "achievedConfidence": achieved,
            "intervalMethod": method, "ratio": math.exp(estimate),
            "ratioInterval": None if interval is None else [math.exp(interval[0]), math.exp(interval[1])],
            "pValue": p, "testMethod": test_method,
        })

    def lognormal_blocks(n, effect, noise, drift=0.3):
        shared = rng.normal(0, drift, n)
        base = 40 * np.exp(shared + rng.normal(0, noise, n))
        cand = 40 * effect * np.exp(shared + rng.normal(0, noise, n))
        return np.round(base, 6), np.round(cand, 6)

    for n in (1, 2, 5, 6, 7, 8, 9, 10, 12, 15, 16, 20, 25, 30, 40, 50, 51, 60, 80, 100):
        add(f"null n={n}", *lognormal_blocks(n, 1.0, 0.1))
    for n in (6, 8, 10, 12, 20, 50, 64):
        add(f"+30% n={n}", *lognormal_blocks(n, 1.3, 0.12))
    for n in (10, 20):
        add(f"-10% n={n}", *lognormal_blocks(n, 0.9, 0.08))
    base, cand = lognormal_blocks(12, 1.1, 0.1)
    add("90% confidence n=12", base, cand, confidence=0.90)
    add("99% confidence n=12", base, cand, confidence=0.99)
    # Ties and zeros, as histogram buckets give: the p-value falls back on the normal approximation.
    add("ties and zeros", [10, 10, 10, 12, 12, 20, 20, 30, 8, 9, 11, 10],
        [10, 11, 12, 12, 14, 22, 18, 33, 8, 10, 12, 12])
    add("tied magnitudes", [10, 10, 10, 10, 10, 10, 10, 10], [11, 12, 11, 9, 13, 12, 11, 14])
    add("all equal", [5] * 8, [5] * 8)
    write("signed-rank.json",
          "d = ln(candidate / baseline). Hodges-Lehmann by brute force: median of all Walsh averages; interval "
          "[W(c), W(m+1-c)] with c the largest such that P(T <= c-1) <= (1 - confidence)/2 under the exact "
          "signed-rank distribution for n <= 50 (integer counts), else c = floor(m/2 + 1/2 - z*sigma); "
          "null interval when no such c >= 1. p-values: scipy.stats.wilcoxon exact for n <= 50 without ties "
          "or zeros, else zero_method='wilcox', correction=True, asymptotic.",
          cases)


# MARK: Holm

def holm():
    lists = [
        [0.01, 0.04, 0.03, 0.005], [0.5], [0.049], [0.051], [0.001, 0.001, 0.2], [0.02, 0.03, 0.04, 0.05, 0.06],
        [0.012, 0.011, 0.009, 0.3, 0.0001, 0.04], [0.2, 0.2, 0.2], [0.0, 1.0, 0.025, 0.0125], [0.01, 0.02],
        [0.03, 0.02, 0.01],
    ]
    rows = []
    for p in lists:
        for alpha in (0.05, 0.1):
            reject, adjusted, _, _ = multipletests(p, alpha=alpha, method="holm")
            rows.append({"p": p, "alpha": alpha, "adjusted": [float(x) for x in adjusted],
                         "rejected": [bool(x) for x in reject]})
    write("holm.json", "statsmodels.stats.multitest.multipletests(method='holm')", rows)


# MARK: Distribution distances

PSI_FLOOR = 1e-4


def psi(expected, actual, floor=PSI_FLOOR):
    e = np.asarray(expected, dtype=float) / sum(expected)
    a = np.asarray(actual, dtype=float) / sum(actual)
    e, a = np.maximum(e, floor), np.maximum(a, floor)
    return float(np.sum((a - e) * np.log(a / e)))


def distances():
    pairs = [
        ([10, 10, 10], [10, 10, 10]), ([1, 0], [0, 1]), ([50, 30, 20], [45, 35, 20]), ([100, 0, 0], [90, 5, 5]),
        ([980, 12, 8], [975, 15, 10]), ([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [10, 9, 8, 7, 6, 5, 4, 3, 2, 1]),
        ([400, 50], [380, 70]), ([5, 0, 5], [0, 10, 0]), ([123456, 654321], [123000, 655000]),
    ]
    rows = [{"a": a, "b": b, "jensenShannon": float(jensenshannon(a, b, base=2)), "psi": psi(a, b)} for a, b in pairs]
    write("distances.json", f"Jensen-Shannon distance: scipy jensenshannon(base=2). PSI: sum (b - a) ln(b / a) over "
          f"proportions, each floored at {PSI_FLOOR}", rows)


# MARK: Sample size

def sample_size():
    rows = []
    for psi_, delta, alpha, power in [(0.05, 0.01, 0.05, 0.8), (0.05, 0.01, 0.05, 0.9), (0.1, 0.02, 0.05, 0.8),
                                      (0.2, 0.05, 0.01, 0.8), (0.03, 0.005, 0.05, 0.8), (0.5, 0.3, 0.05, 0.8),
                                      (0.02, 0.01, 0.1, 0.8)]:
        za, zb = float(stats.norm.ppf(1 - alpha / 2)), float(stats.norm.ppf(power))
        n = (za * math.sqrt(psi_) + zb * math.sqrt(psi_ - delta**2)) ** 2 / delta**2
        rows.append({"kind": "rows", "discordance": psi_, "difference": delta, "alpha": alpha, "power": power,
                     "exact": n, "rows": math.ceil(n)})
    for psi_, delta, alpha, rows_ in [(0.05, 0.01, 0.05, 450), (0.05, 0.01, 0.05, 3923), (0.05, 0.01, 0.05, 10000),
                                      (0.1, 0.03, 0.05, 450), (0.05, 0.02, 0.05, 100)]:
        za = float(stats.norm.ppf(1 - alpha / 2))
        zb = (math.sqrt(rows_) * delta - za * math.sqrt(psi_)) / math.sqrt(psi_ - delta**2)
        rows.append({"kind": "power", "discordance": psi_, "difference": delta, "alpha": alpha, "rows": rows_,
                     "power": float(stats.norm.cdf(zb))})
    write("sample-size.json", "Connor (1987): n = [z_{a/2} sqrt(psi) + z_b sqrt(psi - delta^2)]^2 / delta^2, z from "
          "scipy.stats.norm.ppf; power = Phi((sqrt(n) delta - z_{a/2} sqrt(psi)) / sqrt(psi - delta^2))", rows)


if __name__ == "__main__":
    normal()
    binomial()
    mcnemar_cases()
    paired_difference()
    signed_rank()
    holm()
    distances()
    sample_size()
