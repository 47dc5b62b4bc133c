"""Golden vectors for src/image/ssim.ts, from scikit-image 0.19.3 and SciPy 1.10.1.

Run with the Debian interpreter that has these versions:

    /usr/bin/python3 test/reference/ssim_vectors.py

It writes ssim_vectors.json next to this script: scipy.ndimage.uniform_filter(size=7) outputs
(which the TypeScript filter must reproduce bit for bit) and structural_similarity(a, b) with the
defaults scifAI uses on float64 images. Most cases look like scifAI's inputs, image x mask: integer
pixels inside a blob and exact zeros around it, where SciPy's running sums leave rounding residues.
"""

import json
import math
import os

import numpy as np
import scipy
import skimage
from scipy.ndimage import uniform_filter
from skimage.metrics import structural_similarity

assert scipy.__version__ == "1.10.1", scipy.__version__
assert skimage.__version__ == "0.19.3", skimage.__version__

rng = np.random.default_rng(20240613)


def enc(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x.is_integer() and abs(x) < 2**53:
        return int(x)
    return x


def blob(h, w, high=4096):
    """Integer pixels inside an ellipse, zeros outside (a masked channel)."""
    rows, cols = np.mgrid[0:h, 0:w]
    cy, cx = rng.uniform(0.3, 0.7) * h, rng.uniform(0.3, 0.7) * w
    ry, rx = rng.uniform(0.2, 0.4) * h, rng.uniform(0.2, 0.4) * w
    inside = ((rows - cy) / ry) ** 2 + ((cols - cx) / rx) ** 2 <= 1
    return np.where(inside, rng.integers(1, high, (h, w)), 0).astype(np.float64)


pairs = {
    "blobs_60x70": (blob(60, 70), blob(60, 70)),
    "blobs_7x7": (blob(7, 7), blob(7, 7)),
    "blobs_7x40": (blob(7, 40), blob(7, 40)),
    "blobs_33x8": (blob(33, 8), blob(33, 8)),
    "blob_and_zeros": (blob(30, 25), np.zeros((30, 25))),
    "zeros_and_zeros": (np.zeros((12, 9)), np.zeros((12, 9))),
    "identical_blobs": (lambda b: (b, b.copy()))(blob(25, 30, 65536)),
    "uint16_noise": (
        rng.integers(0, 65536, (20, 17)).astype(np.float64),
        rng.integers(0, 65536, (20, 17)).astype(np.float64),
    ),
    "unit_floats": (rng.random((15, 16)), rng.random((15, 16))),
    "signed_floats": (rng.standard_normal((11, 13)) * 100, rng.standard_normal((11, 13))),
}

filters = {
    "blob_squared_9x11": blob(9, 11) ** 2,
    "signed_floats_7x8": rng.standard_normal((7, 8)) * 1000,
    "blob_60x70": pairs["blobs_60x70"][0],
    # Non-integer values inside a blob: the running sums leave residues in the zeros after it.
    "fractional_blob_20x23": blob(20, 23) * 0.37,
    "blob_at_corner_9x10": np.pad(rng.random((3, 2)) * 10, ((0, 6), (8, 0))),
}

out = {"source": "scikit-image 0.19.3 / SciPy 1.10.1", "filters": [], "pairs": []}
for name, image in filters.items():
    out["filters"].append(
        {
            "name": name,
            "height": image.shape[0],
            "width": image.shape[1],
            "image": [enc(v) for v in image.ravel()],
            "filtered": [enc(v) for v in uniform_filter(image, size=7).ravel()],
        }
    )
for name, (a, b) in pairs.items():
    out["pairs"].append(
        {
            "name": name,
            "height": a.shape[0],
            "width": a.shape[1],
            "a": [enc(v) for v in a.ravel()],
            "b": [enc(v) for v in b.ravel()],
            "ssim": enc(structural_similarity(a, b)),
            "ssim_swapped": enc(structural_similarity(b, a)),
        }
    )

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ssim_vectors.json")
with open(path, "w") as f:
    json.dump(out, f)
print(f"wrote {len(out['filters'])} filters and {len(out['pairs'])} pairs to {path}")
