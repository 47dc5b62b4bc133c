"""Golden vectors for the filter kernels: sobel, otsu, gaussian and resize.

Run with the Debian interpreter that has scikit-image 0.19.3 and SciPy 1.10.1:

    /usr/bin/python3 test/reference/filters_vectors.py

It writes test/reference/filters_vectors.json next to this script. Images are float64, stored
row-major as flat lists with their shape (large ones, kind "formula", are null and rebuilt by the
test from the integer formula in `image`); NaN and infinities are written as the strings "nan",
"inf" and "-inf" so that the file stays valid JSON. Floats are written with repr (round-trip).
"""

import json
import os

import numpy as np
import scipy
import skimage
from scipy import ndimage as ndi
from skimage.filters import sobel, threshold_otsu
from skimage.transform import resize

assert skimage.__version__ == "0.19.3", skimage.__version__
assert scipy.__version__ == "1.10.1", scipy.__version__

rng = np.random.default_rng(20240612)


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


def image(shape, kind):
    if kind == "uniform":
        return rng.random(shape)
    if kind == "counts":
        # 16-bit camera counts like the IFC channels.
        return rng.integers(0, 4000, size=shape).astype(np.float64)
    if kind == "blob":
        rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
        centre = (shape[0] / 2, shape[1] / 2)
        blob = 1000.0 * np.exp(-((rows - centre[0]) ** 2 + (cols - centre[1]) ** 2) / (2 * (min(shape) / 4) ** 2))
        return np.round(blob + rng.normal(0, 20, size=shape) + 500)
    if kind == "constant":
        return np.full(shape, 7.0)
    if kind == "formula":
        # Large inputs are not stored: the test rebuilds them from this integer formula.
        rows, cols = np.mgrid[0 : shape[0], 0 : shape[1]]
        return ((rows * 131 + cols * 71 + (rows * cols) % 97) % 4000).astype(np.float64)
    raise ValueError(kind)


def sobel_cases():
    cases = []
    for shape, kind in [
        ((7, 9), "uniform"),
        ((20, 17), "counts"),
        ((33, 41), "blob"),
        ((1, 1), "uniform"),
        ((1, 6), "uniform"),
        ((6, 1), "uniform"),
        ((2, 2), "counts"),
        ((4, 5), "constant"),
        ((100, 100), "formula"),  # 10 000 pixels: NumPy's mean sums in two 8192-element buffers
    ]:
        x = image(shape, kind)
        s = sobel(x)
        cases.append(
            {
                "name": f"{kind}_{shape[0]}x{shape[1]}",
                "height": shape[0],
                "width": shape[1],
                "image": None if kind == "formula" else encode(x),
                "sobel": None if kind == "formula" else encode(s),
                "rms": float(np.sqrt(np.mean(np.square(s)))),
            }
        )
    return cases


def otsu_cases():
    cases = []
    inputs = {
        "uniform_1000": rng.random(1000),
        "counts_30x40": image((30, 40), "counts").ravel(),
        "blob_40x50": image((40, 50), "blob").ravel(),
        "bimodal": np.concatenate([rng.normal(100, 10, 700), rng.normal(400, 30, 300)]),
        "two_values": np.array([3.0, 3.0, 3.0, 8.0, 8.0]),
        "two_pixels": np.array([1.0, 2.0]),
        "negative": rng.normal(-50, 20, 500),
        "constant": np.full(12, 4.5),
        "tiny_range": 1.0 + rng.random(200) * 1e-12,
        "sobel_of_blob": sobel(image((40, 50), "blob")).ravel(),
        "integers_0_to_255": rng.integers(0, 256, 3000).astype(np.float64),
    }
    for name, values in inputs.items():
        cases.append({"name": name, "values": encode(values), "threshold": float(threshold_otsu(values))})
    return cases


def gaussian_cases():
    cases = []
    for shape, sigma, mode in [
        ((9, 11), (0.125, 0.3), "mirror"),
        ((12, 10), (1.5, 0.0), "mirror"),
        ((8, 8), (0.0, 2.2), "mirror"),
        ((4, 5), (3.0, 3.0), "mirror"),  # kernel longer than the image: repeated mirroring
        ((1, 7), (1.0, 1.0), "mirror"),
        ((6, 7), (1.2, 0.7), "reflect"),
        ((5, 3), (2.5, 2.5), "reflect"),
        ((6, 7), (1.2, 0.7), "nearest"),
    ]:
        x = image(shape, "counts")
        y = ndi.gaussian_filter(x, sigma, mode=mode)
        cases.append(
            {
                "name": f"{shape[0]}x{shape[1]}_{sigma[0]}_{sigma[1]}_{mode}",
                "height": shape[0],
                "width": shape[1],
                "sigma": list(sigma),
                "mode": mode,
                "image": encode(x),
                "filtered": encode(y),
            }
        )
    return cases


def resize_cases():
    cases = []
    for shape, out_shape, kind in [
        ((70, 80), (64, 64), "blob"),
        ((65, 83), (64, 64), "formula"),
        ((3, 4), (64, 64), "counts"),
        ((130, 50), (64, 64), "formula"),
        ((16, 16), (16, 16), "uniform"),
        ((65, 200), (10, 7), "formula"),
        ((1, 1), (3, 3), "uniform"),
        ((5, 1), (2, 4), "uniform"),
        ((300, 280), (64, 64), "formula"),
        ((4, 5), (4, 5), "constant"),
    ]:
        x = image(shape, kind)
        y = resize(x, out_shape)
        cases.append(
            {
                "name": f"{kind}_{shape[0]}x{shape[1]}_to_{out_shape[0]}x{out_shape[1]}",
                "height": shape[0],
                "width": shape[1],
                "outHeight": out_shape[0],
                "outWidth": out_shape[1],
                "image": None if kind == "formula" else encode(x),
                "resized": encode(y),
            }
        )
    return cases


def kernel_cases():
    # SciPy's normalised Gaussian kernels, to check the weights themselves.
    cases = []
    for sigma in [0.125, 0.3, 0.5, 1.0, 1.84, 3.0, 7.3]:
        radius = int(4.0 * sigma + 0.5)
        weights = ndi._filters._gaussian_kernel1d(sigma, 0, radius)
        cases.append({"sigma": sigma, "radius": radius, "weights": encode(weights)})
    return cases


vectors = {
    "sobel": sobel_cases(),
    "otsu": otsu_cases(),
    "gaussianKernel": kernel_cases(),
    "gaussian": gaussian_cases(),
    "resize": resize_cases(),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "filters_vectors.json")
with open(path, "w") as handle:
    json.dump(vectors, handle)
print(f"wrote {path}")
