"""Expected values of the five statistics families for edge_tiny_image_1201.h5 (3 x 4 pixels).

The Python tool crashes on this cell (structural_similarity needs 7 x 7 pixels), so features.csv has
no row for it. This script recomputes every other value of BackgroundMean, PercentileFeatures,
CellShape, Collocalization and IntersectionProperties from the definitions in SCIFAI_FEATURES.md with
NumPy 1.24 / SciPy 1.10.1 / scikit-image 0.19.3, and writes NaN for structural_similarity (what the
TypeScript code gives where Python raises).

    /usr/bin/python3 test/reference/tiny_image_features.py

It writes tiny_image_features.json next to this script ({column name: value}).
"""

import json
import math
import os
import warnings

import h5py
import numpy as np
from scipy.spatial import distance
from scipy.stats import kurtosis, skew
from skimage.measure import shannon_entropy
from skimage.metrics import hausdorff_distance

warnings.simplefilter("ignore")
here = os.path.dirname(os.path.abspath(__file__))
source = os.path.join(here, "../../../shared/fixtures/ifc-small/Experiment_2/Donor_3/-SEA/edge_tiny_image_1201.h5")
with h5py.File(source, "r") as f:
    image = f["image"][()].astype(np.float64)
    mask = f["mask"][()]
rows, cols, channels = image.shape
values = {}

for k in range(channels):
    x, m = image[:, :, k], mask[:, :, k]
    outside = x[(m == 0) & (x > 0)]
    values[f"background_mean_Ch{k + 1}"] = outside.mean() if outside.size else math.nan

for k in range(channels):
    for q in range(10, 100, 10):
        values[f"percentile_{q}_Ch{k + 1}"] = np.percentile(image[:, :, k].ravel(), q)

for k in range(channels):
    s = image[:, :, k] * mask[:, :, k]
    p = s[s > 0]
    names = ["Area", "sum_intensity", "mean_intensity", "std_intensity", "kurtosis_intensity",
             "skew_intensity", "min_intensity", "max_intensity", "shannon_entropy"]
    if p.size == 0:
        row = [0.0] * 9
    else:
        row = [mask[:, :, k].sum(), s.sum(), p.mean(), p.std(), kurtosis(p), skew(p), p.min(), p.max(),
               shannon_entropy(p)]
    for name, v in zip(names, row):
        values[f"{name}_Ch{k + 1}"] = v

for i in range(channels):
    for j in range(i + 1, channels):
        u, v = mask[:, :, i].ravel(), mask[:, :, j].ravel()
        values[f"dice_distance_Ch{i + 1}_Ch{j + 1}"] = distance.dice(u, v)
        values[f"jaccard_distance_Ch{i + 1}_Ch{j + 1}"] = distance.jaccard(u, v)
for i in range(channels):
    for j in range(channels):
        if i == j:
            continue
        a = image[:, :, i] * mask[:, :, i]
        b = image[:, :, j] * mask[:, :, j]
        suffix = f"_R{i + 1}_Ch{i + 1}_R{j + 1}_Ch{j + 1}"
        values["correlation_distance" + suffix] = distance.correlation(a.ravel(), b.ravel())
        values["euclidean_distance" + suffix] = distance.euclidean(a.ravel(), b.ravel())
        values["manders_overlap_coefficient" + suffix] = (a.sum() * b.sum()) / ((a**2).sum() * (b**2).sum())
        values["intensity_correlation_quotient" + suffix] = ((a > a.mean()) & (b > b.mean())).sum() / a.shape[0] - 0.5
        values["structural_similarity" + suffix] = math.nan
        values["hausdorff_distance" + suffix] = hausdorff_distance(a, b)

for a in range(channels):
    for b in range(a + 1, channels):
        both = mask[:, :, a] * mask[:, :, b]
        for c in range(channels):
            s = image[:, :, c] * mask[:, :, c]
            x = s * both
            suffix = f"_Ch{c + 1}_R{a + 1}_R{b + 1}"
            values["sum_intensity_ratio" + suffix] = x.sum() / (s.sum() + 1e-12)
            values["mean_intensity_ratio" + suffix] = x.mean() / (s.mean() + 1e-12)
            values["max_intensity_ratio" + suffix] = x.max() / (s.mean() + 1e-12)


def enc(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


with open(os.path.join(here, "tiny_image_features.json"), "w") as f:
    json.dump({k: enc(v) for k, v in values.items()}, f, indent=0)
print(f"wrote {len(values)} values")
