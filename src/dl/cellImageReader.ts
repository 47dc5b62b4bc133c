import { readCellBytes, readCellSync } from "../io/cellFile.js";
import { CellReadError } from "../io/cellReadError.js";
import { isNumeric } from "../io/hdf5/datatype.js";
import { Hdf5Dataset, Hdf5File } from "../io/hdf5/reader.js";
import { hdf5IsLoaded } from "../io/hdf5Library.js";
import { type CropSource, planarSource } from "./crops.js";

/**
 * The `image` of a cell file as a CropSource, for crops: the interleaved (H, W, C) values as
 * stored, without converting them to float64 planes, and without reading the mask or the label.
 * The result may view the per-thread buffer of `readCellBytes`: use it before the next cell is read
 * in this thread. A file the built-in reader
 * does not take on this path (broken, truncated, a mask whose shape differs, 64-bit integers, or
 * anything needing the HDF5 library) goes through `readCellSync`, so broken files throw the same
 * CellReadError as everywhere else in scifai. That path needs the HDF5 library loaded in this
 * thread: without it, HdfLibraryNeeded is thrown, so that callers load it (`await loadHdf5()`)
 * only when a file needs it and try again.
 */
export function readCropSource(path: string): CropSource {
  const fast = fastImage(path);
  if (fast) return fast;
  if (hdf5IsLoaded()) return planarSource(readCellSync(path));
  try {
    return planarSource(readCellSync(path));
  } catch (error) {
    // readCellSync reports most broken files itself; only the rest needs the library.
    if (
      error instanceof CellReadError &&
      error.kind === "unreadable" &&
      /needs the HDF5 library/.test(error.reason)
    )
      throw new HdfLibraryNeeded(path);
    throw error;
  }
}

/** Thrown by readCropSource for a file that needs the HDF5 library before it is loaded. */
export class HdfLibraryNeeded extends Error {
  override readonly name = "HdfLibraryNeeded";
  constructor(readonly file: string) {
    super(`${file}: reading this file needs the HDF5 library; await loadHdf5() and try again`);
  }
}

function fastImage(path: string): CropSource | null {
  let bytes: Uint8Array;
  try {
    bytes = readCellBytes(path);
  } catch {
    return null;
  }
  try {
    const file = Hdf5File.open(bytes);
    // A truncated file is reported by readCellSync, as the HDF5 library does.
    if (bytes.length < file.superblock.endOfFileAddress) return null;
    const root = file.root;
    const image = root.get("image");
    if (!(image instanceof Hdf5Dataset) || !isNumeric(image.datatype)) return null;
    const shape = image.shape;
    if (shape === null || shape.length !== 3 || shape.some((side) => side === 0)) return null;
    if (root.has("mask")) {
      const mask = root.get("mask");
      if (!(mask instanceof Hdf5Dataset) || !isNumeric(mask.datatype)) return null;
      const maskShape = mask.shape;
      if (
        maskShape === null ||
        maskShape.length !== 3 ||
        maskShape.some((side, axis) => side !== shape[axis])
      )
        return null;
    }
    const data = image.numbers();
    if (data instanceof BigInt64Array || data instanceof BigUint64Array) return null;
    return { layout: "interleaved", height: shape[0], width: shape[1], channels: shape[2], data };
  } catch {
    return null;
  }
}
