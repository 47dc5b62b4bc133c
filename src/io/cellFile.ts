import { closeSync, openSync, readSync, statSync, writeFileSync } from "node:fs";
import { type CellImage, deinterleave, deinterleaveMask } from "../image/cellImage.js";
import { CellReadError } from "./cellReadError.js";
import { describeDatatype, isNumeric } from "./hdf5/datatype.js";
import { type Hdf5Dataset as FastDataset, Hdf5File, Hdf5Group, type NumericArray } from "./hdf5/reader.js";
import { findSignature } from "./hdf5/superblock.js";
import { type DatasetDefinition, encodeHdf5 } from "./hdf5/writer.js";
import { hdf5, hdf5IsLoaded, loadHdf5, summariseHdf5Error } from "./hdf5Library.js";

/** One cell read from a scifAI .h5 file. */
export interface Cell extends CellImage {
  /** The label stored in the file as a string, or `null` when the file has no `label` dataset. */
  readonly label: string | null;
}

/**
 * Reads one cell file written by h5py: `image` (H, W, C), optional `mask` (H, W, C) and optional
 * `label`. Throws a CellReadError naming the file and the problem for every unreadable file.
 * Files the built-in HDF5 reader does not cover are read with the HDF5 library (h5wasm).
 */
export async function readCell(path: string): Promise<Cell> {
  const bytes = readCellBytes(path);
  const fast = attempt(() => decodeCellFile(bytes, path));
  if (fast.ok) return fast.value;
  await loadHdf5();
  return readCellSyncWithLibrary(path);
}

/**
 * Synchronous `readCell` for hot loops. Needs `await loadHdf5()` in this thread only for files
 * that the built-in reader hands over to the HDF5 library; without it such a file throws an
 * "unreadable" CellReadError saying so.
 */
export function readCellSync(path: string): Cell {
  const bytes = readCellBytes(path);
  const fast = attempt(() => decodeCellFile(bytes, path));
  if (fast.ok) return fast.value;
  requireLibrary(path, fast.reason);
  return readCellSyncWithLibrary(path);
}

/**
 * Reads only the label of a cell file: the string, `null` when there is none. Cheaper than
 * readCellSync because no pixel is read. Falls back to the HDF5 library like readCellSync.
 */
export function readLabelSync(path: string): string | null {
  const bytes = readCellBytes(path);
  const fast = attempt(() => decodeLabel(openFast(bytes, path), path));
  if (fast.ok) return fast.value;
  requireLibrary(path, fast.reason);
  return readLabelSyncWithLibrary(path);
}

/**
 * Decodes the bytes of a cell file with the built-in reader only. Throws CellReadError for a
 * file that is broken or holds no readable cell, and Hdf5UnsupportedError (or another error)
 * when the file needs a feature only the HDF5 library has; `path` only names the file in errors.
 */
export function decodeCellFile(bytes: Uint8Array, path: string): Cell {
  const root = openFast(bytes, path);
  if (!root.has("image")) {
    const names = root.names().sort(compareBytewise);
    throw new CellReadError(
      path,
      "no-image",
      `no 'image' dataset (found: ${names.length ? names.join(", ") : "nothing"})`,
    );
  }
  const imageSet = fastDatasetOrFail(root, "image", path);
  const [height, width, channels] = checkedShape(imageSet.shape, "image", path);
  checkNumeric(imageSet, "image", path);
  const image = toPlanes(asNumbers(imageSet.numbers()), height, width, channels);
  let mask: Uint8Array[] | null = null;
  if (root.has("mask")) {
    const maskSet = fastDatasetOrFail(root, "mask", path);
    checkMaskShape(maskSet.shape ?? [], [height, width, channels], path);
    checkNumeric(maskSet, "mask", path);
    mask = toMaskPlanes(asNumbers(maskSet.numbers()), height, width, channels);
  }
  const label = decodeLabel(root, path);
  return { height, width, channels, image, mask, label };
}

/** Reads a cell with the HDF5 library (h5wasm) only; `loadHdf5()` must have resolved. */
export function readCellSyncWithLibrary(path: string): Cell {
  const file = openLibraryFile(path);
  try {
    const keys = new Set(file.keys());
    if (!keys.has("image")) {
      const found = keys.size ? [...keys].join(", ") : "nothing";
      throw new CellReadError(path, "no-image", `no 'image' dataset (found: ${found})`);
    }
    const imageSet = libraryDatasetOrFail(file, "image", path);
    const shape = checkedShape(imageSet.shape ?? [], "image", path);
    const [height, width, channels] = shape;
    const image = deinterleave(libraryNumbers(imageSet, "image", path), height, width, channels);
    let mask: Uint8Array[] | null = null;
    if (keys.has("mask")) {
      const maskSet = libraryDatasetOrFail(file, "mask", path);
      checkMaskShape(maskSet.shape ?? [], shape, path);
      mask = deinterleaveMask(libraryNumbers(maskSet, "mask", path), height, width, channels);
    }
    const label = keys.has("label") ? libraryLabel(libraryDatasetOrFail(file, "label", path), path) : null;
    return { height, width, channels, image, mask, label };
  } catch (error) {
    if (error instanceof CellReadError) throw error;
    throw new CellReadError(path, "unreadable", summariseHdf5Error(error));
  } finally {
    file.close();
  }
}

