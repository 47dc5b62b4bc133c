import { Hdf5Bytes, UNDEFINED_ADDRESS } from "./byteCursor.js";
import { listChunks } from "./chunkIndex.js";
import { type DataLayout, readDataLayout } from "./dataLayout.js";
import { elementCount, readDataspace, type Shape } from "./dataspace.js";
import { type Datatype, describeDatatype, readDatatype } from "./datatype.js";
import { formatCheck, Hdf5FormatError, Hdf5UnsupportedError, supportCheck } from "./errors.js";
import { fillWith, readFillValue } from "./fillValue.js";
import { checkFiltersSupported, type Filter, readFilterPipeline, unfilterChunk } from "./filters.js";
import { readGlobalHeapObject } from "./globalHeap.js";
import { isGroupHeader, type LinkTarget, readGroupLinks } from "./links.js";
import { type HeaderMessage, MessageType, type ObjectHeader, readObjectHeader } from "./objectHeader.js";
import { findSignature, readSuperblock, type Superblock } from "./superblock.js";

/** Numbers of a dataset in native byte order; 64-bit integers stay exact as BigInt arrays. */
export type NumericArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/**
 * An HDF5 file held in memory, read without the HDF5 library. Covers what h5py writes for small
 * files: superblocks 0–3, object headers 1–2, symbol-table and compact groups, compact,
 * contiguous and chunked datasets (B-tree v1, single-chunk, implicit and fixed-array indexes),
 * deflate and shuffle filters, integer, float, enum, fixed and variable-length string types.
 * Anything else raises Hdf5UnsupportedError; bytes that break the format raise Hdf5FormatError.
 */
export class Hdf5File {
  readonly file: Hdf5Bytes;
  readonly superblock: Superblock;
  private rootGroup: Hdf5Group | null = null;

  private constructor(bytes: Uint8Array) {
    this.file = new Hdf5Bytes(bytes);
    const position = findSignature(bytes);
    formatCheck(position >= 0, "file signature not found");
    this.superblock = readSuperblock(this.file, position);
  }

  /** Parses the superblock of `bytes`; objects are decoded lazily as they are requested. */
  static open(bytes: Uint8Array): Hdf5File {
    return new Hdf5File(bytes);
  }

  /** The root group "/". */
  get root(): Hdf5Group {
    this.rootGroup ??= new Hdf5Group(
      this.file,
      "/",
      readObjectHeader(this.file, this.superblock.rootObjectHeaderAddress),
    );
    return this.rootGroup;
  }

  /** The object at a slash-separated path from the root, or null when a member is missing. */
  get(path: string): Hdf5Dataset | Hdf5Group | null {
    let current: Hdf5Dataset | Hdf5Group | null = this.root;
    for (const part of path.split("/")) {
      if (part === "") continue;
      if (!(current instanceof Hdf5Group)) return null;
      current = current.get(part);
      if (current === null) return null;
    }
    return current;
  }
}

/** A group: named links to datasets and groups. */
export class Hdf5Group {
  private linkMap: Map<string, LinkTarget> | null = null;

  constructor(
    private readonly file: Hdf5Bytes,
    readonly path: string,
    readonly header: ObjectHeader,
  ) {}

  /** The member names in storage order (symbol tables keep them sorted). */
  names(): string[] {
    return [...this.links().keys()];
  }

  /** Whether the group has a member of that name (of any link kind). */
  has(name: string): boolean {
    return this.links().has(name);
  }

  /**
   * The dataset or group behind a hard link, or null when there is no such member. Soft,
   * external and user-defined links raise Hdf5UnsupportedError (the HDF5 library resolves them).
   */
  get(name: string): Hdf5Dataset | Hdf5Group | null {
    const target = this.links().get(name);
    if (!target) return null;
    if (target.kind !== "hard") throw new Hdf5UnsupportedError(`${target.kind} link '${name}'`);
    const header = readObjectHeader(this.file, target.address);
    const path = this.path === "/" ? `/${name}` : `${this.path}/${name}`;
    if (header.find(MessageType.dataLayout)) return new Hdf5Dataset(this.file, path, header);
    if (isGroupHeader(header)) return new Hdf5Group(this.file, path, header);
    throw new Hdf5UnsupportedError(`object '${path}' is neither a dataset nor a group (committed datatype?)`);
  }

