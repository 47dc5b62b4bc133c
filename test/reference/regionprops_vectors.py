"""Golden vectors for the region-property kernels, from scikit-image 0.19.3 regionprops.

Run with the Debian interpreter that has scikit-image 0.19.3 and SciPy 1.10.1:

    /usr/bin/python3 test/reference/regionprops_vectors.py

It writes test/reference/regionprops_vectors.json next to this script. Every case is a small binary
mask (all nonzero pixels form ONE region, as MaskBasedFeatures uses it) with an intensity image;
the values are what regionprops reports for label 1. The convex image is stored too, row by row,
so the hull rasterisation can be checked pixel by pixel.
"""

import json
import os

import numpy as np
import skimage
from scipy import ndimage as ndi
from skimage.measure import regionprops

assert skimage.__version__ == "0.19.3", skimage.__version__

rng = np.random.default_rng(20240611)


def grid(rows):
    return np.array([[1 if ch == "#" else 0 for ch in row] for row in rows], dtype=np.uint8)


def structured_cases():
    cases = {
        "single_pixel": grid(["...", ".#.", "..."]),
        "single_pixel_corner": grid(["#..", "...", "..."]),
        "horizontal_line": grid([".....", "#####", "....."]),
        "vertical_line": grid(["..#..", "..#..", "..#..", "..#.."]),
        "diagonal": grid(["#....", ".#...", "..#..", "...#.", "....#"]),
        "anti_diagonal_thick": grid(["...##", "..##.", ".##..", "##..."]),
        "square": grid(["......", ".####.", ".####.", ".####.", ".####.", "......"]),
        "square_with_hole": grid([".....", ".###.", ".#.#.", ".###.", "....."]),
        "ring_with_diagonal_leak": grid([".....", ".##..", ".#.#.", "..##.", "....."]),
        "ring_two_holes": grid(["#######", "#.#.#.#", "#######"]),
        "l_shape": grid(["#....", "#....", "#....", "#####"]),
        "two_blobs": grid(["##.....", "##.....", ".......", ".....##", ".....##"]),
        "two_pixels_far": grid(["#......", ".......", "......#"]),
        "checkerboard": grid(["#.#.#", ".#.#.", "#.#.#", ".#.#."]),
        "full_image": grid(["####", "####", "####"]),
        "cross": grid(["..#..", "..#..", "#####", "..#..", "..#.."]),
        "u_shape": grid(["#...#", "#...#", "#...#", "#####"]),
        "triangle": grid(["#......", "##.....", "###....", "####...", "#####..", "######.", "#######"]),
        "spiral": grid(["#######", "#.....#", "#.###.#", "#.#.#.#", "#.#...#", "#.#####"]),
    }
    disk = np.zeros((15, 15), dtype=np.uint8)
    rr, cc = np.mgrid[:15, :15]
    disk[(rr - 7) ** 2 + (cc - 7) ** 2 <= 36] = 1
    cases["disk_r6"] = disk
    ellipse = np.zeros((13, 21), dtype=np.uint8)
    rr, cc = np.mgrid[:13, :21]
    ellipse[((rr - 6) / 5.5) ** 2 + ((cc - 10) / 9.5) ** 2 <= 1] = 1
    cases["ellipse"] = ellipse
    tilted = np.zeros((20, 20), dtype=np.uint8)
    rr, cc = np.mgrid[:20, :20]
    u = (rr - 9.5) * np.cos(0.5) + (cc - 9.5) * np.sin(0.5)
    v = -(rr - 9.5) * np.sin(0.5) + (cc - 9.5) * np.cos(0.5)
    tilted[(u / 9) ** 2 + (v / 3.5) ** 2 <= 1] = 1
    cases["tilted_ellipse"] = tilted
    return cases


def random_blob(height, width, threshold):
    noise = rng.random((height, width))
    smooth = ndi.uniform_filter(noise, size=5, mode="constant")
    return (smooth > threshold).astype(np.uint8)