/** The contents of a cell file to write; arrays are interleaved (H, W, C) as h5py stores them. */
export interface CellFileContents {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** height × width × channels pixels, channel fastest. */
  readonly image: Uint8Array | Uint16Array | Float32Array | Float64Array;
  /** Same layout as `image`, 0/1 per pixel and channel; omitted or null for no `mask` dataset. */
  readonly mask?: Uint8Array | null;
  /** Stored as a scalar variable-length UTF-8 string; omitted or null for no `label` dataset. */
  readonly label?: string | null;
}

/** How encodeCellFile stores `image` and `mask`. */
export interface CellFileWriteOptions {
  /** "gzip": chunked and deflate-compressed (h5py's compression="gzip"); default "none" (contiguous). */
  readonly compression?: "none" | "gzip";
  /** Deflate level 0–9 for "gzip"; default 4, h5py's default. */
  readonly gzipLevel?: number;
  /** Chunk shape (rows, columns, channels) for "gzip"; default the whole cell in one chunk. */
  readonly chunks?: readonly [number, number, number];
  /** Byte shuffle before deflate; default false (as h5py). */
  readonly shuffle?: boolean;
}

/**
 * Encodes a cell as the bytes of a scifAI .h5 file: datasets `image` and `mask` of shape
 * (H, W, C) and a `label` string, readable by h5py, h5wasm and readCell. The same input always
 * gives the same bytes (no timestamps). Throws on arrays whose length is not H × W × C.
 */
export function encodeCellFile(cell: CellFileContents, options: CellFileWriteOptions = {}): Uint8Array {
  const { height, width, channels } = cell;
  for (const [name, size] of [
    ["height", height],
    ["width", width],
    ["channels", channels],
  ] as const) {
    if (!Number.isSafeInteger(size) || size < 1)
      throw new Error(`cell ${name} must be a positive integer, got ${size}`);
  }
  const shape = [height, width, channels];
  const count = height * width * channels;
  if (cell.image.length !== count)
    throw new Error(`image has ${cell.image.length} values for shape (${shape.join(", ")})`);
  if (cell.mask && cell.mask.length !== count) {
    throw new Error(`mask has ${cell.mask.length} values for shape (${shape.join(", ")})`);
  }
  const gzip = (options.compression ?? "none") === "gzip";
  if (!gzip && (options.chunks || options.shuffle || options.gzipLevel !== undefined)) {
    throw new Error("chunks, shuffle and gzipLevel need compression: 'gzip'");
  }
  const storage = gzip
    ? {
        chunks: options.chunks ?? shape,
        gzipLevel: options.gzipLevel ?? 4,
        shuffle: options.shuffle ?? false,
      }
    : {};
  const datasets: DatasetDefinition[] = [{ name: "image", data: cell.image, shape, ...storage }];
  if (cell.mask) datasets.push({ name: "mask", data: cell.mask, shape, ...storage });
  if (cell.label !== undefined && cell.label !== null) datasets.push({ name: "label", text: cell.label });
  return encodeHdf5(datasets);
}

/** Writes encodeCellFile's bytes to `path` (replacing any file there). */
export function writeCellFile(path: string, cell: CellFileContents, options?: CellFileWriteOptions): void {
  writeFileSync(path, encodeCellFile(cell, options));
}

// ---------------------------------------------------------------------------------------------
// Built-in reader

type Attempt<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Runs the built-in reader; CellReadErrors are final, anything else asks for the library. */
function attempt<T>(read: () => T): Attempt<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof CellReadError) throw error;
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

function requireLibrary(path: string, reason: string): void {
  if (!hdf5IsLoaded()) {
    throw new CellReadError(
      path,
      "needs-library",
      `needs the HDF5 library (${reason}); call await loadHdf5() before reading synchronously`,
    );
  }
}

/**
 * One buffer per thread receives every file: allocating a fresh buffer per file costs more than
 * parsing it (buffers above ~128 KiB are mmap-ed and page-faulted anew each time). The bytes
 * are valid until the next read; decodeCellFile copies everything it returns.
 */
let scratch = new Uint8Array(1 << 18);
const SCRATCH_LIMIT = 1 << 24;

