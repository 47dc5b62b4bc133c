"""Golden vectors for the GLCM kernels (scikit-image 0.19.3 graycomatrix / graycoprops).

Run with the Debian interpreter that has scikit-image 0.19.3 and SciPy 1.10.1:

    /usr/bin/python3 test/reference/glcm_vectors.py

It writes test/reference/glcm_vectors.json next to this script:
- "scaling": float planes and scifAI's 8-bit scaling `((x / x.max()) * 255).astype(uint8)`;
- "matrices": integer images, distances, angles, levels, the nonzero cells of
  graycomatrix(symmetric=False, normed=False) as [i, j, d, a, count] and the six graycoprops
  values for every (d, a);
- "dense": small dense count matrices and their graycoprops values;
- "family": scifAI's GLCMFeatures steps on one fixture cell with several distances and angles
  (every graycoprops value of every (distance, angle), which the Python tool computes but only
  reports for the first pair).
Special floats are written as the strings "nan", "inf", "-inf".
"""

import json
import os
import warnings

import h5py
import numpy as np
import skimage
from skimage.feature import graycomatrix, graycoprops

assert skimage.__version__ == "0.19.3", skimage.__version__

rng = np.random.default_rng(20240615)
PROPERTIES = ["contrast", "dissimilarity", "homogeneity", "ASM", "energy", "correlation"]


def encode(values):
    out = []
    for v in np.asarray(values, dtype=np.float64).ravel():
        out.append("nan" if np.isnan(v) else ("inf" if v == np.inf else ("-inf" if v == -np.inf else float(v))))
    return out


def props(P):
    return [[encode(graycoprops(P, prop)[d, a])[0] for prop in PROPERTIES] for d in range(P.shape[2]) for a in range(P.shape[3])]


scaling = []
for name, plane in {
    "counts": rng.integers(0, 4000, 300).astype(np.float64),
    "uniform": rng.random(300),
    "zeros": np.zeros(50),
    "negative_and_positive": rng.normal(0, 100, 200),
    "all_negative": -rng.random(100) - 1,
    "with_nan": np.array([1.0, np.nan, 3.0]),
    "with_inf": np.array([1.0, np.inf, 3.0]),
    "exact_multiples": np.arange(0, 511, dtype=np.float64),
}.items():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scaled = ((plane / plane.max()) * 255).astype("uint8")
    scaling.append({"name": name, "plane": encode(plane), "scaled": [int(v) for v in scaled]})

matrices = []


def add_matrix(name, image, distances, angles, levels):
    P = graycomatrix(image, distances=distances, angles=angles, levels=levels)
    nonzero = np.argwhere(P)
    cells = [[int(i), int(j), int(d), int(a), int(P[i, j, d, a])] for i, j, d, a in nonzero]
    matrices.append(
        {
            "name": name,
            "height": image.shape[0],
            "width": image.shape[1],
            "image": [int(v) for v in image.ravel()],
            "distances": distances,
            "angles": angles,
            "levels": levels,
            "cells": cells,
            "properties": props(P),
        }
    )


angles = [0, np.pi / 4, np.pi / 2, 3 * np.pi / 4, np.pi, -np.pi / 4, np.pi / 6]
add_matrix("uint8_random_20x30", rng.integers(0, 256, (20, 30)).astype(np.uint8), [1, 5], angles, 256)
blob = np.clip(rng.normal(120, 60, (40, 45)), 0, 255).astype(np.uint8)
add_matrix("uint8_normal_40x45", blob, [5], [0], 256)
add_matrix("levels_8", rng.integers(0, 8, (12, 15)).astype(np.uint8), [1, 2, 3], [0, np.pi / 2, 2.5], 8)
add_matrix("constant", np.full((10, 12), 9, dtype=np.uint8), [5], [0], 256)
add_matrix("narrower_than_distance", rng.integers(0, 256, (3, 4)).astype(np.uint8), [5], [0], 256)
add_matrix("one_row", rng.integers(0, 256, (1, 40)).astype(np.uint8), [1, 5], [0, np.pi / 2], 256)
add_matrix("two_levels_only", rng.integers(0, 2, (30, 30)).astype(np.uint8) * 200, [5], [0], 256)
add_matrix("levels_300", rng.integers(0, 300, (25, 25)).astype(np.uint16), [1], [0, np.pi / 2], 300)

dense = []
for name, levels, P in [
    ("random_4", 4, rng.integers(0, 20, (4, 4))),
    ("sparse_16", 16, (rng.random((16, 16)) < 0.1) * rng.integers(1, 50, (16, 16))),
    ("diagonal_6", 6, np.diag(rng.integers(1, 9, 6))),
    ("single_cell_5", 5, np.eye(5, dtype=np.int64)[[2]].repeat(5, axis=0) * 0 + np.pad([[7]], ((1, 3), (3, 1)))),
    ("empty_3", 3, np.zeros((3, 3), dtype=np.int64)),
]:
    P4 = np.asarray(P, dtype=np.uint32).reshape(levels, levels, 1, 1)
    dense.append({"name": name, "levels": levels, "counts": [int(v) for v in P4.ravel()], "properties": props(P4)[0]})

here = os.path.dirname(os.path.abspath(__file__))
cell_file = "Experiment_1/Donor_1/-SEA/Experiment_1_Donor_1_30.h5"
with h5py.File(os.path.join(here, "../../../shared/fixtures/ifc-small", cell_file), "r") as handle:
    image = handle["image"][()].astype(np.float64)
family_distances = [1, 5]
family_angles = [0, np.pi / 4, np.pi / 2]
family_values = []
for ch in range(image.shape[2]):
    channel = image[:, :, ch]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        scaled = ((channel / channel.max()) * 255).astype("uint8")
    P = graycomatrix(scaled, distances=family_distances, angles=family_angles, levels=256)
    for d in range(len(family_distances)):
        for a in range(len(family_angles)):
            family_values.extend(encode([graycoprops(P, prop)[d, a] for prop in PROPERTIES]))
family = {"file": cell_file, "distances": family_distances, "angles": family_angles, "values": family_values}

path = os.path.join(here, "glcm_vectors.json")
with open(path, "w") as handle:
    json.dump({"scaling": scaling, "matrices": matrices, "dense": dense, "family": family}, handle)
print(f"wrote {path}")
