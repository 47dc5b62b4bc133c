/**
 * One column chunk of one row group: checks and normalises the caller's values, PLAIN-encodes them
 * into version-1 data pages (each page ≤ `maxPageBytes` of values, split at row boundaries), optionally
 * gzips each page, appends header + body to the file and summarises the chunk for the footer.
 *
 * Columns are REQUIRED and flat, so a v1 data page is just the PLAIN values: with maximum repetition and
 * definition levels of 0 the level sections are absent (parquet format spec, "Data Pages").
 */
import { endianness } from "node:os";
import { gzipSync } from "node:zlib";
import type { FileAppender } from "./fileAppender.js";
import type { ParquetColumn } from "./parquetSchema.js";
import { plainValueWidth } from "./parquetSchema.js";
import type { ThriftCompactWriter } from "./thriftCompact.js";

/** Values of one column for one row group, column-major, one entry per row (see `prepareColumnValues`). */
export type ParquetColumnData =
  | Float64Array
  | Float32Array
  | BigInt64Array
  | Int32Array
  | Uint8Array
  | readonly number[]
  | readonly boolean[]
  | readonly string[];

/** Page compression of the whole file. */
export type ParquetCompression = "none" | "gzip";

/** A column's values in the one representation the encoder handles per type. */
export type PreparedColumnValues =
  | Float64Array
  | Float32Array
  | BigInt64Array
  | Int32Array
  | Uint8Array
  | string[];

/** What the footer needs to know about a written column chunk. */
export interface ColumnChunkSummary {
  /** File offset of the chunk's first page header. */
  dataPageOffset: number;
  /** Sum of page header and uncompressed body sizes, in bytes. */
  totalUncompressedSize: number;
  /** Sum of page header and stored (compressed) body sizes, in bytes. */
  totalCompressedSize: number;
  /** Chunk statistics; min/max are PLAIN-encoded (strings without length prefix). */
  statistics: { nanCount?: number; min?: Uint8Array; max?: Uint8Array };
}

/** parquet.thrift codes used in page headers. */
const PAGE_TYPE_DATA_PAGE = 0;
const ENCODING_PLAIN = 0;
const ENCODING_RLE = 3;

/**
 * Longest string min/max statistic kept, in UTF-8 bytes: a longer extreme is left out rather than
 * truncated (a truncated maximum would need a successor string) so footers stay small.
 */
const MAX_STRING_STATISTIC_BYTES = 256;

const littleEndianHost = endianness() === "LE";

/**
 * Checks `data` against the column's type and the row count and returns it in the encoder's form,
 * converting `number[]`/`boolean[]` input (typed arrays of the column's own type pass through without a
 * copy). Throws an Error naming the column for a wrong array type, a wrong length, a non-integer or
 * out-of-range integer, a boolean other than 0/1, or a non-string in a string column.
 */
export function prepareColumnValues(
  column: ParquetColumn,
  data: ParquetColumnData,
  rowCount: number,
): PreparedColumnValues {
  const where = `Parquet column "${column.name}" (${column.type})`;
  if (data == null || typeof (data as { length?: unknown }).length !== "number") {
    throw new Error(`${where}: expected an array of values, got ${String(data)}`);
  }
  if (data.length !== rowCount) {
    throw new Error(`${where}: ${data.length} values for a row group of ${rowCount} rows`);
  }
  switch (column.type) {
    case "double":
      if (data instanceof Float64Array) return data;
      return Float64Array.from(numbersOf(data, where));
    case "float":
      if (data instanceof Float32Array) return data;
      return Float32Array.from(numbersOf(data, where));
    case "int32": {
      if (data instanceof Int32Array) return data;
      const values = numbersOf(data, where);
      for (const value of values) {
        if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
          throw new Error(`${where}: ${value} is not a 32-bit integer`);
        }
      }
      return Int32Array.from(values);
    }
    case "int64": {
      if (data instanceof BigInt64Array) return data;
      const values = numbersOf(data, where);
      const out = new BigInt64Array(values.length);
      for (let i = 0; i < values.length; i++) {
        if (!Number.isSafeInteger(values[i])) {
          throw new Error(`${where}: ${values[i]} is not a safe integer; pass a BigInt64Array`);
        }
        out[i] = BigInt(values[i]);
      }
      return out;
    }
    case "boolean": {
      if (data instanceof Uint8Array) {
        for (let i = 0; i < data.length; i++) {
          if (data[i] > 1) throw new Error(`${where}: value ${data[i]} at row ${i} is not 0 or 1`);
        }
        return data;
      }
      if (ArrayBuffer.isView(data)) throw new Error(`${where}: expected a Uint8Array of 0/1 or boolean[]`);
      const out = new Uint8Array(data.length);
      for (let i = 0; i < data.length; i++) {
        const value = data[i];
        if (typeof value !== "boolean")
          throw new Error(`${where}: row ${i} holds ${typeof value}, not boolean`);
        out[i] = value ? 1 : 0;
      }
      return out;
    }
    case "string": {
      if (ArrayBuffer.isView(data)) throw new Error(`${where}: expected string[]`);
      for (let i = 0; i < data.length; i++) {
        if (typeof data[i] !== "string")
          throw new Error(`${where}: row ${i} holds ${typeof data[i]}, not string`);
      }
      return data as string[];
    }
  }
}