/**
 * The bytes of a file in this thread's reusable buffer: valid until the next call in the same
 * thread. Throws CellReadError (not found, a directory, unreadable) naming the file.
 */
export function readCellBytes(path: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new CellReadError(path, "not-found", "file not found");
    if (code === "EISDIR") throw new CellReadError(path, "not-found", "is a directory, not a file");
    throw new CellReadError(path, "unreadable", `cannot read file (${(error as Error).message})`);
  }
  try {
    let buffer = scratch;
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const grown = new Uint8Array(buffer.length * 2);
        grown.set(buffer);
        buffer = grown;
      }
      const count = readSync(fd, buffer, length, buffer.length - length, length);
      if (count === 0) break;
      length += count;
    }
    if (buffer.length <= SCRATCH_LIMIT) scratch = buffer;
    return buffer.subarray(0, length);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EISDIR") throw new CellReadError(path, "not-found", "is a directory, not a file");
    throw new CellReadError(path, "unreadable", `cannot read file (${(error as Error).message})`);
  } finally {
    closeSync(fd);
  }
}

/** Opens the root group, reporting a missing signature and a truncated file as the library does. */
function openFast(bytes: Uint8Array, path: string): Hdf5Group {
  const position = findSignature(bytes);
  if (position < 0) throw new CellReadError(path, "not-hdf5", "not an HDF5 file (file signature not found)");
  const file = Hdf5File.open(bytes);
  const superblock = file.superblock;
  // The library compares the stored end-of-file address with the whole file's size, user block
  // included, although other addresses are relative to the base address.
  if (bytes.length < superblock.endOfFileAddress) {
    const detail = `truncated file: eof = ${bytes.length - superblock.baseAddress}, sblock->base_addr = ${superblock.baseAddress}, stored_eof = ${superblock.endOfFileAddress}`;
    throw new CellReadError(path, "truncated", `truncated HDF5 file (${detail})`);
  }
  return file.root;
}

function fastDatasetOrFail(root: Hdf5Group, name: string, path: string): FastDataset {
  const entity = root.get(name);
  if (entity === null || entity instanceof Hdf5Group) {
    throw new CellReadError(path, name === "image" ? "no-image" : "unreadable", `'${name}' is not a dataset`);
  }
  return entity;
}

function checkNumeric(dataset: FastDataset, name: string, path: string): void {
  if (!isNumeric(dataset.datatype)) {
    throw new CellReadError(
      path,
      "unsupported-type",
      `'${name}' has unsupported data type ${describeDatatype(dataset.datatype)}; expected integers, floats or booleans`,
    );
  }
}

/** Plain numbers for the deinterleave kernels; 64-bit integers become float64 (exact below 2^53). */
function asNumbers(values: NumericArray): ArrayLike<number> {
  if (values instanceof BigInt64Array || values instanceof BigUint64Array) return bigIntsToFloat64(values);
  return values;
}

/**
 * A Float64Array of `length` values without zero-filling its memory first (every value is
 * written right after); its buffer is its own, exactly `length * 8` bytes long.
 */
function uninitializedFloat64(length: number): Float64Array {
  return new Float64Array(Buffer.allocUnsafeSlow(length * 8).buffer, 0, length);
}

/** A Uint8Array of its own `length` bytes, not zero-filled (every byte is written right after). */
function uninitializedUint8(length: number): Uint8Array {
  return new Uint8Array(Buffer.allocUnsafeSlow(length).buffer, 0, length);
}

/**
 * deinterleave with one strided pass per channel: each plane is written sequentially, which
 * beats the pixel-major loop on large cells. Same values as deinterleave.
 */
function toPlanes(data: ArrayLike<number>, height: number, width: number, channels: number): Float64Array[] {
  const pixels = height * width;
  const planes: Float64Array[] = [];
  for (let c = 0; c < channels; c++) {
    const plane = uninitializedFloat64(pixels);
    for (let p = 0, i = c; p < pixels; p++, i += channels) plane[p] = data[i];
    planes.push(plane);
  }
  return planes;
}

