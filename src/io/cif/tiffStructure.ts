import type { ByteSource } from "./byteSource.js";

/** Byte order and offset size of a TIFF file, from its header. */
export interface TiffHeader {
  readonly littleEndian: boolean;
  /** BigTIFF (version 43): 8-byte offsets and counts, 20-byte directory entries. */
  readonly bigTiff: boolean;
  /** Offset of the first image file directory (IFD). */
  readonly firstDirectoryOffset: number;
}

/** One directory entry: where its values are in the file. */
export interface TiffEntry {
  readonly tag: number;
  /** TIFF field type (1 BYTE, 2 ASCII, 3 SHORT, 4 LONG, 12 DOUBLE, 16 LONG8, …). */
  readonly type: number;
  /** Number of values. */
  readonly count: number;
  /** Absolute file offset of the first value byte (inside the entry when the values fit there). */
  readonly valueOffset: number;
  /** count × size of the type, in bytes (0 for an unknown type). */
  readonly byteLength: number;
}

/** An image file directory: its entries by tag and the offset of the next directory (0 at the end). */
export interface TiffDirectory {
  readonly offset: number;
  readonly entries: ReadonlyMap<number, TiffEntry>;
  readonly nextOffset: number;
}

/** A file that is not a TIFF, or a TIFF structure that makes no sense. */
export class TiffFormatError extends Error {
  override readonly name = "TiffFormatError";
}

/** Bytes per value of each TIFF field type; 0 for types this reader does not know. */
const TYPE_SIZES = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8];

/** Size in bytes of one value of TIFF field type `type` (0 when the type is unknown). */
export function tiffTypeSize(type: number): number {
  return TYPE_SIZES[type] ?? 0;
}

/** A directory can hold at most this many entries here: real ones hold tens, so more means corruption. */
const MAX_ENTRIES = 4096;

/**
 * Reads the TIFF header: "II" (little endian) or "MM" (big endian), then 42 (classic TIFF) or 43
 * (BigTIFF). Throws TiffFormatError for anything else and OutOfRangeError for a file too short.
 */
export function readTiffHeader(source: ByteSource): TiffHeader {
  if (source.size < 8) throw new TiffFormatError(`not a TIFF file (${source.size} bytes)`);
  const bytes = source.bytesAt(0, Math.min(16, source.size));
  const order = String.fromCharCode(bytes[0], bytes[1]);
  if (order !== "II" && order !== "MM") {
    throw new TiffFormatError("not a TIFF file (no II/MM byte-order mark)");
  }
  const littleEndian = order === "II";
  const view = viewOf(bytes);
  const version = view.getUint16(2, littleEndian);
  if (version === 42) {
    return { littleEndian, bigTiff: false, firstDirectoryOffset: view.getUint32(4, littleEndian) };
  }
  if (version === 43) {
    if (bytes.length < 16) throw new TiffFormatError("truncated BigTIFF header");
    const offsetSize = view.getUint16(4, littleEndian);
    if (offsetSize !== 8)
      throw new TiffFormatError(`BigTIFF with ${offsetSize}-byte offsets is not supported`);
    return { littleEndian, bigTiff: true, firstDirectoryOffset: readUint64(view, 8, littleEndian) };
  }
  throw new TiffFormatError(`not a TIFF file (version ${version}, expected 42 or 43)`);
}

/**
 * Reads the directory at `offset`. Throws OutOfRangeError when it lies (partly) beyond the end of
 * the file and TiffFormatError for an implausible entry count.
 */
export function readTiffDirectory(source: ByteSource, header: TiffHeader, offset: number): TiffDirectory {
  const countSize = header.bigTiff ? 8 : 2;
  const entrySize = header.bigTiff ? 20 : 12;
  const pointerSize = header.bigTiff ? 8 : 4;
  const countView = viewOf(source.bytesAt(offset, countSize));
  const count = header.bigTiff
    ? readUint64(countView, 0, header.littleEndian)
    : countView.getUint16(0, header.littleEndian);
  if (count === 0 || count > MAX_ENTRIES) {
    throw new TiffFormatError(`directory at offset ${offset} claims ${count} entries`);
  }
  const start = offset + countSize;
  const view = viewOf(source.bytesAt(start, count * entrySize + pointerSize));
  const entries = new Map<number, TiffEntry>();
  const little = header.littleEndian;
  for (let i = 0; i < count; i++) {
    const at = i * entrySize;
    const tag = view.getUint16(at, little);
    const type = view.getUint16(at + 2, little);
    const valueCount = header.bigTiff ? readUint64(view, at + 4, little) : view.getUint32(at + 4, little);
    const fieldStart = at + (header.bigTiff ? 12 : 8);
    const byteLength = tiffTypeSize(type) * valueCount;
    const inline = byteLength <= pointerSize;
    const valueOffset = inline
      ? start + fieldStart
      : header.bigTiff
        ? readUint64(view, fieldStart, little)
        : view.getUint32(fieldStart, little);
    // The first entry of a repeated tag wins, as in libtiff.
    if (!entries.has(tag)) entries.set(tag, { tag, type, count: valueCount, valueOffset, byteLength });
  }
  const pointerAt = count * entrySize;
  const nextOffset = header.bigTiff ? readUint64(view, pointerAt, little) : view.getUint32(pointerAt, little);
  return { offset, entries, nextOffset };
}

