import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { csvText, parseCsvLine, splitCsvRecords } from "./csvFormat.js";
import { sqlIdentifier, sqlString, tableFormatOf } from "./tableFormat.js";

/** A small table whose every value is text (metadata, error lists), held in memory. */
export interface TextTable {
  columns: string[];
  rows: string[][];
}

/**
 * Writes a text table as .csv, .csv.gz (pandas-compatible, UTF-8, QUOTE_MINIMAL, no index) or
 * .parquet (every column VARCHAR), chosen by the extension of `path`.
 */
export async function writeTextTable(path: string, table: TextTable): Promise<void> {
  const format = tableFormatOf(path);
  if (format === "parquet") {
    await writeParquetText(path, table);
    return;
  }
  const lines = [table.columns.map(csvText).join(",")];
  for (const row of table.rows) lines.push(row.map(csvText).join(","));
  const text = `${lines.join("\n")}\n`;
  writeFileSync(path, format === "csv.gz" ? gzipSync(text) : text);
}

/** Reads a table written by `writeTextTable` (or pandas / DuckDB) with every value as text. */
export async function readTextTable(path: string): Promise<TextTable> {
  const format = tableFormatOf(path);
  if (format === "parquet") return readParquetText(path);
  const raw = readFileSync(path);
  const text = (format === "csv.gz" ? gunzipSync(raw) : raw).toString("utf8").replace(/^\uFEFF/, "");
  const records = splitCsvRecords(text);
  if (records.length === 0) throw new Error(`${path}: empty table (no header)`);
  const columns = parseCsvLine(records[0]);
  const rows = records.slice(1).map((record, i) => {
    const fields = parseCsvLine(record);
    if (fields.length !== columns.length) {
      throw new Error(`${path}: row ${i + 2} has ${fields.length} fields, header has ${columns.length}`);
    }
    return fields;
  });
  return { columns, rows };
}

async function writeParquetText(path: string, table: TextTable): Promise<void> {
  // Loaded on demand: DuckDB's native library costs start-up time that CSV users need not pay.
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const columns = table.columns.map((c) => `${sqlIdentifier(c)} VARCHAR`).join(", ");
    await connection.run(`CREATE TABLE t (${columns})`);
    const appender = await connection.createAppender("t");
    for (const row of table.rows) {
      for (const value of row) appender.appendVarchar(value);
      appender.endRow();
    }
    appender.closeSync();
    await connection.run(`COPY t TO ${sqlString(path)} (FORMAT PARQUET)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function readParquetText(path: string): Promise<TextTable> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(path)})`);
    const columns = reader.columnNames();
    const rows = reader.getRows().map((row) => row.map((value) => (value === null ? "" : String(value))));
    return { columns, rows };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
