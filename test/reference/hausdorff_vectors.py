"""Golden vectors for src/image/hausdorff.ts, from scikit-image 0.19.3 (cKDTree of SciPy 1.10.1).

Run with the Debian interpreter that has these versions:

    /usr/bin/python3 test/reference/hausdorff_vectors.py

It writes hausdorff_vectors.json next to this script: pairs of planes and
skimage.metrics.hausdorff_distance between their nonzero pixels. Planes are stored as lists of
nonzero pixel indices (row * width + column) with a value per index, to keep the file small.
"""

import json
import math
import os

import numpy as np
import skimage
from scipy.ndimage import distance_transform_edt
from skimage.metrics import hausdorff_distance

assert skimage.__version__ == "0.19.3", skimage.__version__

rng = np.random.default_rng(20240614)


def enc(x):
    x = float(x)
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def compact(x):
    x = float(x)
    return int(x) if x.is_integer() else x


def sparse(h, w, density):
    return (rng.random((h, w)) < density) * rng.integers(1, 4096, (h, w))


def blob(h, w):
    rows, cols = np.mgrid[0:h, 0:w]
    cy, cx = rng.uniform(0.2, 0.8) * h, rng.uniform(0.2, 0.8) * w
    ry, rx = rng.uniform(0.1, 0.4) * h, rng.uniform(0.1, 0.4) * w
    return ((((rows - cy) / ry) ** 2 + ((cols - cx) / rx) ** 2) <= 1) * rng.integers(1, 4096, (h, w))


def single(h, w, r, c):
    x = np.zeros((h, w))
    x[r, c] = 1
    return x


cases = {
    "both_empty": (np.zeros((5, 6)), np.zeros((5, 6))),
    "first_empty": (np.zeros((5, 6)), single(5, 6, 2, 3)),
    "second_empty": (single(5, 6, 2, 3), np.zeros((5, 6))),
    "corners": (single(9, 13, 0, 0), single(9, 13, 8, 12)),
    "same_point": (single(4, 4, 1, 2), single(4, 4, 1, 2)),
    "full_and_point": (np.ones((6, 7)), single(6, 7, 0, 6)),
    "one_row": (single(1, 10, 0, 1), single(1, 10, 0, 8)),
    "one_column": (single(10, 1, 1, 0), single(10, 1, 9, 0)),
    "negative_values": (-single(8, 8, 1, 1), single(8, 8, 6, 5) * -3.5),
}
for i in range(6):
    h, w = int(rng.integers(20, 90)), int(rng.integers(20, 90))
    cases[f"blobs_{i}"] = (blob(h, w), blob(h, w))
for i in range(4):
    h, w = int(rng.integers(10, 60)), int(rng.integers(10, 60))
    cases[f"sparse_{i}"] = (sparse(h, w, 0.02), sparse(h, w, 0.2))
h, w = 64, 80
cases["blob_vs_far_speck"] = (blob(h, w), single(h, w, 63, 79))

out = []
for name, (a, b) in cases.items():
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    entry = {
        "name": name,
        "height": a.shape[0],
        "width": a.shape[1],
        "a_index": np.flatnonzero(a).tolist(),
        "a_value": [compact(v) for v in a.ravel()[np.flatnonzero(a)]],
        "b_index": np.flatnonzero(b).tolist(),
        "b_value": [compact(v) for v in b.ravel()[np.flatnonzero(b)]],
        "hausdorff": enc(hausdorff_distance(a, b)),
    }
    if np.any(b) and a.size <= 1600:
        # SciPy's exact EDT of the background, squared: the squared distance to the nearest b pixel.
        entry["b_squared_distance"] = (distance_transform_edt(b == 0) ** 2).round().astype(int).ravel().tolist()
    out.append(entry)

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hausdorff_vectors.json")
with open(path, "w") as f:
    json.dump({"source": "scikit-image 0.19.3 hausdorff_distance / SciPy 1.10.1", "cases": out}, f)
print(f"wrote {len(out)} cases to {path}")