  private links(): Map<string, LinkTarget> {
    this.linkMap ??= readGroupLinks(this.file, this.header);
    return this.linkMap;
  }
}

const asciiDecoder = new TextDecoder("latin1");
const utf8Decoder = new TextDecoder("utf-8");

/** A dataset: shape and datatype are decoded on construction, values on request. */
export class Hdf5Dataset {
  /** Dimensions; `[]` for a scalar, `null` for an empty (null) dataspace. */
  readonly shape: Shape;
  readonly datatype: Datatype;
  private readonly layoutMessage: HeaderMessage;

  constructor(
    private readonly file: Hdf5Bytes,
    readonly path: string,
    readonly header: ObjectHeader,
  ) {
    const dataspace = header.find(MessageType.dataspace);
    const datatype = header.find(MessageType.datatype);
    const layout = header.find(MessageType.dataLayout);
    if (!(dataspace !== undefined && datatype !== undefined && layout !== undefined))
      throw new Hdf5FormatError(`dataset '${path}' lacks a dataspace, datatype or layout`);
    this.shape = readDataspace(file, dataspace);
    this.datatype = readDatatype(file.atPosition(datatype.position), datatype.position + datatype.size);
    this.layoutMessage = layout;
  }

  /** Number of elements (1 for a scalar, 0 for a null dataspace). */
  get size(): number {
    return elementCount(this.shape);
  }

  /** A readable name of the datatype, in numpy notation where one exists (e.g. "<u2"). */
  get dtype(): string {
    return describeDatatype(this.datatype);
  }

  /** How the raw data is stored (compact, contiguous or chunked, with the chunk index). */
  get layout(): DataLayout {
    return readDataLayout(this.file, this.layoutMessage, this.shape?.length ?? 0);
  }

  /**
   * All elements in row-major order as stored in the file (file byte order, `datatype.size`
   * bytes each). May be a view into the file bytes: do not modify it.
   */
  rawBytes(): Uint8Array {
    const file = this.file;
    const elementSize = this.datatype.size;
    const total = this.size * elementSize;
    if (total === 0) return new Uint8Array(0);
    supportCheck(!this.header.find(MessageType.externalFiles), "external raw data storage");
    const layout = this.layout;
    if (layout.kind === "compact") {
      if (!(layout.size >= total))
        throw new Hdf5FormatError(`compact data of '${this.path}' holds ${layout.size} of ${total} bytes`);
      return file.bytes.subarray(layout.position, layout.position + total);
    }
    if (layout.kind === "contiguous") {
      if (layout.address === UNDEFINED_ADDRESS) return this.filled(total);
      if (!(layout.size >= total))
        throw new Hdf5FormatError(`contiguous data of '${this.path}' holds ${layout.size} of ${total} bytes`);
      const start = file.absolute(layout.address, total);
      return file.bytes.subarray(start, start + total);
    }
    const shape = this.shape ?? [];
    const pipeline = this.header.find(MessageType.filterPipeline);
    const filters: Filter[] = pipeline ? readFilterPipeline(file, pipeline) : [];
    checkFiltersSupported(filters);
    const chunkShape = layout.chunkShape;
    let chunkElements = 1;
    for (const size of chunkShape) chunkElements *= size;
    const chunkBytes = chunkElements * elementSize;
    const chunks = listChunks(file, layout, shape, chunkBytes, filters.length > 0);
    let expectedChunks = 1;
    for (let d = 0; d < shape.length; d++) expectedChunks *= Math.ceil(shape[d] / chunkShape[d]);
    if (chunks.length > expectedChunks) {
      throw new Hdf5FormatError(`'${this.path}' indexes ${chunks.length} chunks where ${expectedChunks} fit`);
    }
    const out = chunks.length < expectedChunks ? this.filled(total) : new Uint8Array(total);
    for (const chunk of chunks) {
      const start = file.absolute(chunk.address, chunk.storedSize);
      let data = file.bytes.subarray(start, start + chunk.storedSize);
      if (filters.length > 0) data = unfilterChunk(data, filters, chunk.filterMask, chunkBytes);
      if (!(data.length >= chunkBytes))
        throw new Hdf5FormatError(`chunk of '${this.path}' decodes to ${data.length} of ${chunkBytes} bytes`);
      copyChunk(data, out, chunk.offset, chunkShape, shape, elementSize);
    }
    return out;
  }

