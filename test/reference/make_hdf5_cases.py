"""Writes the small HDF5 test inputs of test/fixtures/hdf5/ with h5py, plus hdf5_cases.json.

Run with the Debian interpreter that has h5py:  /usr/bin/python3 test/reference/make_hdf5_cases.py

Every file is tiny (a few KB) and exercises one structure of the HDF5 format that h5py can
produce for a scifAI cell file: superblock versions, object header versions, group storage,
layouts, chunk indexes, filters, datatypes and label encodings. hdf5_cases.json records what h5py
reads back from each file (shape, dtype and every value) so that the TypeScript reader is tested
against h5py itself, not only against h5wasm. Files that use a feature the fast reader does not
implement are listed with "unsupported": true.
"""

import json
import math
import os
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "hdf5")
CASES_JSON = os.path.join(HERE, "hdf5_cases.json")
H, W, C = 6, 7, 3
cases = {}


def image(dtype="<u2", height=H, width=W, channels=C):
    """Deterministic pixel values that use the high bytes of the type (endianness matters)."""
    n = height * width * channels
    base = np.arange(n, dtype=np.int64).reshape(height, width, channels)
    dt = np.dtype(dtype)
    if dt.kind == "f":
        values = (base * 37.25 - 300.5).astype(dt)
        flat = values.reshape(-1)
        if n >= 3:
            flat[1], flat[2] = np.inf, np.nan
        return values
    info = np.iinfo(dt)
    span = int(info.max) - int(info.min)
    values = [int(info.min) + (int(v) * 7919 * 104729) % (span + 1) for v in base.reshape(-1)]
    return np.array(values, dtype=dt).reshape(height, width, channels)


def mask(dtype="u1", height=H, width=W, channels=C):
    rows, cols, chans = np.indices((height, width, channels))
    return (((rows + 2 * cols + chans) % 3) == 0).astype(dtype)


def encode_value(value):
    if isinstance(value, bytes):
        return {"bytes": list(value)}
    if isinstance(value, str):
        return value
    if isinstance(value, (np.floating, float)):
        f = float(value)
        if math.isnan(f):
            return "nan"
        if math.isinf(f):
            return "inf" if f > 0 else "-inf"
        return f
    if isinstance(value, (np.integer, int, np.bool_, bool)):
        return int(value)
    raise TypeError(f"cannot encode {type(value)}")


def record(name, unsupported=False, note=""):
    """Reads the file back with h5py and stores every dataset of its root group in hdf5_cases.json."""
    entry = {"datasets": {}, "unsupported": unsupported, "note": note}
    with h5py.File(os.path.join(OUT, name), "r") as f:
        entry["superblock"] = int(f.id.get_create_plist().get_version()[0])
        keys = []
        f.visit(keys.append)
        for key in sorted(f.keys()):
            obj = f.get(key, getlink=True)
            if not isinstance(obj, h5py.HardLink):
                continue
            item = f[key]
            if not isinstance(item, h5py.Dataset):
                continue
            if item.shape is None:
                entry["datasets"][key] = {"shape": None, "dtype": str(item.dtype), "values": []}
                continue
            data = item[()]
            array = np.asarray(data)
            values = [encode_value(v) for v in array.reshape(-1)] if array.dtype.kind != "V" else None
            entry["datasets"][key] = {
                "shape": list(item.shape),
                "dtype": item.dtype.str if item.dtype.kind != "O" else "object",
                "values": values,
            }
    cases[name] = entry


def write(name, datasets, libver="earliest", unsupported=False, note="", **file_kwargs):
    path = os.path.join(OUT, name)
    with h5py.File(path, "w", libver=libver, **file_kwargs) as f:
        for key, spec in datasets.items():
            if isinstance(spec, dict):
                data = spec.pop("data")
                f.create_dataset(key, data=data, **spec)
            else:
                f[key] = spec
    record(name, unsupported, note)


