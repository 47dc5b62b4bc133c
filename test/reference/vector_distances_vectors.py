"""Golden vectors for src/image/vectorDistances.ts, from scipy.spatial.distance (SciPy 1.10.1).

Run with the Debian interpreter that has SciPy 1.10.1:

    /usr/bin/python3 test/reference/vector_distances_vectors.py

It writes vector_distances_vectors.json next to this script: dice and jaccard of 0/1 vectors
(uint8, as the masks are), correlation and euclidean of float64 vectors shaped like scifAI's
image x mask planes, including empty masks (constant vectors) and non-integer data.
"""

import json
import math
import os
import warnings

import numpy as np
import scipy
from scipy.spatial import distance

assert scipy.__version__ == "1.10.1", scipy.__version__
warnings.simplefilter("ignore")
rng = np.random.default_rng(20240615)


def enc(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


def masked(n, fraction, high=4096):
    return np.where(rng.random(n) < fraction, rng.integers(1, high, n), 0).astype(np.float64)


binary = {
    "both_empty": (np.zeros(10, np.uint8), np.zeros(10, np.uint8)),
    "one_empty": (np.zeros(10, np.uint8), (np.arange(10) % 3 == 0).astype(np.uint8)),
    "identical": ((np.arange(12) % 2).astype(np.uint8), (np.arange(12) % 2).astype(np.uint8)),
    "disjoint": ((np.arange(12) % 2).astype(np.uint8), (1 - np.arange(12) % 2).astype(np.uint8)),
    "random_sparse": ((rng.random(500) < 0.1).astype(np.uint8), (rng.random(500) < 0.15).astype(np.uint8)),
    "random_dense": ((rng.random(5000) < 0.6).astype(np.uint8), (rng.random(5000) < 0.5).astype(np.uint8)),
}
real = {
    "masked_pixels": (masked(5600, 0.1), masked(5600, 0.08)),
    "overlapping": (lambda a: (a, np.where(a > 0, a * 0.5 + rng.integers(0, 50, a.size), 0)))(masked(4000, 0.2)),
    "empty_mask": (np.zeros(300), masked(300, 0.3)),
    "both_empty": (np.zeros(300), np.zeros(300)),
    "constant_nonzero": (np.full(50, 7.0), masked(50, 0.5)),
    "non_integer": (np.round(rng.standard_normal(2000) * 1e3, 3), np.round(rng.standard_normal(2000) * 1e-2 + 5, 6)),
    "nearly_identical": (lambda a: (a, a + (np.arange(a.size) % 7 == 0)))(masked(2000, 0.5, 65536)),
    "anti_correlated": (np.arange(100.0), 100 - np.arange(100.0)),
    "one_element": (np.array([3.0]), np.array([5.0])),
}

out = {"source": "SciPy 1.10.1 scipy.spatial.distance", "binary": [], "real": []}
for name, (u, v) in binary.items():
    out["binary"].append(
        {
            "name": name,
            "u": u.tolist(),
            "v": v.tolist(),
            "dice": enc(distance.dice(u, v)),
            "jaccard": enc(distance.jaccard(u, v)),
        }
    )
for name, (u, v) in real.items():
    out["real"].append(
        {
            "name": name,
            "u": [enc(x) for x in u],
            "v": [enc(x) for x in v],
            "correlation": enc(distance.correlation(u, v)),
            "euclidean": enc(distance.euclidean(u, v)),
        }
    )

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "vector_distances_vectors.json")
with open(path, "w") as f:
    json.dump(out, f)
print(f"wrote {len(out['binary'])} binary and {len(out['real'])} real cases to {path}")