/**
 * The values of an integer entry (BYTE, SHORT, LONG, LONG8, IFD, their signed forms) as numbers,
 * or `null` when the tag is absent. Throws TiffFormatError for a non-integer type.
 */
export function readIntegers(
  source: ByteSource,
  header: TiffHeader,
  directory: TiffDirectory,
  tag: number,
): number[] | null {
  const entry = directory.entries.get(tag);
  if (!entry) return null;
  if (entry.count === 0) return [];
  const view = viewOf(source.bytesAt(entry.valueOffset, entry.byteLength));
  const little = header.littleEndian;
  const values: number[] = new Array(entry.count);
  for (let i = 0; i < entry.count; i++) {
    switch (entry.type) {
      case 1:
      case 7:
        values[i] = view.getUint8(i);
        break;
      case 6:
        values[i] = view.getInt8(i);
        break;
      case 3:
        values[i] = view.getUint16(2 * i, little);
        break;
      case 8:
        values[i] = view.getInt16(2 * i, little);
        break;
      case 4:
      case 13:
        values[i] = view.getUint32(4 * i, little);
        break;
      case 9:
        values[i] = view.getInt32(4 * i, little);
        break;
      case 16:
      case 18:
        values[i] = readUint64(view, 8 * i, little);
        break;
      case 17:
        values[i] = readInt64(view, 8 * i, little);
        break;
      default:
        throw new TiffFormatError(`tag ${tag} has type ${entry.type}, expected an integer type`);
    }
  }
  return values;
}

/** The first value of an integer entry, or `null` when the tag is absent or empty. */
export function readInteger(
  source: ByteSource,
  header: TiffHeader,
  directory: TiffDirectory,
  tag: number,
): number | null {
  const values = readIntegers(source, header, directory, tag);
  return values && values.length > 0 ? values[0] : null;
}

/**
 * The values of a floating-point entry (FLOAT or DOUBLE; integer types are converted), or `null`
 * when the tag is absent. Throws TiffFormatError for other types.
 */
export function readFloats(
  source: ByteSource,
  header: TiffHeader,
  directory: TiffDirectory,
  tag: number,
): Float64Array | null {
  const entry = directory.entries.get(tag);
  if (!entry) return null;
  if (entry.type !== 11 && entry.type !== 12) {
    const integers = readIntegers(source, header, directory, tag);
    return integers ? Float64Array.from(integers) : null;
  }
  const view = viewOf(source.bytesAt(entry.valueOffset, entry.byteLength));
  const out = new Float64Array(entry.count);
  for (let i = 0; i < entry.count; i++) {
    out[i] =
      entry.type === 12
        ? view.getFloat64(8 * i, header.littleEndian)
        : view.getFloat32(4 * i, header.littleEndian);
  }
  return out;
}

const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The text of an ASCII (or BYTE/UNDEFINED) entry with trailing NULs removed, or `null` when the tag
 * is absent. Decoded as UTF-8 when valid (Amnis XML declares UTF-8), otherwise as Latin-1.
 */
export function readText(source: ByteSource, directory: TiffDirectory, tag: number): string | null {
  const entry = directory.entries.get(tag);
  if (!entry) return null;
  if (entry.type !== 2 && entry.type !== 1 && entry.type !== 7) {
    throw new TiffFormatError(`tag ${tag} has type ${entry.type}, expected text`);
  }
  if (entry.byteLength === 0) return "";
  const bytes = source.bytesAt(entry.valueOffset, entry.byteLength);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = latin1.decode(bytes);
  }
  return text.replace(/\0+$/, "");
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readUint64(view: DataView, at: number, little: boolean): number {
  const value = view.getBigUint64(at, little);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new TiffFormatError(`64-bit value ${value} is too large`);
  }
  return Number(value);
}

function readInt64(view: DataView, at: number, little: boolean): number {
  const value = view.getBigInt64(at, little);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new TiffFormatError(`64-bit value ${value} is too large`);
  }
  return Number(value);
}
