"""Golden vectors for the analysis library's own kernels (src/analysis/statistics/chiSquareDistribution.ts
and src/analysis/silhouette.ts).

Run with the Debian interpreter that has SciPy 1.10.1 and scikit-learn 1.2.1:

    /usr/bin/python3 test/reference/analysis_qc_vectors.py

It writes analysis_qc_vectors.json next to this script. Sections:

- chi2: scipy.stats.chi2 cdf / sf at a grid of x for dof 1 … 30 (including far tails), and ppf / isf
  at probabilities from 1e-12 to 1 − 1e-12 (the outlier threshold is chi2.isf(0.001, k)).
- silhouette: sklearn.metrics.silhouette_score (euclidean) and silhouette_samples on random
  clustered points, with a singleton cluster and with well-mixed labels.
"""

import json
import os

import numpy as np
import scipy
import sklearn
from scipy import stats
from sklearn.metrics import silhouette_samples, silhouette_score

assert scipy.__version__ == "1.10.1", scipy.__version__
assert sklearn.__version__ == "1.2.1", sklearn.__version__

rng = np.random.default_rng(20250101)


def enc(values):
    out = []
    for v in np.asarray(values, dtype=float).ravel():
        if np.isnan(v):
            out.append("nan")
        elif np.isinf(v):
            out.append("inf" if v > 0 else "-inf")
        else:
            out.append(float(v))
    return out


chi2 = []
for dof in [1, 2, 3, 4, 5, 7, 10, 15, 20, 30, 0.5, 2.5]:
    x = np.array([0, 1e-8, 1e-3, 0.1, 0.5, 1, 2, 3, 5, 8, 10, 15, 20, 30, 50, 80, 120, 200, 400])
    p = np.array([1e-12, 1e-6, 1e-3, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.975, 0.99, 0.999, 1 - 1e-6, 1 - 1e-12])
    chi2.append(
        {
            "dof": dof,
            "x": enc(x),
            "cdf": enc(stats.chi2.cdf(x, dof)),
            "sf": enc(stats.chi2.sf(x, dof)),
            "p": enc(p),
            "ppf": enc(stats.chi2.ppf(p, dof)),
            "isf": enc(stats.chi2.isf(p, dof)),
        }
    )

silhouette = []
# Three well separated clusters in 4-D.
centres = np.array([[0, 0, 0, 0], [5, 5, 0, 0], [0, 6, 6, 1]], dtype=float)
labels = np.repeat([0, 1, 2], [20, 15, 25])
X = centres[labels] + rng.normal(size=(len(labels), 4))
names = np.array(["Donor_1", "Donor_2", "Donor_3"])[labels]
silhouette.append({"name": "separated", "rows": len(labels), "cols": 4, "X": enc(X), "labels": names.tolist(),
                   "score": float(silhouette_score(X, names)), "samples": enc(silhouette_samples(X, names))})
# Mixed labels on one cloud (no batch effect): score near 0.
X = rng.normal(size=(40, 3))
names = np.array(["a", "b"])[rng.integers(0, 2, size=40)]
silhouette.append({"name": "mixed", "rows": 40, "cols": 3, "X": enc(X), "labels": names.tolist(),
                   "score": float(silhouette_score(X, names)), "samples": enc(silhouette_samples(X, names))})
# A singleton cluster gets silhouette 0 (sklearn's convention).
X = rng.normal(size=(12, 2))
names = np.array(["x"] * 6 + ["y"] * 5 + ["z"])
silhouette.append({"name": "singleton", "rows": 12, "cols": 2, "X": enc(X), "labels": names.tolist(),
                   "score": float(silhouette_score(X, names)), "samples": enc(silhouette_samples(X, names))})

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "analysis_qc_vectors.json"), "w") as f:
    json.dump({"chi2": chi2, "silhouette": silhouette}, f)
