"""Golden vectors for src/image/statistics.ts, from NumPy 1.24 / SciPy 1.10 / scikit-image 0.19.3.

Run with the Debian interpreter that has these versions:

    /usr/bin/python3 test/reference/statistics_vectors.py

It writes statistics_vectors.json next to this script. Every case is a 1-D float64 sample with
np.sum, np.mean, np.std, scipy.stats.skew / kurtosis (biased, Fisher), skimage shannon_entropy and
np.percentile at several q. The cases cover both paths of the TypeScript kernels: small non-negative
integers (counting) and negative, non-integer, wide-range or NaN data (pairwise sums of mixed
magnitudes, where NumPy's summation order shows in the last bits; quickselect for percentiles).
NaN and infinities are written as the strings "NaN", "Infinity" and "-Infinity".
"""

import json
import math
import os
import warnings

import numpy as np
import scipy
import skimage
from scipy.stats import kurtosis, skew
from skimage.measure import shannon_entropy

assert np.__version__.startswith("1.24"), np.__version__
assert scipy.__version__ == "1.10.1", scipy.__version__
assert skimage.__version__ == "0.19.3", skimage.__version__

warnings.simplefilter("ignore")
rng = np.random.default_rng(20240612)
QS = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 25, 33.3, 99.9, 0.5, 12.5]


def enc(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x.is_integer() and abs(x) < 2**53:
        return int(x)  # shorter JSON; the same float64 once parsed
    return x


def wide(n):
    """Non-integer values spanning ten orders of magnitude, both signs."""
    return np.round(rng.standard_normal(n) * 10.0 ** rng.integers(-2, 8, n), 2)


def pixels(n, high=4096, zero_fraction=0.0):
    values = rng.integers(0, high, n).astype(np.float64)
    values[rng.random(n) < zero_fraction] = 0
    return values


cases = {
    "one_element": np.array([5.0]),
    "two_equal": np.array([7.0, 7.0]),
    "constant_integers": np.full(50, 1234.0),
    "constant_fraction": np.full(37, 0.1),
    "ties": np.array([3.0, 1, 3, 3, 2, 2, 9, 1, 3, 3, 0, 2]),
    "seven": np.array([4.0, 8, 15, 16, 23, 42, 1]),
    "eight": np.array([4.0, 8, 15, 16, 23, 42, 1, 0]),
    "nine": np.array([4.0, 8, 15, 16, 23, 42, 1, 0, 65535]),
    "negative_integers": rng.integers(-500, 500, 301).astype(np.float64),
    "non_integer": np.round(rng.random(129) * 100, 4),
    "wide_127": wide(127),
    "wide_128": wide(128),
    "wide_129": wide(129),
    "wide_1000": wide(1000),
    "wide_8200": wide(8200),
    "wide_9000": wide(9000),
    "pixels_uint16_full_range": pixels(5000, 65536),
    "pixels_masked": pixels(2000, 4096, 0.0),
    "pixels_with_zeros": pixels(5600, 4096, 0.7),
    "pixels_narrow": pixels(3000, 40) + 1000,
    "pixels_sparse_range": np.array([0.0, 65535.0, 3.0, 65535.0, 12.0, 40000.0]),
    "huge_integers": rng.integers(-(2**40), 2**40, 200).astype(np.float64),
    "skewed": rng.exponential(1000, 777).round(),
    "symmetric": np.concatenate([np.arange(1.0, 50), -np.arange(1.0, 50)]) + 100,
    "with_nan": np.array([1.0, 2.0, np.nan, 4.0]),
    "with_inf": np.array([1.0, 2.0, np.inf]),
}

out = []
for name, values in cases.items():
    values = np.asarray(values, dtype=np.float64)
    # The second factor of the products is a formula, not stored: other[i] = (i * 37) % 4096.
    products = ((np.arange(values.size) * 37) % 4096).astype(np.float64)
    out.append(
        {
            "name": name,
            "values": [enc(v) for v in values],
            "sum": enc(np.sum(values)),
            "mean": enc(np.mean(values)),
            "std": enc(np.std(values)),
            "skew": enc(skew(values)),
            "kurtosis": enc(kurtosis(values)),
            "shannon_entropy": enc(shannon_entropy(values)),
            "q": QS,
            "percentiles": [enc(np.percentile(values, q)) for q in QS],
            "sum_of_products": enc(np.sum(values * products)),
            "sum_of_squares": enc(np.sum(np.square(values))),
        }
    )

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "statistics_vectors.json")
with open(path, "w") as f:
    json.dump({"source": "NumPy 1.24 / SciPy 1.10.1 / scikit-image 0.19.3", "cases": out}, f)
print(f"wrote {len(out)} cases to {path}")