/** deinterleaveMask (nonzero → 1, NaN → 1) with one strided pass per channel. */
function toMaskPlanes(
  data: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
): Uint8Array[] {
  const pixels = height * width;
  const planes: Uint8Array[] = [];
  for (let c = 0; c < channels; c++) {
    const plane = uninitializedUint8(pixels);
    if (data instanceof Uint8Array) {
      // (x + 255) >> 8 is 0 for 0 and 1 for 1..255: no branch in the commonest mask type.
      for (let p = 0, i = c; p < pixels; p++, i += channels) plane[p] = (data[i] + 255) >> 8;
    } else {
      for (let p = 0, i = c; p < pixels; p++, i += channels) plane[p] = data[i] !== 0 ? 1 : 0;
    }
    planes.push(plane);
  }
  return planes;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function bigIntsToFloat64(values: BigInt64Array | BigUint64Array): Float64Array {
  const out = new Float64Array(values.length);
  if (!LITTLE_ENDIAN_HOST) {
    for (let i = 0; i < values.length; i++) out[i] = Number(values[i]);
    return out;
  }
  // high × 2^32 is exact and adding the low word rounds once, exactly as Number(bigint) does.
  const low = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const high =
    values instanceof BigInt64Array
      ? new Int32Array(values.buffer, values.byteOffset, values.length * 2)
      : new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  for (let i = 0; i < values.length; i++) out[i] = high[2 * i + 1] * 4294967296 + low[2 * i];
  return out;
}

const utf8 = new TextDecoder("utf-8");

/**
 * The label as the HDF5 library path reads it: the first string of a string dataset; the UTF-8
 * text of a 1-byte integer array; an error for other numbers. Other datatypes go to the library.
 */
function decodeLabel(root: Hdf5Group, path: string): string | null {
  if (!root.has("label")) return null;
  const dataset = fastDatasetOrFail(root, "label", path);
  const type = dataset.datatype;
  const notString = () =>
    new CellReadError(path, "unsupported-type", `'label' is not a string (type ${describeDatatype(type)})`);
  if (dataset.shape === null) throw new Error("label with a null dataspace");
  if (type.kind === "string" || type.kind === "vlen-string") {
    const values = dataset.strings();
    if (values.length === 0) throw notString();
    return values[0].replace(/\0+$/, "");
  }
  if (!isNumeric(type)) throw new Error(`label of type ${describeDatatype(type)}`);
  const base = type.kind === "enum" ? type.base : type;
  if (dataset.shape.length === 0 || base.kind !== "integer" || base.size !== 1) throw notString();
  const bytes = dataset.numbers() as Uint8Array | Int8Array;
  return utf8.decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)).replace(/\0+$/, "");
}

// ---------------------------------------------------------------------------------------------
// Shared checks

function checkedShape(shape: number[] | null, name: string, path: string): [number, number, number] {
  const dims = shape ?? [];
  if (dims.length !== 3) {
    throw new CellReadError(
      path,
      "wrong-rank",
      `'${name}' has rank ${dims.length} (shape (${dims.join(", ")})); expected (height, width, channels)`,
    );
  }
  if (dims.some((size) => size === 0)) {
    throw new CellReadError(path, "empty-image", `'${name}' is empty (shape (${dims.join(", ")}))`);
  }
  return [dims[0], dims[1], dims[2]];
}

function checkMaskShape(maskShape: number[], shape: number[], path: string): void {
  if (maskShape.length !== 3 || maskShape.some((size, axis) => size !== shape[axis])) {
    throw new CellReadError(
      path,
      "mask-shape",
      `mask shape (${maskShape.join(", ")}) differs from image shape (${shape.join(", ")})`,
    );
  }
}

/** Orders names as HDF5 does (strcmp on UTF-8 bytes). */
function compareBytewise(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

// ---------------------------------------------------------------------------------------------
// HDF5 library (h5wasm) path

type H5 = ReturnType<typeof hdf5>;
type H5File = InstanceType<H5["File"]>;
type H5Dataset = InstanceType<H5["Dataset"]>;

const HDF5_INTEGER = 0;
const HDF5_FLOAT = 1;
const HDF5_ENUM = 8;

function readLabelSyncWithLibrary(path: string): string | null {
  const file = openLibraryFile(path);
  try {
    if (!file.keys().includes("label")) return null;
    return libraryLabel(libraryDatasetOrFail(file, "label", path), path);
  } catch (error) {
    if (error instanceof CellReadError) throw error;
    throw new CellReadError(path, "unreadable", summariseHdf5Error(error));
  } finally {
    file.close();
  }
}

function openLibraryFile(path: string): H5File {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) throw new CellReadError(path, "not-found", "file not found");
  if (stats.isDirectory()) throw new CellReadError(path, "not-found", "is a directory, not a file");
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

function libraryDatasetOrFail(file: H5File, name: string, path: string): H5Dataset {
  const entity = file.get(name);
  if (!(entity instanceof hdf5().Dataset)) {
    throw new CellReadError(path, name === "image" ? "no-image" : "unreadable", `'${name}' is not a dataset`);
  }
  return entity;
}

function libraryNumbers(dataset: H5Dataset, name: string, path: string): ArrayLike<number> {
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
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) return bigIntsToFloat64(value);
  return value as ArrayLike<number>;
}

function libraryLabel(dataset: H5Dataset, path: string): string {
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