def vlen_label(text="B_cell"):
    return text  # h5py stores a Python str as a scalar variable-length UTF-8 string


def main():
    os.makedirs(OUT, exist_ok=True)
    os.chdir(OUT)  # HDF5 resolves external raw data files against the working directory
    for old in os.listdir(OUT):
        # written_*.h5 are the TypeScript writer's golden files, not this script's.
        if (old.endswith(".h5") or old.endswith(".raw")) and not old.startswith("written_"):
            os.remove(os.path.join(OUT, old))

    # --- layouts and chunk indexes, default (earliest) format: superblock 0, object header 1
    write("earliest_contiguous.h5", {"image": image(), "mask": mask(), "label": vlen_label()})
    write(
        "earliest_chunked_gzip_shuffle.h5",
        {
            "image": {"data": image(), "chunks": (4, 3, 2), "compression": "gzip", "shuffle": True},
            "mask": {"data": mask(), "chunks": (6, 7, 3), "compression": "gzip", "compression_opts": 9},
            "label": vlen_label("T_cell"),
        },
    )
    write(
        "earliest_chunked_plain.h5",
        {"image": {"data": image(), "chunks": (5, 5, 2)}, "mask": {"data": mask(), "chunks": (2, 7, 3)}},
    )
    # 60 chunks of the image: a B-tree with more than one level needs > 64 entries per node, so
    # use 1x1x3 chunks on a 9x9 image (81 chunks) to get a two-level chunk B-tree.
    write(
        "earliest_chunk_btree_two_levels.h5",
        {
            "image": {"data": image(height=9, width=9), "chunks": (1, 1, 3), "compression": "gzip"},
            "mask": {"data": mask(height=9, width=9), "chunks": (9, 9, 3)},
        },
    )
    path = os.path.join(OUT, "earliest_compact.h5")
    with h5py.File(path, "w") as f:
        for key, data in (("image", image()), ("mask", mask())):
            space = h5py.h5s.create_simple(data.shape)
            dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
            dcpl.set_layout(h5py.h5d.COMPACT)
            dset = h5py.h5d.create(f.id, key.encode(), h5py.h5t.py_create(data.dtype), space, dcpl=dcpl)
            dset.write(h5py.h5s.ALL, h5py.h5s.ALL, np.ascontiguousarray(data))
        f["label"] = vlen_label()
    record("earliest_compact.h5")

    # Chunks never written read as the fill value (zero by default, 7 when set).
    path = os.path.join(OUT, "missing_chunks.h5")
    with h5py.File(path, "w") as f:
        d = f.create_dataset("image", shape=(H, W, C), dtype="<u2", chunks=(3, 4, 3), compression="gzip")
        d[0:3, 0:4, :] = image()[0:3, 0:4, :]
        m = f.create_dataset("mask", shape=(H, W, C), dtype="u1", chunks=(3, 4, 3), fillvalue=7)
        m[3:6, 4:7, :] = mask()[3:6, 4:7, :]
    record("missing_chunks.h5")
    path = os.path.join(OUT, "unwritten_contiguous.h5")
    with h5py.File(path, "w") as f:
        f.create_dataset("image", shape=(H, W, C), dtype="<u2")
        f.create_dataset("mask", shape=(H, W, C), dtype="u1", fillvalue=1)
    record("unwritten_contiguous.h5")

    # --- datatypes
    for dtype in ["|u1", "|i1", "<i2", "<i4", "<u4", "<i8", "<u8", "<f4", "<f8", ">u2", ">i4", ">f4", ">f8", ">i8"]:
        tag = dtype.replace("<", "le_").replace(">", "be_").replace("|", "")
        write(f"image_{tag}.h5", {"image": image(dtype), "mask": mask()})
    write("big_endian_mask.h5", {"image": image(">u2"), "mask": mask(">i2")})
    write("bool_mask.h5", {"image": image(), "mask": mask("?")})
    write("float16_image.h5", {"image": image("<f2"), "mask": mask()}, unsupported=True, note="float16")

    # --- labels
    write("label_fixed_bytes.h5", {"image": image(), "mask": mask(), "label": np.bytes_(b"B_cell")})
    write("label_fixed_array_1.h5", {"image": image(), "mask": mask(), "label": np.array([b"CD4_T"], dtype="S8")})
    write("label_vlen_array_1.h5", {"image": image(), "mask": mask(), "label": ["NK_cell"]})
    write(
        "label_vlen_ascii.h5",
        {"image": image(), "mask": mask(), "label": {"data": "Mono", "dtype": h5py.string_dtype("ascii")}},
    )
    write("label_vlen_utf8_non_ascii.h5", {"image": image(), "mask": mask(), "label": "Zelle_\u00e4\u03b2"})
    path = os.path.join(OUT, "label_fixed_spacepad_utf8.h5")
    with h5py.File(path, "w") as f:
        f["image"] = image()
        f["mask"] = mask()
        tid = h5py.h5t.C_S1.copy()
        tid.set_size(12)
        tid.set_strpad(h5py.h5t.STR_SPACEPAD)
        tid.set_cset(h5py.h5t.CSET_UTF8)
        space = h5py.h5s.create(h5py.h5s.SCALAR)
        dset = h5py.h5d.create(f.id, b"label", tid, space)
        dset.write(h5py.h5s.ALL, h5py.h5s.ALL, np.array("B_c\u00e9ll".encode() + b"   ", dtype="S12"), mtype=tid)
    record("label_fixed_spacepad_utf8.h5")
    write("label_int.h5", {"image": image(), "mask": mask(), "label": np.int32(3)})
    write("label_empty_array.h5", {"image": image(), "mask": mask(), "label": np.array([], dtype="S4")})

    # --- errors a cell reader must report
    write("wrong_rank_2d.h5", {"image": image()[:, :, 0], "mask": mask()[:, :, 0]})
    write("wrong_rank_4d.h5", {"image": image().reshape(H, W, C, 1)})
    write("wrong_rank_scalar.h5", {"image": np.uint16(5)})
    write("empty_image.h5", {"image": np.zeros((0, W, C), dtype="<u2"), "mask": np.zeros((0, W, C), "u1")})
    write("string_image.h5", {"image": np.full((3, 4, 5), b"abc", dtype="S3")})
    compound = np.zeros((3, 4, 5), dtype=[("a", "<u2"), ("b", "<f4")])
    compound["a"] = 3
    write("compound_image.h5", {"image": compound})
    path = os.path.join(OUT, "image_is_group.h5")
    with h5py.File(path, "w") as f:
        f.create_group("image")
        f["mask"] = mask()
    record("image_is_group.h5")
    path = os.path.join(OUT, "mask_is_group.h5")
    with h5py.File(path, "w") as f:
        f["image"] = image()
        f.create_group("mask")
    record("mask_is_group.h5")

    # --- libver='latest': superblock 3, object header 2, link messages, layout 4
    write(
        "latest_contiguous.h5", {"image": image(), "mask": mask(), "label": vlen_label()}, libver="latest"
    )
    write(
        "latest_chunked_gzip.h5",
        {
            "image": {"data": image(), "chunks": (4, 3, 2), "compression": "gzip", "shuffle": True},
            "mask": {"data": mask(), "chunks": (2, 7, 3), "compression": "gzip"},
            "label": vlen_label(),
        },
        libver="latest",
    )
    write(
        "latest_single_chunk.h5",
        {
            "image": {"data": image(), "chunks": (H, W, C), "compression": "gzip", "shuffle": True},
            "mask": {"data": mask(), "chunks": (H, W, C)},
        },
        libver="latest",
    )
    write(
        "latest_big_endian.h5",
        {"image": image(">u2"), "mask": mask(), "label": np.bytes_(b"B_cell")},
        libver="latest",
    )
    path = os.path.join(OUT, "latest_implicit_index.h5")
    with h5py.File(path, "w", libver="latest") as f:
        for key, data in (("image", image()), ("mask", mask())):
            space = h5py.h5s.create_simple(data.shape)
            dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
            dcpl.set_chunk((4, 3, 2))
            dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
            dset = h5py.h5d.create(f.id, key.encode(), h5py.h5t.py_create(data.dtype), space, dcpl=dcpl)
            dset.write(h5py.h5s.ALL, h5py.h5s.ALL, np.ascontiguousarray(data))
    record("latest_implicit_index.h5")
    write(
        "latest_extensible_array.h5",
        {"image": {"data": image(), "maxshape": (None, W, C), "chunks": (2, W, C)}, "mask": mask()},
        libver="latest",
        unsupported=True,
        note="extensible-array chunk index",
    )
    write(
        "latest_btree2_index.h5",
        {"image": {"data": image(), "maxshape": (None, None, C), "chunks": (2, 2, C)}, "mask": mask()},
        libver="latest",
        unsupported=True,
        note="version-2 B-tree chunk index",
    )
    dense = {"image": image(), "mask": mask()}
    for k in range(10):
        dense[f"extra_{k:02d}"] = np.uint8(k)
    write("latest_dense_links.h5", dense, libver="latest", unsupported=True, note="dense link storage")

    # --- other structures
    write("userblock.h5", {"image": image(), "mask": mask(), "label": vlen_label()}, userblock_size=512)
    path = os.path.join(OUT, "attributes_and_times.h5")
    with h5py.File(path, "w") as f:
        d = f.create_dataset("image", data=image(), track_times=True)
        for k in range(40):  # enough attributes to overflow the first header block (continuation)
            d.attrs[f"attribute_{k:02d}"] = np.arange(k + 1, dtype="<f8")
        f.create_dataset("mask", data=mask(), track_times=True)
        f["label"] = vlen_label()
        f.attrs["experiment"] = "Experiment_1"
    record("attributes_and_times.h5")
    path = os.path.join(OUT, "soft_link_image.h5")
    with h5py.File(path, "w") as f:
        f["data/image"] = image()
        f["image"] = h5py.SoftLink("/data/image")
        f["mask"] = mask()
    record("soft_link_image.h5", unsupported=True, note="soft link")
    write(
        "fletcher32.h5",
        {"image": {"data": image(), "chunks": (3, 7, 3), "fletcher32": True}, "mask": mask()},
        unsupported=True,
        note="fletcher32 filter",
    )
    write(
        "scaleoffset.h5",
        {"image": {"data": image(), "chunks": (3, 7, 3), "scaleoffset": 0}, "mask": mask()},
        unsupported=True,
        note="scale-offset filter",
    )
    write(
        "lzf.h5",
        {"image": {"data": image(), "chunks": (3, 7, 3), "compression": "lzf"}, "mask": mask()},
        unsupported=True,
        note="LZF filter (not built into HDF5)",
    )
    path = os.path.join(OUT, "external_storage.h5")
    with h5py.File(path, "w") as f:
        f.create_dataset("image", shape=(H, W, C), dtype="<u2", external=[("external_storage.raw", 0, H * W * C * 2)])
        f["mask"] = mask()
    with open(os.path.join(OUT, "external_storage.raw"), "wb") as raw:
        raw.write(image().tobytes())
    record("external_storage.h5", unsupported=True, note="external storage")

    with open(CASES_JSON, "w") as out:
        json.dump(cases, out, sort_keys=True, allow_nan=False, separators=(",", ":"))
        out.write("\n")
    print(f"wrote {len(cases)} files to {os.path.normpath(OUT)} with h5py {h5py.__version__}, HDF5 {h5py.version.hdf5_version}")


if __name__ == "__main__":
    sys.exit(main())