  /**
   * The values of an integer, float or enum-over-integer dataset in native order. Integers with
   * padding bits, half floats and non-IEEE floats raise Hdf5UnsupportedError.
   */
  numbers(): NumericArray {
    let type = this.datatype;
    if (type.kind === "enum") type = type.base;
    const raw = this.rawBytes();
    if (type.kind === "integer") {
      if (!(type.bitOffset === 0 && type.precision === type.size * 8 && [1, 2, 4, 8].includes(type.size)))
        throw new Hdf5UnsupportedError(
          `integer type of ${type.size} bytes with ${type.precision} bits at offset ${type.bitOffset}`,
        );
      return typedView(raw, type.size, type.littleEndian, type.signed ? "int" : "uint");
    }
    if (type.kind === "float") {
      if (!(type.ieee && (type.size === 4 || type.size === 8)))
        throw new Hdf5UnsupportedError(`float type ${describeDatatype(type)}`);
      return typedView(raw, type.size, type.littleEndian, "float");
    }
    throw new Hdf5UnsupportedError(`'${this.path}' is not numeric (${describeDatatype(this.datatype)})`);
  }

  /**
   * The values of a fixed-length or variable-length string dataset, each cut at its first NUL
   * (as C strings, h5py and h5wasm read them); space padding is kept. ASCII strings holding
   * bytes above 0x7f raise Hdf5UnsupportedError, since readers disagree on their meaning.
   */
  strings(): string[] {
    const type = this.datatype;
    const raw = this.rawBytes();
    const out: string[] = [];
    if (type.kind === "string") {
      for (let at = 0; at + type.size <= raw.length; at += type.size) {
        out.push(decodeText(raw.subarray(at, at + type.size), type.charset === "utf-8"));
      }
      return out;
    }
    if (type.kind === "vlen-string") {
      const file = this.file;
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      const addressCursor = new Hdf5Bytes(raw);
      addressCursor.offsetSize = file.offsetSize;
      for (let at = 0; at + type.size <= raw.length; at += type.size) {
        const length = view.getUint32(at, true);
        const cursor = addressCursor.atPosition(at + 4);
        const address = cursor.address();
        const index = cursor.u32();
        if (length === 0) {
          out.push("");
          continue;
        }
        const bytes = readGlobalHeapObject(file, address, index);
        formatCheck(bytes.length >= length, "variable-length string longer than its heap object");
        out.push(decodeText(bytes.subarray(0, length), type.charset === "utf-8"));
      }
      return out;
    }
    throw new Hdf5UnsupportedError(`'${this.path}' is not a string (${describeDatatype(type)})`);
  }

  private filled(total: number): Uint8Array {
    const out = new Uint8Array(total);
    const fill = readFillValue(this.file, this.header, this.datatype.size);
    if (fill) fillWith(out, fill);
    return out;
  }
}

