#!/usr/bin/env python3
"""Reference values for PairedRatioSampleSize (Sources/GauntletCore/Statistics): block pairs a
paired ratio needs for its 95% interval to keep within a margin m with power 0.8, from the pairs'
log-ratio spread sigma. The normal part, n_z = ((z_{alpha/2} + z_beta) * sigma / ln m)^2, is
statsmodels' one-sided normal sample size,
normal_sample_size_one_tail(diff=|ln m|, power=0.8, alpha=0.025, std_null=sigma) (one side at
alpha/2: the interval's upper bound below ln m). Gauntlet then
divides by the signed-rank procedures' efficiency 3/pi and rounds up; the Swift test does that
step itself, so this file holds statsmodels' n_z only. Writes ratio-sample-size.json beside itself:

  .build-tools/stats-venv/bin/python Tests/GauntletCoreTests/Fixtures/statistics/make_ratio_sample_size.py
"""

import json
import math
import os

import numpy as np
import scipy
import statsmodels
from statsmodels.stats.power import normal_sample_size_one_tail

HERE = os.path.dirname(os.path.abspath(__file__))
VERSIONS = {"scipy": scipy.__version__, "statsmodels": statsmodels.__version__, "numpy": np.__version__}

rows = []
for sigma in [0.05, 0.1, 0.2, 0.3, 0.42, 0.6]:
    for margin in [1.05, 1.10, 1.25, 1.5, 0.9]:
        n = normal_sample_size_one_tail(abs(math.log(margin)), power=0.8, alpha=0.025, std_null=sigma)
        rows.append({"spread": sigma, "margin": margin, "normalPairs": float(n)})

with open(os.path.join(HERE, "ratio-sample-size.json"), "w") as out:
    json.dump({"generator": "make_ratio_sample_size.py", "versions": VERSIONS,
               "note": "normal_sample_size_one_tail(|ln m|, power=0.8, alpha=0.025, std_null=sigma)",
               "cases": rows}, out, indent=1)
