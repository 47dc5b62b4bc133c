"""Golden vectors for the HOG kernel (scikit-image 0.19.3 `feature.hog`).

Run with the Debian interpreter that has scikit-image 0.19.3 and SciPy 1.10.1:

    /usr/bin/python3 test/reference/hog_vectors.py

It writes test/reference/hog_vectors.json next to this script: float64 images (row-major flat
lists with their shape), the HOG parameters and the descriptor, plus hypot/atan2 samples of the
gradients HOG sees. Floats are written with repr (round-trip exact).
"""

import json
import os

import numpy as np
import skimage
from skimage.feature import hog
from skimage.transform import resize

assert skimage.__version__ == "0.19.3", skimage.__version__

rng = np.random.default_rng(20240613)


def blob(shape, noise=20.0):
    rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
    centre = (shape[0] / 2 + 3, shape[1] / 2 - 2)
    value = 1000.0 * np.exp(-((rows - centre[0]) ** 2 + (cols - centre[1]) ** 2) / (2 * (min(shape) / 4) ** 2))
    return np.round(value + rng.normal(0, noise, size=shape) + 500)


cases = []


def add(name, image, **params):
    descriptor = hog(image, feature_vector=True, **params)
    cases.append(
        {
            "name": name,
            "height": image.shape[0],
            "width": image.shape[1],
            "orientations": params.get("orientations", 9),
            "pixelsPerCell": list(params.get("pixels_per_cell", (8, 8))),
            "cellsPerBlock": list(params.get("cells_per_block", (3, 3))),
            "blockNorm": params.get("block_norm", "L2-Hys"),
            "image": [float(v) for v in image.ravel()],
            "hog": [float(v) for v in descriptor.ravel()],
        }
    )


scifai = dict(orientations=8, pixels_per_cell=(12, 12), cells_per_block=(1, 1))
add("scifai_uniform_64", rng.random((64, 64)), **scifai)
add("scifai_resized_blob", resize(blob((70, 80)), (64, 64)), **scifai)
# Integer pixels make many gradients exactly horizontal, vertical or diagonal: bin edges at 0°,
# 45°, 90° and 135° are hit exactly.
add("scifai_integer_steps", rng.integers(0, 4, size=(64, 64)).astype(np.float64), **scifai)
add("defaults_blob_40x50", blob((40, 50)))
add("l1_blob_30x30", blob((30, 30)), orientations=6, pixels_per_cell=(5, 6), cells_per_block=(2, 2), block_norm="L1")
add("l1sqrt_blob_30x30", blob((30, 30)), orientations=7, pixels_per_cell=(7, 5), cells_per_block=(2, 1), block_norm="L1-sqrt")
add("l2_blob_30x30", blob((30, 30)), orientations=9, pixels_per_cell=(6, 6), cells_per_block=(1, 3), block_norm="L2")
# Each 12×12 cell is a linear ramp whose gradient direction sits on, or within a few ulps of, a
# bin edge (0°, 22.5°, 45°, 67.5°, 90°, … and their negatives): the decisions there follow the
# rounding of atan2 and of the degree conversion.
tan_22_5 = np.sqrt(2.0) - 1.0
directions = []
for slope in [0.0, tan_22_5, 1.0, 1.0 / tan_22_5, np.inf]:
    for factor in [1 - 4e-16, 1.0, 1 + 4e-16, 1 + 1e-13, 1 - 1e-13]:
        directions.append(slope * factor if np.isfinite(slope) else slope)
near_edges = np.zeros((64, 64))
rows, cols = np.mgrid[0:12, 0:12]
for index, slope in enumerate(directions):
    r0, c0 = (index // 5) * 12, (index % 5) * 12
    sign = -1.0 if index % 2 else 1.0
    if np.isinf(slope):
        ramp = 7.0 * rows * sign
    else:
        ramp = (7.0 * cols + 7.0 * slope * rows) * sign
    near_edges[r0 : r0 + 12, c0 : c0 + 12] = ramp + 1000.0
add("scifai_near_bin_edges", near_edges, **scifai)
add("nine_bins_near_edges", near_edges, orientations=9, pixels_per_cell=(12, 12), cells_per_block=(1, 1))
add("constant_24x24", np.full((24, 24), 3.0), orientations=8, pixels_per_cell=(12, 12), cells_per_block=(1, 1))
add("odd_cells_25x27", blob((25, 27)), orientations=5, pixels_per_cell=(7, 9), cells_per_block=(1, 1))

# hypot and atan2 on gradient-like pairs, including exact ratios.
a = np.concatenate([rng.normal(0, 100, 3000), rng.integers(-5, 6, 200).astype(float), [0.0, 0.0, 3.0, -3.0]])
b = np.concatenate([rng.normal(0, 100, 3000), rng.integers(-5, 6, 200).astype(float), [0.0, 2.0, 3.0, 3.0]])
samples = {
    "x": [float(v) for v in a],
    "y": [float(v) for v in b],
    "hypot": [float(v) for v in np.hypot(a, b)],
    "orientation": [float(v) for v in np.rad2deg(np.arctan2(b, a)) % 180],
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hog_vectors.json")
with open(path, "w") as handle:
    json.dump({"hog": cases, "gradients": samples}, handle)
print(f"wrote {path}")