function decodeText(bytes: Uint8Array, utf8: boolean): string {
  const nul = bytes.indexOf(0);
  const text = nul >= 0 ? bytes.subarray(0, nul) : bytes;
  if (utf8) return utf8Decoder.decode(text);
  for (let i = 0; i < text.length; i++) {
    supportCheck(text[i] < 0x80, "ASCII string with bytes above 0x7f");
  }
  return asciiDecoder.decode(text);
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Views (or copies, when unaligned or byte-swapped) raw element bytes as a typed array. */
function typedView(
  raw: Uint8Array,
  size: number,
  littleEndian: boolean,
  kind: "int" | "uint" | "float",
): NumericArray {
  const count = raw.length / size;
  if (size === 1) {
    return kind === "int"
      ? new Int8Array(raw.buffer, raw.byteOffset, count)
      : new Uint8Array(raw.buffer, raw.byteOffset, count);
  }
  let bytes = raw;
  if (littleEndian !== LITTLE_ENDIAN_HOST) {
    bytes = new Uint8Array(raw.length);
    for (let at = 0; at < raw.length; at += size) {
      for (let b = 0; b < size; b++) bytes[at + b] = raw[at + size - 1 - b];
    }
  } else if (raw.byteOffset % size !== 0) {
    bytes = new Uint8Array(raw); // a copy (Buffer#slice would be a view)
  }
  const { buffer, byteOffset } = bytes;
  if (kind === "float")
    return size === 4
      ? new Float32Array(buffer, byteOffset, count)
      : new Float64Array(buffer, byteOffset, count);
  if (size === 2)
    return kind === "int"
      ? new Int16Array(buffer, byteOffset, count)
      : new Uint16Array(buffer, byteOffset, count);
  if (size === 4)
    return kind === "int"
      ? new Int32Array(buffer, byteOffset, count)
      : new Uint32Array(buffer, byteOffset, count);
  return kind === "int"
    ? new BigInt64Array(buffer, byteOffset, count)
    : new BigUint64Array(buffer, byteOffset, count);
}

/**
 * Copies the part of a decoded chunk that lies inside the dataset into the row-major output.
 * Edge chunks are stored full size; the elements beyond the dataset's extent are dropped.
 */
function copyChunk(
  chunk: Uint8Array,
  out: Uint8Array,
  offset: number[],
  chunkShape: number[],
  shape: number[],
  elementSize: number,
): void {
  const rank = shape.length;
  if (rank === 0) {
    out.set(chunk.subarray(0, elementSize));
    return;
  }
  const extent = new Array<number>(rank);
  for (let d = 0; d < rank; d++) {
    formatCheck(offset[d] < shape[d], "chunk offset beyond the dataset's extent");
    extent[d] = Math.min(chunkShape[d], shape[d] - offset[d]);
  }
  // Trailing dimensions that the chunk spans completely are contiguous in both the chunk and
  // the output: one run covers them and the innermost partial dimension `inner`.
  let inner = rank - 1;
  let runElements = extent[inner];
  while (inner > 0 && extent[inner] === shape[inner] && chunkShape[inner] === shape[inner]) {
    inner--;
    runElements *= extent[inner];
  }
  const runBytes = runElements * elementSize;
  const outStride = new Array<number>(rank);
  const chunkStride = new Array<number>(rank);
  outStride[rank - 1] = elementSize;
  chunkStride[rank - 1] = elementSize;
  for (let d = rank - 2; d >= 0; d--) {
    outStride[d] = outStride[d + 1] * shape[d + 1];
    chunkStride[d] = chunkStride[d + 1] * chunkShape[d + 1];
  }
  let outAt = 0;
  for (let d = 0; d < rank; d++) outAt += offset[d] * outStride[d];
  // Odometer over the dimensions before `inner`; each step copies one run.
  const counter = new Array<number>(inner).fill(0);
  let chunkAt = 0;
  for (;;) {
    if (runBytes >= 32) out.set(chunk.subarray(chunkAt, chunkAt + runBytes), outAt);
    else for (let b = 0; b < runBytes; b++) out[outAt + b] = chunk[chunkAt + b];
    let d = inner - 1;
    while (d >= 0) {
      counter[d]++;
      outAt += outStride[d];
      chunkAt += chunkStride[d];
      if (counter[d] < extent[d]) break;
      outAt -= counter[d] * outStride[d];
      chunkAt -= counter[d] * chunkStride[d];
      counter[d] = 0;
      d--;
    }
    if (d < 0) return;
  }
}
