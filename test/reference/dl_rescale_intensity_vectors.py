"""Golden vectors for IntensityCorrection: scikit-image's rescale_intensity per channel.

Run with the Debian interpreter that has scikit-image 0.19.3:

    /usr/bin/python3 test/reference/dl_rescale_intensity_vectors.py

It writes dl_rescale_intensity_vectors.json next to this script. Each case is one float64 plane
(flat, row-major), an input range (a pair, or "image") and an output range, with the result of
`skimage.exposure.rescale_intensity`. NaN and infinities are the strings "nan", "inf", "-inf".
"""

import json
import os
import warnings

import numpy as np
import skimage
from skimage.exposure import rescale_intensity

assert skimage.__version__ == "0.19.3", skimage.__version__

rng = np.random.default_rng(31)


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


def case(name, plane, in_range, out_range):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the NaN-range warning is expected in one case
        result = rescale_intensity(plane, in_range=in_range, out_range=out_range)
    assert result.dtype == np.float64
    return {
        "name": name,
        "values": encode(plane),
        "inRange": in_range if isinstance(in_range, str) else [float(in_range[0]), float(in_range[1])],
        "outRange": [float(out_range[0]), float(out_range[1])],
        "expected": encode(result),
    }


twelve_bit = rng.integers(0, 4096, size=200).astype(np.float64)
fractional = rng.normal(300.0, 120.0, size=150)
with_nan = fractional.copy()
with_nan[[3, 77]] = np.nan

cases = [
    case("12-bit to unit", twelve_bit, (0, 4095), (0, 1)),
    case("clipped input window", twelve_bit, (100, 3000), (0, 1)),
    case("window to 8 bit", fractional, (150.5, 420.25), (0, 255)),
    case("negative output", fractional, (0, 600), (-1, 1)),
    case("reversed output", fractional, (200, 400), (1, 0)),
    case("image range", fractional, "image", (0, 1)),
    case("zero-width input", fractional, (250, 250), (0, 1000)),
    case("zero-width input, reversed output", fractional, (250, 250), (10, 0)),
    case("NaN pixels", with_nan, (100, 500), (0, 1)),
    case("NaN pixels with image range", with_nan, "image", (0, 1)),
    case("infinities", np.array([-np.inf, 0.0, 5.0, np.inf]), (0, 10), (0, 1)),
]

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "dl_rescale_intensity_vectors.json"), "w") as f:
    json.dump({"skimage": skimage.__version__, "cases": cases}, f)
    f.write("\n")
