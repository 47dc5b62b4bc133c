"""Golden vectors for labelling and binary morphology (SciPy 1.10.1, scikit-image 0.19.3).

Run with the Debian interpreter that has scikit-image 0.19.3 and SciPy 1.10.1:

    /usr/bin/python3 test/reference/morphology_vectors.py

It writes test/reference/morphology_vectors.json next to this script. Masks are 0/1 lists,
row-major, with their shape: `scipy.ndimage.label` labels, `remove_small_objects`, `disk`, and
`binary_dilation` / `binary_erosion` / `binary_closing` of scikit-image with disks and with
asymmetric footprints (to pin down SciPy's footprint reflection in dilation, on both the stamping
and the scanning path of the TypeScript kernel).
"""

import json
import os

import numpy as np
import skimage
from scipy import ndimage as ndi
from skimage.morphology import binary_closing, binary_dilation, binary_erosion, disk, remove_small_objects

assert skimage.__version__ == "0.19.3", skimage.__version__

rng = np.random.default_rng(20240614)


def flat(mask):
    return [int(v) for v in np.asarray(mask).astype(np.uint8).ravel()]


def random_mask(shape, density):
    return rng.random(shape) < density


def blobby_mask(shape):
    # Thresholded smooth noise: irregular objects with holes and touching the border.
    noise = ndi.gaussian_filter(rng.random(shape), 1.5)
    return noise > np.median(noise)


labelling = []
for index, (shape, density) in enumerate([((15, 20), 0.5), ((12, 12), 0.3), ((1, 9), 0.5), ((9, 1), 0.6), ((20, 25), 0.55)]):
    mask = random_mask(shape, density)
    for connectivity in (1, 2):
        labels, count = ndi.label(mask, ndi.generate_binary_structure(2, connectivity))
        labelling.append(
            {
                "name": f"random_{index}_c{connectivity}",
                "height": shape[0],
                "width": shape[1],
                "connectivity": connectivity,
                "mask": flat(mask),
                "labels": [int(v) for v in labels.ravel()],
                "count": int(count),
            }
        )

small_objects = []
for index, (shape, density) in enumerate([((15, 20), 0.45), ((30, 30), 0.5), ((8, 8), 0.2)]):
    mask = random_mask(shape, density)
    for connectivity in (1, 2):
        for min_size in (0, 1, 2, 3, 5, 8, 20):
            small_objects.append(
                {
                    "name": f"random_{index}_c{connectivity}_min{min_size}",
                    "height": shape[0],
                    "width": shape[1],
                    "connectivity": connectivity,
                    "minSize": min_size,
                    "mask": flat(mask),
                    "kept": flat(remove_small_objects(mask, min_size, connectivity=connectivity)),
                }
            )

disks = [{"radius": r, "size": 2 * r + 1, "footprint": flat(disk(r))} for r in range(0, 8)]

footprints = {
    "disk1": disk(1),
    "disk2": disk(2),
    "disk5": disk(5),
    "asymmetric_3x5": np.array([[1, 1, 0, 0, 0], [0, 1, 1, 0, 0], [0, 0, 1, 0, 1]], dtype=np.uint8),
    "asymmetric_5x3": np.array([[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 0], [0, 1, 1]], dtype=np.uint8),
    # Asymmetric but every pixel steps toward the centre inside the footprint: these take the
    # boundary-stamping path of the TypeScript kernel, which must negate the footprint correctly.
    "stairs_3x3": np.array([[1, 1, 0], [0, 1, 1], [0, 0, 1]], dtype=np.uint8),
    "corner_5x5": np.array(
        [[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 1, 1, 1], [0, 0, 1, 0, 0], [0, 0, 1, 0, 0]], dtype=np.uint8
    ),
}
morphology = []
for index, shape in enumerate([(16, 18), (25, 22), (7, 30)]):
    for kind in ("random", "blobby"):
        mask = random_mask(shape, 0.35) if kind == "random" else blobby_mask(shape)
        for name, footprint in footprints.items():
            morphology.append(
                {
                    "name": f"{kind}_{index}_{name}",
                    "height": shape[0],
                    "width": shape[1],
                    "footprintHeight": footprint.shape[0],
                    "footprintWidth": footprint.shape[1],
                    "footprint": flat(footprint),
                    "mask": flat(mask),
                    "dilation": flat(binary_dilation(mask, footprint)),
                    "erosion": flat(binary_erosion(mask, footprint)),
                    "closing": flat(binary_closing(mask, footprint)),
                }
            )

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "morphology_vectors.json")
with open(path, "w") as handle:
    json.dump(
        {"labelling": labelling, "removeSmallObjects": small_objects, "disk": disks, "morphology": morphology},
        handle,
    )
print(f"wrote {path}")