function numbersOf(data: ParquetColumnData, where: string): readonly number[] {
  if (ArrayBuffer.isView(data)) {
    throw new Error(
      `${where}: got ${data.constructor.name}; pass the column type's own typed array or number[]`,
    );
  }
  for (let i = 0; i < data.length; i++) {
    if (typeof data[i] !== "number")
      throw new Error(`${where}: row ${i} holds ${typeof data[i]}, not number`);
  }
  return data as readonly number[];
}

/** Writes one column chunk (all its pages) at the appender's position and returns its summary. */
export function writeColumnChunk(
  column: ParquetColumn,
  values: PreparedColumnValues,
  compression: ParquetCompression,
  maxPageBytes: number,
  appender: FileAppender,
  headerWriter: ThriftCompactWriter,
): ColumnChunkSummary {
  const summary: ColumnChunkSummary = {
    dataPageOffset: appender.position,
    totalUncompressedSize: 0,
    totalCompressedSize: 0,
    statistics: {},
  };
  const writePage = (body: Uint8Array, valueCount: number): void => {
    const stored = compression === "gzip" ? gzipSync(body) : body;
    headerWriter.reset();
    writeDataPageHeader(headerWriter, valueCount, body.length, stored.length);
    appender.append(headerWriter.bytes());
    appender.append(stored);
    summary.totalUncompressedSize += headerWriter.length + body.length;
    summary.totalCompressedSize += headerWriter.length + stored.length;
  };

  if (column.type === "string") {
    writeStringPages(values as string[], maxPageBytes, writePage, summary);
    return summary;
  }
  const rowCount = values.length;
  if (column.type === "boolean") {
    const rowsPerPage = Math.max(8, Math.floor(maxPageBytes * 8));
    for (let start = 0; start < rowCount; start += rowsPerPage) {
      const end = Math.min(rowCount, start + rowsPerPage);
      writePage(packBooleans(values as Uint8Array, start, end), end - start);
    }
    return summary;
  }
  const fixed = values as Float64Array | Float32Array | BigInt64Array | Int32Array;
  const width = plainValueWidth(column.type);
  const rowsPerPage = Math.max(1, Math.floor(maxPageBytes / width));
  for (let start = 0; start < rowCount; start += rowsPerPage) {
    const end = Math.min(rowCount, start + rowsPerPage);
    writePage(littleEndianBytes(fixed.subarray(start, end)), end - start);
  }
  summary.statistics = fixedWidthStatistics(column, fixed);
  return summary;
}

/** PageHeader { type DATA_PAGE, sizes, DataPageHeader { num_values, PLAIN, RLE, RLE } }. */
function writeDataPageHeader(
  writer: ThriftCompactWriter,
  valueCount: number,
  uncompressedSize: number,
  compressedSize: number,
): void {
  writer.beginStructElement();
  writer.i32Field(1, PAGE_TYPE_DATA_PAGE);
  writer.i32Field(2, uncompressedSize);
  writer.i32Field(3, compressedSize);
  writer.beginStruct(5);
  writer.i32Field(1, valueCount);
  writer.i32Field(2, ENCODING_PLAIN);
  // Required for v1 pages even though a REQUIRED flat column stores no levels.
  writer.i32Field(3, ENCODING_RLE);
  writer.i32Field(4, ENCODING_RLE);
  writer.endStruct();
  writer.endStruct();
}

