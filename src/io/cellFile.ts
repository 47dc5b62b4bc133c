import { existsSync, statSync } from "node:fs";
import { type CellImage, deinterleave, deinterleaveMask } from "../image/cellImage.js";
import { CellReadError } from "./cellReadError.js";
import { hdf5, loadHdf5, summariseHdf5Error } from "./hdf5Library.js";

/** One cell read from a scifAI .h5 file. */
export interface Cell extends CellImage {
  /** The label stored in the file as a string, or `null` when the file has no `label` dataset. */
  readonly label: string | null;
}

type H5 = ReturnType<typeof hdf5>;
type H5File = InstanceType<H5["File"]>;
type H5Dataset = InstanceType<H5["Dataset"]>;

const HDF5_INTEGER = 0;
const HDF5_FLOAT = 1;
const HDF5_ENUM = 8;

/**
 * Reads one cell file written by h5py: `image` (H, W, C), optional `mask` (H, W, C) and optional
 * `label`. Throws a CellReadError naming the file and the problem for every unreadable file.
 */
export async function readCell(path: string): Promise<Cell> {
  await loadHdf5();
  return readCellSync(path);
}

/** Synchronous `readCell` for hot loops; `loadHdf5()` must have resolved in this thread. */
export function readCellSync(path: string): Cell {
  const file = openCellFile(path);
  try {
    const keys = new Set(file.keys());
    if (!keys.has("image")) {
      const found = keys.size ? [...keys].join(", ") : "nothing";
      throw new CellReadError(path, "no-image", `no 'image' dataset (found: ${found})`);
    }
    const imageSet = datasetOrFail(file, "image", path);
    const shape = checkedShape(imageSet, "image", path);
    const [height, width, channels] = shape;
    const image = deinterleave(numericValues(imageSet, "image", path), height, width, channels);
    let mask: Uint8Array[] | null = null;
    if (keys.has("mask")) {
      const maskSet = datasetOrFail(file, "mask", path);
      const maskShape = maskSet.shape ?? [];
      if (maskShape.length !== 3 || maskShape.some((size, axis) => size !== shape[axis])) {
        throw new CellReadError(
          path,
          "mask-shape",
          `mask shape (${maskShape.join(", ")}) differs from image shape (${shape.join(", ")})`,
        );
      }
      mask = deinterleaveMask(numericValues(maskSet, "mask", path), height, width, channels);
    }
    const label = keys.has("label") ? readLabel(datasetOrFail(file, "label", path), path) : null;
    return { height, width, channels, image, mask, label };
  } catch (error) {
    if (error instanceof CellReadError) throw error;
    throw new CellReadError(path, "unreadable", summariseHdf5Error(error));
  } finally {
    file.close();
  }
}

/**
 * Reads only the label of a cell file: the string, `null` when there is none. Cheaper than
 * readCellSync because no pixel is read. `loadHdf5()` must have resolved in this thread.
 */
export function readLabelSync(path: string): string | null {
  const file = openCellFile(path);
  try {
    if (!file.keys().includes("label")) return null;
    return readLabel(datasetOrFail(file, "label", path), path);
  } catch (error) {
    if (error instanceof CellReadError) throw error;
    throw new CellReadError(path, "unreadable", summariseHdf5Error(error));
  } finally {
    file.close();
  }
}

function openCellFile(path: string): H5File {
  if (!existsSync(path)) throw new CellReadError(path, "not-found", "file not found");
  if (statSync(path).isDirectory()) throw new CellReadError(path, "not-found", "is a directory, not a file");
  try {
    return new (hdf5().File)(path, "r");
  } catch (error) {
    const detail = summariseHdf5Error(error);
    if (/signature not found/i.test(detail)) {
      throw new CellReadError(path, "not-hdf5", "not an HDF5 file (file signature not found)");
    }
    if (/truncated/i.test(detail))
      throw new CellReadError(path, "truncated", `truncated HDF5 file (${detail})`);
    throw new CellReadError(path, "unreadable", `cannot open HDF5 file (${detail})`);
  }
}

function datasetOrFail(file: H5File, name: string, path: string): H5Dataset {
  const entity = file.get(name);
  if (!(entity instanceof hdf5().Dataset)) {
    throw new CellReadError(path, name === "image" ? "no-image" : "unreadable", `'${name}' is not a dataset`);
  }
  return entity;
}

function checkedShape(dataset: H5Dataset, name: string, path: string): [number, number, number] {
  const shape = dataset.shape ?? [];
  if (shape.length !== 3) {
    throw new CellReadError(
      path,
      "wrong-rank",
      `'${name}' has rank ${shape.length} (shape (${shape.join(", ")})); expected (height, width, channels)`,
    );
  }
  if (shape.some((size) => size === 0)) {
    throw new CellReadError(path, "empty-image", `'${name}' is empty (shape (${shape.join(", ")}))`);
  }
  return [shape[0], shape[1], shape[2]];
}

function numericValues(dataset: H5Dataset, name: string, path: string): ArrayLike<number> {
  const meta = dataset.metadata;
  const numeric =
    meta.type === HDF5_INTEGER ||
    meta.type === HDF5_FLOAT ||
    (meta.type === HDF5_ENUM && meta.enum_type?.type === HDF5_INTEGER);
  if (!numeric || meta.vlen) {
    throw new CellReadError(
      path,
      "unsupported-type",
      `'${name}' has unsupported data type ${String(dataset.dtype)}; expected integers, floats or booleans`,
    );
  }
  const value = dataset.value;
  if (value === null || typeof value !== "object" || !("length" in value)) {
    throw new CellReadError(path, "unreadable", `'${name}' could not be read`);
  }
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) {
    // int64 pixels are exact in float64 up to 2^53, far beyond any camera's range.
    return Float64Array.from(value, (x) => Number(x));
  }
  return value as ArrayLike<number>;
}

const utf8 = new TextDecoder("utf-8");

function readLabel(dataset: H5Dataset, path: string): string {
  let value: unknown = dataset.value;
  if (Array.isArray(value)) value = value[0];
  if (value instanceof Uint8Array || value instanceof Int8Array) {
    value = utf8.decode(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
  }
  if (typeof value !== "string") {
    throw new CellReadError(
      path,
      "unsupported-type",
      `'label' is not a string (type ${String(dataset.dtype)})`,
    );
  }
  // Fixed-length strings are NUL-padded by HDF5; h5py strips the padding too.
  return value.replace(/\0+$/, "");
}
