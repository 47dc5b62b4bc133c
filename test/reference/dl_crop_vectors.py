"""Golden vectors for src/dl/crops.ts: crops as scifAI's DatasetGenerator builds them.

Run with the Debian interpreter (NumPy 1.24, scikit-image 0.19.3, h5py):

    /usr/bin/python3 test/reference/dl_crop_vectors.py

The reference below is written from the behaviour of scifAI's `DatasetGenerator.__getitem__`
(scifAI/dl/dataset.py), not copied: the whole image is divided by the scaling factor in float64;
each side longer than S is cut with floor((side - S) / 2) pixels first and the rest last
(skimage.util.crop); each shorter side is padded with floor((S - side) / 2) first and the rest
last (np.pad, constant = the mean of the cropped channel); the result is cast to float32 as
`image.float()` does. Small generated images are stored whole; real fixture cells are stored as
the SHA-256 of the little-endian float32 bytes plus a few values for readable failures.
"""

import glob
import hashlib
import json
import os

import h5py
import numpy as np
import skimage
from skimage.util import crop

assert skimage.__version__ == "0.19.3", skimage.__version__

here = os.path.dirname(os.path.abspath(__file__))
fixtures = os.path.join(here, "..", "..", "..", "shared", "fixtures", "ifc-small")
rng = np.random.default_rng(64)


def encode(values):
    out = []
    for v in np.asarray(values, dtype=np.float64).ravel():
        if np.isnan(v):
            out.append("nan")
        elif np.isinf(v):
            out.append("inf" if v > 0 else "-inf")
        else:
            out.append(float(v))
    return out


def axis_plan(side, size):
    """(cut before, cut after), (pad before, pad after) of one axis."""
    if side >= size:
        before = (side - size) // 2
        return (before, side - size - before), (0, 0)
    before = (size - side) // 2
    return (0, 0), (before, size - side - before)


def reference_crop(image, channels, size, factor):
    scaled = image / factor
    (h_cut, h_pad) = axis_plan(scaled.shape[0], size)
    (w_cut, w_pad) = axis_plan(scaled.shape[1], size)
    out = np.zeros((len(channels), size, size), dtype=np.float64)
    for i, channel in enumerate(channels):
        kept = crop(scaled[:, :, channel], (h_cut, w_cut))
        out[i] = np.pad(kept, (h_pad, w_pad), mode="constant", constant_values=kept.mean())
    return out.astype(np.float32)


small = []
for name, shape, channels, size, factor, dtype in [
    ("crop both sides, odd and even cuts", (7, 10, 3), [0, 2], 5, 4095.0, np.uint16),
    ("pad both sides, odd and even pads", (4, 5, 2), [1, 0], 9, 4095.0, np.uint16),
    ("crop rows, pad columns", (11, 3, 2), [0, 1], 6, 255.0, np.uint16),
    ("pad rows, crop columns", (2, 9, 4), [3, 3, 1], 4, 1.0, np.uint16),
    ("same size", (6, 6, 1), [0], 6, 4095.0, np.uint16),
    ("float image", (5, 8, 2), [1], 7, 3.0, np.float64),
    ("one pixel", (1, 1, 2), [0, 1], 3, 4095.0, np.uint16),
]:
    if dtype == np.uint16:
        image = rng.integers(0, 4096, size=shape).astype(np.uint16)
    else:
        image = rng.normal(10.0, 4.0, size=shape)
    small.append(
        {
            "name": name,
            "shape": list(shape),
            "image": encode(image),
            "channels": channels,
            "size": size,
            "factor": factor,
            "expected": encode(reference_crop(image, channels, size, factor)),
        }
    )

nan_image = rng.normal(10.0, 4.0, size=(3, 4, 2))
nan_image[1, 2, 0] = np.nan
small.append(
    {
        "name": "NaN pixel makes its channel's padding NaN",
        "shape": [3, 4, 2],
        "image": encode(nan_image),
        "channels": [0, 1],
        "size": 5,
        "factor": 2.0,
        "expected": encode(reference_crop(nan_image, [0, 1], 5, 2.0)),
    }
)

cells = []
for relative, channels, size in [
    ("Experiment_1/Donor_1/-SEA/Experiment_1_Donor_1_6.h5", [0, 1, 2, 3, 4], 64),
    ("Experiment_1/Donor_2/+SEA/Experiment_1_Donor_2_612.h5", [0, 3, 4], 64),
    ("Experiment_1/Donor_1/+SEA/Experiment_1_Donor_1_200.h5", [4, 2], 48),
    ("Experiment_2/Donor_3/-SEA/edge_int64_mask_float_image_1207.h5", [0, 1, 2, 3, 4], 64),
    ("Experiment_2/Donor_3/-SEA/edge_tiny_image_1201.h5", [0, 4], 64),
    ("Experiment_2/Donor_3/CD19-TCB/Experiment_2_Donor_3_1095.h5", [1, 2], 100),
]:
    with h5py.File(os.path.join(fixtures, relative), "r") as f:
        image = f["image"][()]
    result = reference_crop(image, channels, size, 4095.0)
    cells.append(
        {
            "file": relative,
            "channels": channels,
            "size": size,
            "factor": 4095.0,
            "sha256": hashlib.sha256(result.astype("<f4").tobytes()).hexdigest(),
            "corner": encode(result[:, 0, 0]),
            "centre": encode(result[:, size // 2, size // 2]),
        }
    )

assert len(glob.glob(os.path.join(fixtures, "**", "*.h5"), recursive=True)) > 0
with open(os.path.join(here, "dl_crop_vectors.json"), "w") as f:
    json.dump({"small": small, "cells": cells}, f)
    f.write("\n")
