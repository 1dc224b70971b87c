#!/usr/bin/env python3
"""Reference values for IndependentProportionDifference (Sources/GauntletCore/Statistics): the
difference of two independent proportions, p_B - p_A, with Newcombe's hybrid score interval
(Newcombe 1998, Statistics in Medicine 17:873-890, method 10), as statsmodels computes it:
statsmodels.stats.proportion.confint_proportions_2indep(count1, nobs1, count2, nobs2,
method="newcomb", compare="diff"), with B as sample 1 so its difference is p_B - p_A.

statsmodels is checked first against the paper's worked examples (Table II, method 10) and
against the formula written out here, so a change in either shows up before any value is written.
Writes independent-difference.json beside itself; Tests/GauntletCoreTests/Statistics read it.
Kept apart from make_reference.py so adding this file does not regenerate the others:

  python3 -m venv .build-tools/stats-venv
  .build-tools/stats-venv/bin/pip install scipy statsmodels numpy
  .build-tools/stats-venv/bin/python Tests/GauntletCoreTests/Fixtures/statistics/make_independent_difference.py
"""

import json
import math
import os

import numpy as np
import scipy
import statsmodels
from scipy import stats
from statsmodels.stats.proportion import confint_proportions_2indep

HERE = os.path.dirname(os.path.abspath(__file__))
VERSIONS = {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "numpy": np.__version__}
Z = float(stats.norm.ppf(0.975))


def wilson(successes, n, z):
    p = successes / n
    centre = 2 * n * p + z * z
    spread = z * math.sqrt(z * z + 4 * n * p * (1 - p))
    denominator = 2 * (n + z * z)
    return (centre - spread) / denominator, (centre + spread) / denominator


def newcombe_independent(x_b, n_b, x_a, n_a, z):
    """Method 10: square-and-add of the two Wilson intervals, for p_B - p_A."""
    p_a, p_b = x_a / n_a, x_b / n_b
    l_a, u_a = wilson(x_a, n_a, z)
    l_b, u_b = wilson(x_b, n_b, z)
    theta = p_b - p_a
    return theta, theta - math.sqrt((p_b - l_b) ** 2 + (u_a - p_a) ** 2), theta + math.sqrt((u_b - p_b) ** 2 + (p_a - l_a) ** 2)


def reference(x_b, n_b, x_a, n_a):
    lower, upper = confint_proportions_2indep(x_b, n_b, x_a, n_a, method="newcomb", compare="diff", alpha=0.05)
    return float(lower), float(upper)


def main():
    # Newcombe (1998), Table II, method 10, as (x1, n1, x2, n2, lower, upper) for p1 - p2: the
    # worked examples (a), (b), (d), (e), (f), to the paper's four decimals.
    published = [
        (56, 70, 48, 80, 0.0524, 0.3339),
        (9, 10, 3, 10, 0.1705, 0.8090),
        (5, 56, 0, 29, -0.0381, 0.1926),
        (0, 10, 0, 20, -0.1611, 0.2775),
        (0, 10, 0, 10, -0.2775, 0.2775),
    ]
    for x1, n1, x2, n2, lower, upper in published:
        got = reference(x1, n1, x2, n2)
        assert (round(got[0], 4), round(got[1], 4)) == (lower, upper), ((x1, n1, x2, n2), got)

    # (errors or right answers of A, of n_A; of B, of n_B): error rates of load runs (rare, from
    # none to many), accuracies, unequal sizes, and the edges 0 and n.
    cases = [
        (0, 1, 0, 1), (0, 1, 1, 1), (1, 1, 0, 1), (0, 300, 0, 300), (0, 300, 3, 300), (3, 300, 0, 300),
        (12, 18_000, 30, 18_000), (150, 100_000, 120, 100_000), (1, 5_000, 2, 40_000), (0, 1_000_000, 1, 1_000_000),
        (420, 450, 431, 450), (9_400, 10_000, 9_520, 10_000), (56, 70, 48, 80), (48, 80, 56, 70), (10, 10, 0, 20),
        (300, 300, 299, 300), (7, 9, 2, 11), (500, 1_000, 500, 1_000), (2, 3, 5, 7_000), (250, 250, 0, 250),
    ]
    rows = []
    for x_a, n_a, x_b, n_b in cases:
        lower, upper = reference(x_b, n_b, x_a, n_a)
        theta, mine_lower, mine_upper = newcombe_independent(x_b, n_b, x_a, n_a, Z)
        assert abs(mine_lower - lower) < 1e-12 and abs(mine_upper - upper) < 1e-12, ((x_a, n_a, x_b, n_b), lower, mine_lower)
        rows.append({"successesA": x_a, "trialsA": n_a, "successesB": x_b, "trialsB": n_b, "estimate": theta,
                     "newcombe": [lower, upper]})
    with open(os.path.join(HERE, "independent-difference.json"), "w") as out:
        json.dump({"generator": "make_independent_difference.py", "versions": VERSIONS,
                   "note": "95% Newcombe hybrid score intervals (method 10) for p_B - p_A of independent samples: "
                           "statsmodels confint_proportions_2indep(method='newcomb', compare='diff'), B as sample 1",
                   "cases": rows}, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
