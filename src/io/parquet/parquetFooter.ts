/**
 * The Parquet footer: per-row-group metadata (`RowGroup` structs, encoded once when the row group is
 * written and kept as bytes) and the final `FileMetaData` that lists schema, row groups and key-value
 * metadata. Field ids and enum values follow parquet.thrift.
 */
import type { ColumnChunkSummary, ParquetCompression } from "./parquetColumnChunk.js";
import type { ParquetColumn } from "./parquetSchema.js";
import { physicalTypeOf, writeSchemaField } from "./parquetSchema.js";
import { ThriftCompactWriter, ThriftType } from "./thriftCompact.js";

/** parquet.thrift `CompressionCodec` values. */
const CODEC_UNCOMPRESSED = 0;
const CODEC_GZIP = 2;
const ENCODING_PLAIN = 0;
/** FileMetaData.version: the spec asks writers to always write 1. */
const FORMAT_VERSION = 1;
/** The four bytes that open and close every Parquet file. */
export const PARQUET_MAGIC = new Uint8Array([0x50, 0x41, 0x52, 0x31]);

/** The codec code of a compression option. */
export function codecOf(compression: ParquetCompression): number {
  return compression === "gzip" ? CODEC_GZIP : CODEC_UNCOMPRESSED;
}

/**
 * Thrift-encodes one `RowGroup` (its column chunks in schema order, sizes, row count, file offset);
 * the bytes are exactly what the footer's `row_groups` list holds for it.
 */
export function encodeRowGroup(
  columns: readonly ParquetColumn[],
  chunks: readonly ColumnChunkSummary[],
  rowCount: number,
  compression: ParquetCompression,
): Uint8Array {
  const writer = new ThriftCompactWriter(64 * columns.length + 64);
  const codec = codecOf(compression);
  let totalUncompressed = 0;
  let totalCompressed = 0;
  writer.beginStructElement();
  writer.beginList(1, ThriftType.STRUCT, columns.length);
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c];
    const chunk = chunks[c];
    totalUncompressed += chunk.totalUncompressedSize;
    totalCompressed += chunk.totalCompressedSize;
    writer.beginStructElement();
    // ColumnChunk.file_offset: the spec asks for 0 when no ColumnMetaData is written outside the footer.
    writer.i64Field(2, 0);
    writer.beginStruct(3);
    writer.i32Field(1, physicalTypeOf(column.type));
    writer.beginList(2, ThriftType.I32, 1);
    writer.writeI32(ENCODING_PLAIN);
    writer.beginList(3, ThriftType.BINARY, 1);
    writer.writeString(column.name);
    writer.i32Field(4, codec);
    writer.i64Field(5, rowCount);
    writer.i64Field(6, chunk.totalUncompressedSize);
    writer.i64Field(7, chunk.totalCompressedSize);
    writer.i64Field(9, chunk.dataPageOffset);
    writeStatistics(writer, 12, chunk.statistics);
    writer.endStruct();
    writer.endStruct();
  }
  writer.i64Field(2, totalUncompressed);
  writer.i64Field(3, rowCount);
  writer.i64Field(5, chunks.length > 0 ? chunks[0].dataPageOffset : 0);
  writer.i64Field(6, totalCompressed);
  writer.endStruct();
  return writer.toUint8Array();
}

/** Statistics { null_count = 0, max_value?, min_value?, nan_count? } (all columns are REQUIRED). */
function writeStatistics(
  writer: ThriftCompactWriter,
  fieldId: number,
  statistics: ColumnChunkSummary["statistics"],
): void {
  writer.beginStruct(fieldId);
  writer.i64Field(3, 0);
  if (statistics.max) writer.binaryField(5, statistics.max);
  if (statistics.min) writer.binaryField(6, statistics.min);
  if (statistics.nanCount !== undefined) writer.i64Field(9, statistics.nanCount);
  writer.endStruct();
}

/** Inputs of the footer besides the row groups. */
export interface FooterDescription {
  columns: readonly ParquetColumn[];
  rowCount: number;
  keyValueMetadata: Readonly<Record<string, string>>;
  createdBy: string;
}

/**
 * The Thrift `FileMetaData` around its row-group entries: `head` (version, schema, row count and the
 * `row_groups` list header for `rowGroupCount` entries) goes before the entries, `tail` (key-value
 * metadata, created_by, column orders) after them. Split so that a writer can stream millions of
 * entries from disk instead of holding the whole footer in memory.
 */
export function footerFrame(
  description: FooterDescription,
  rowGroupCount: number,
): { head: Uint8Array; tail: Uint8Array } {
  const { columns, rowCount, keyValueMetadata, createdBy } = description;
  const writer = new ThriftCompactWriter(64 * columns.length + 1024);
  writer.beginStructElement();
  writer.i32Field(1, FORMAT_VERSION);
  writeSchemaField(writer, 2, columns);
  writer.i64Field(3, rowCount);
  writer.beginList(4, ThriftType.STRUCT, rowGroupCount);
  const head = writer.takeBytes();
  const entries = Object.entries(keyValueMetadata);
  if (entries.length > 0) {
    writer.beginList(5, ThriftType.STRUCT, entries.length);
    for (const [key, value] of entries) {
      writer.beginStructElement();
      writer.stringField(1, key);
      writer.stringField(2, value);
      writer.endStruct();
    }
  }
  writer.stringField(6, createdBy);
  // column_orders must accompany min_value/max_value: TYPE_ORDER (union member 1, an empty struct).
  writer.beginList(7, ThriftType.STRUCT, columns.length);
  for (let c = 0; c < columns.length; c++) {
    writer.beginStructElement();
    writer.beginStruct(1);
    writer.endStruct();
    writer.endStruct();
  }
  writer.endStruct();
  return { head, tail: writer.takeBytes() };
}

/** The last 8 bytes of a file: the footer's length (little-endian) and the closing magic; throws past 4 GiB. */
export function footerEnd(metadataLength: number): Uint8Array {
  if (metadataLength > 0xffffffff) throw new Error(`Parquet footer of ${metadataLength} bytes exceeds 4 GiB`);
  const end = new Uint8Array(8);
  new DataView(end.buffer).setUint32(0, metadataLength, true);
  end.set(PARQUET_MAGIC, 4);
  return end;
}
