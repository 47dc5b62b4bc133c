/**
 * The flat, all-REQUIRED column schema of the Parquet files this project writes, and its Thrift form
 * (the `SchemaElement` list of the footer). Enum values follow parquet.thrift.
 */
import type { ThriftCompactWriter } from "./thriftCompact.js";
import { ThriftType } from "./thriftCompact.js";

/** The value types a column may hold. `string` is UTF-8 BYTE_ARRAY annotated as STRING. */
export type ParquetColumnType = "double" | "float" | "int64" | "int32" | "boolean" | "string";

/** One column of the schema; every column is REQUIRED (no nulls). */
export interface ParquetColumn {
  name: string;
  type: ParquetColumnType;
}

/** parquet.thrift `Type`: the physical storage type. */
export const PhysicalType = {
  BOOLEAN: 0,
  INT32: 1,
  INT64: 2,
  FLOAT: 4,
  DOUBLE: 5,
  BYTE_ARRAY: 6,
} as const;

/** parquet.thrift `FieldRepetitionType.REQUIRED`. */
const REPETITION_REQUIRED = 0;
/** parquet.thrift `ConvertedType.UTF8`, kept next to the STRING logical type for old readers. */
const CONVERTED_TYPE_UTF8 = 0;
/** parquet.thrift `LogicalType` union member id of `StringType`. */
const LOGICAL_TYPE_STRING = 1;
/** Name of the schema's root group; readers ignore it. */
const ROOT_NAME = "schema";

/** The physical type code of a column type. */
export function physicalTypeOf(type: ParquetColumnType): number {
  switch (type) {
    case "double":
      return PhysicalType.DOUBLE;
    case "float":
      return PhysicalType.FLOAT;
    case "int64":
      return PhysicalType.INT64;
    case "int32":
      return PhysicalType.INT32;
    case "boolean":
      return PhysicalType.BOOLEAN;
    case "string":
      return PhysicalType.BYTE_ARRAY;
  }
}

/** Bytes per value in PLAIN encoding; 0 for variable-length strings, 1/8 for bit-packed booleans. */
export function plainValueWidth(type: ParquetColumnType): number {
  switch (type) {
    case "double":
    case "int64":
      return 8;
    case "float":
    case "int32":
      return 4;
    case "boolean":
      return 1 / 8;
    case "string":
      return 0;
  }
}

const COLUMN_TYPES: ReadonlySet<string> = new Set(["double", "float", "int64", "int32", "boolean", "string"]);

/** Throws a message naming the column if the schema is empty, a name is empty or repeated, or a type unknown. */
export function validateParquetColumns(columns: readonly ParquetColumn[]): void {
  if (columns.length === 0) throw new Error("a Parquet file needs at least one column");
  const seen = new Set<string>();
  for (const [index, column] of columns.entries()) {
    if (typeof column.name !== "string" || column.name.length === 0) {
      throw new Error(`Parquet column ${index} has an empty name`);
    }
    if (seen.has(column.name)) throw new Error(`Parquet column name "${column.name}" is repeated`);
    seen.add(column.name);
    if (!COLUMN_TYPES.has(column.type)) {
      throw new Error(`Parquet column "${column.name}" has unknown type "${String(column.type)}"`);
    }
  }
}

/** Writes FileMetaData field 2 (`list<SchemaElement>`): the root group, then one leaf per column. */
export function writeSchemaField(
  writer: ThriftCompactWriter,
  fieldId: number,
  columns: readonly ParquetColumn[],
): void {
  writer.beginList(fieldId, ThriftType.STRUCT, columns.length + 1);
  writer.beginStructElement();
  writer.stringField(4, ROOT_NAME);
  writer.i32Field(5, columns.length);
  writer.endStruct();
  for (const column of columns) {
    writer.beginStructElement();
    writer.i32Field(1, physicalTypeOf(column.type));
    writer.i32Field(3, REPETITION_REQUIRED);
    writer.stringField(4, column.name);
    if (column.type === "string") {
      writer.i32Field(6, CONVERTED_TYPE_UTF8);
      writer.beginStruct(10);
      writer.beginStruct(LOGICAL_TYPE_STRING);
      writer.endStruct();
      writer.endStruct();
    }
    writer.endStruct();
  }
}