def random_cases():
    cases = {}
    for i in range(12):
        height = int(rng.integers(8, 30))
        width = int(rng.integers(8, 30))
        mask = random_blob(height, width, float(rng.uniform(0.3, 0.5)))
        if mask.sum() == 0:
            mask[height // 2, width // 2] = 1
        cases[f"random_blob_{i}"] = mask
    for i in range(4):
        height = int(rng.integers(6, 16))
        width = int(rng.integers(6, 16))
        mask = (rng.random((height, width)) < 0.3).astype(np.uint8)
        if mask.sum() == 0:
            mask[0, 0] = 1
        cases[f"random_sparse_{i}"] = mask
    return cases


def intensity_for(name, shape, index):
    if index % 3 == 0:
        # 12-bit camera counts, as uint16 images hold them.
        return rng.integers(0, 4096, size=shape).astype(np.float64)
    if index % 3 == 1:
        return rng.random(shape) * 1000.0
    # A smooth ramp plus noise: strongly non-uniform weights.
    rr, cc = np.mgrid[: shape[0], : shape[1]]
    return (rr * 3.0 + cc * 7.0 + rng.random(shape) * 5.0).astype(np.float64)


def number(value):
    # JSON has no NaN: null stands for it (the low orders of normalised moments are NaN).
    value = float(value)
    return None if np.isnan(value) else value


def as_list(values):
    return [number(v) for v in np.ravel(values)]


def describe(name, mask, intensity):
    region = regionprops(mask.astype(int), intensity)[0]
    convex = region.image_convex
    return {
        "name": name,
        "height": int(mask.shape[0]),
        "width": int(mask.shape[1]),
        "mask": [int(v) for v in mask.ravel()],
        "intensity": as_list(intensity),
        "area": int(region.area),
        "bbox": [int(v) for v in region.bbox],
        "bbox_area": int(region.area_bbox),
        "centroid": as_list(region.centroid),
        "weighted_centroid": as_list(region.centroid_weighted),
        "moments_central": as_list(region.moments_central),
        "weighted_moments_central": as_list(region.moments_weighted_central),
        "moments_normalized": as_list(region.moments_normalized),
        "moments_hu": as_list(region.moments_hu),
        "weighted_moments_hu": as_list(region.moments_weighted_hu),
        "inertia_tensor_eigvals": as_list(region.inertia_tensor_eigvals),
        "eccentricity": number(region.eccentricity),
        "major_axis_length": number(region.axis_major_length),
        "minor_axis_length": number(region.axis_minor_length),
        "orientation": number(region.orientation),
        "equivalent_diameter": number(region.equivalent_diameter_area),
        "extent": number(region.extent),
        "solidity": number(region.solidity),
        "convex_area": int(region.area_convex),
        "convex_image": ["".join("#" if v else "." for v in row) for row in convex],
        "feret_diameter_max": number(region.feret_diameter_max),
        "filled_area": int(region.area_filled),
        "perimeter": number(region.perimeter),
        "perimeter_crofton": number(region.perimeter_crofton),
        "euler_number": int(region.euler_number),
        "min_intensity": number(region.intensity_min),
        "max_intensity": number(region.intensity_max),
        "mean_intensity": number(region.intensity_mean),
    }


def main():
    cases = {**structured_cases(), **random_cases()}
    vectors = []
    for index, (name, mask) in enumerate(cases.items()):
        intensity = intensity_for(name, mask.shape, index)
        vectors.append(describe(name, mask, intensity))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regionprops_vectors.json")
    with open(out, "w") as handle:
        json.dump(
            {
                "source": "scikit-image " + skimage.__version__ + " regionprops (label 1 = all nonzero pixels)",
                "moments_layout": "4x4 row-major, index = row_power * 4 + column_power",
                "cases": vectors,
            },
            handle,
            indent=None,
            allow_nan=False,
        )
    print(f"wrote {len(vectors)} cases to {out}")


if __name__ == "__main__":
    main()