/** The values' bytes in little-endian order: a view without a copy on little-endian hosts. */
function littleEndianBytes(values: Float64Array | Float32Array | BigInt64Array | Int32Array): Uint8Array {
  if (littleEndianHost) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.byteLength);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    if (values instanceof Float64Array) view.setFloat64(i * 8, values[i], true);
    else if (values instanceof Float32Array) view.setFloat32(i * 4, values[i], true);
    else if (values instanceof BigInt64Array) view.setBigInt64(i * 8, values[i], true);
    else view.setInt32(i * 4, values[i], true);
  }
  return out;
}

/** PLAIN booleans: one bit per value, least significant bit first, padded to a whole byte. */
function packBooleans(values: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((end - start) / 8));
  for (let i = start; i < end; i++) {
    if (values[i]) out[(i - start) >>> 3] |= 1 << ((i - start) & 7);
  }
  return out;
}

/**
 * Chunk statistics of a fixed-width column. Floating-point columns follow the spec's rules for the
 * type-defined order: nan_count always, min/max from non-NaN values, a zero minimum written as −0 and a
 * zero maximum as +0. Min/max are left out of any chunk holding a NaN, because a reader that ignores
 * nan_count could otherwise skip that chunk for a predicate NaN satisfies (NaN sorts above +inf in
 * DuckDB and Spark).
 */
function fixedWidthStatistics(
  column: ParquetColumn,
  values: Float64Array | Float32Array | BigInt64Array | Int32Array,
): ColumnChunkSummary["statistics"] {
  if (values.length === 0) return {};
  if (values instanceof BigInt64Array) {
    let min = values[0];
    let max = values[0];
    for (let i = 1; i < values.length; i++) {
      const value = values[i];
      if (value < min) min = value;
      if (value > max) max = value;
    }
    return { min: plainOf(BigInt64Array.of(min)), max: plainOf(BigInt64Array.of(max)) };
  }
  // One loop per array type keeps each loop monomorphic (a shared loop over the union is ~2× slower).
  const range =
    values instanceof Float64Array
      ? float64Range(values)
      : values instanceof Float32Array
        ? float32Range(values)
        : int32Range(values);
  let { min, max } = range;
  const nanCount = range.nanCount;
  if (values instanceof Int32Array)
    return { min: plainOf(Int32Array.of(min)), max: plainOf(Int32Array.of(max)) };
  if (nanCount > 0) return { nanCount };
  if (min === 0) min = -0;
  if (max === 0) max = 0;
  const Typed = column.type === "float" ? Float32Array : Float64Array;
  return { nanCount, min: plainOf(Typed.of(min)), max: plainOf(Typed.of(max)) };
}

interface ValueRange {
  min: number;
  max: number;
  nanCount: number;
}

/** Smallest and largest non-NaN values and the NaN count (min +inf, max −inf when all are NaN). */
function float64Range(values: Float64Array): ValueRange {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nanCount = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Number.isNaN(value)) nanCount++;
    else {
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  return { min, max, nanCount };
}

/** As `float64Range`, for float32 values. */
function float32Range(values: Float32Array): ValueRange {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let nanCount = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Number.isNaN(value)) nanCount++;
    else {
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  return { min, max, nanCount };
}

/** Smallest and largest int32 values (nanCount 0). */
function int32Range(values: Int32Array): ValueRange {
  let min = values[0];
  let max = values[0];
  for (let i = 1; i < values.length; i++) {
    const value = values[i];
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { min, max, nanCount: 0 };
}

function plainOf(single: Float64Array | Float32Array | BigInt64Array | Int32Array): Uint8Array {
  return littleEndianBytes(single).slice();
}

/**
 * PLAIN BYTE_ARRAY pages (4-byte little-endian length + UTF-8 bytes per value); a page closes before the
 * value that would take it past `maxPageBytes`, so only a single huge string makes a bigger page.
 * Lone UTF-16 surrogates are written as U+FFFD (what Buffer and TextEncoder do). Min/max compare the
 * UTF-8 bytes unsigned, the order the spec defines for STRING.
 */
function writeStringPages(
  values: readonly string[],
  maxPageBytes: number,
  writePage: (body: Uint8Array, valueCount: number) => void,
  summary: ColumnChunkSummary,
): void {
  const rowCount = values.length;
  const byteLengths = new Float64Array(rowCount);
  for (let i = 0; i < rowCount; i++) byteLengths[i] = Buffer.byteLength(values[i], "utf8");
  let min: Buffer | null = null;
  let max: Buffer | null = null;
  let start = 0;
  while (start < rowCount) {
    let end = start;
    let pageBytes = 0;
    let ascii = true;
    while (end < rowCount && (end === start || pageBytes + 4 + byteLengths[end] <= maxPageBytes)) {
      pageBytes += 4 + byteLengths[end];
      if (byteLengths[end] !== values[end].length) ascii = false;
      end++;
    }
    const page = ascii
      ? asciiStringPage(values, start, end, pageBytes)
      : utf8StringPage(values, byteLengths, start, end, pageBytes);
    writePage(page.body, end - start);
    if (min === null || Buffer.compare(page.min, min) < 0) min = page.min;
    if (max === null || Buffer.compare(page.max, max) > 0) max = page.max;
    start = end;
  }
  const statistics: ColumnChunkSummary["statistics"] = {};
  if (min !== null && min.length <= MAX_STRING_STATISTIC_BYTES) statistics.min = Uint8Array.from(min);
  if (max !== null && max.length <= MAX_STRING_STATISTIC_BYTES) statistics.max = Uint8Array.from(max);
  summary.statistics = statistics;
}

interface StringPage {
  body: Buffer;
  min: Buffer;
  max: Buffer;
}

/**
 * A page of ASCII-only strings in one native write: length prefixes become four Latin-1 characters
 * each, which Latin-1 encoding turns back into exactly those bytes (per-string writes cost ~5× more).
 * For ASCII, UTF-16 code-unit order is byte order, so min/max compare the JS strings.
 */
function asciiStringPage(
  values: readonly string[],
  start: number,
  end: number,
  pageBytes: number,
): StringPage {
  const parts = new Array<string>(end - start);
  let min = values[start];
  let max = values[start];
  for (let i = start; i < end; i++) {
    const value = values[i];
    const length = value.length;
    parts[i - start] =
      String.fromCharCode(length & 0xff, (length >>> 8) & 0xff, (length >>> 16) & 0xff, length >>> 24) +
      value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const body = Buffer.allocUnsafe(pageBytes);
  const written = body.write(parts.join(""), 0, pageBytes, "latin1");
  if (written !== pageBytes) throw new Error(`ASCII string page: wrote ${written} of ${pageBytes} bytes`);
  return { body, min: Buffer.from(min, "latin1"), max: Buffer.from(max, "latin1") };
}

/** A page holding non-ASCII strings: each value encoded in place, min/max by unsigned byte comparison. */
function utf8StringPage(
  values: readonly string[],
  byteLengths: Float64Array,
  start: number,
  end: number,
  pageBytes: number,
): StringPage {
  const body = Buffer.allocUnsafe(pageBytes);
  let minAt = 0;
  let minLength = -1;
  let maxAt = 0;
  let maxLength = -1;
  let at = 0;
  for (let i = start; i < end; i++) {
    const length = byteLengths[i];
    body.writeUInt32LE(length, at);
    at += 4;
    const written = body.write(values[i], at, length, "utf8");
    if (written !== length) throw new Error(`UTF-8 length mismatch for a string of ${length} bytes`);
    if (minLength < 0 || body.compare(body, minAt, minAt + minLength, at, at + length) < 0) {
      minAt = at;
      minLength = length;
    }
    if (maxLength < 0 || body.compare(body, maxAt, maxAt + maxLength, at, at + length) > 0) {
      maxAt = at;
      maxLength = length;
    }
    at += length;
  }
  return { body, min: body.subarray(minAt, minAt + minLength), max: body.subarray(maxAt, maxAt + maxLength) };
}
