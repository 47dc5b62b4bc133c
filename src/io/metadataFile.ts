import { resolve } from "node:path";
import { type LabelSet, METADATA_COLUMNS, type Metadata, type MetadataRow } from "./metadata.js";
import { sqlIdentifier, sqlString, tableFormatOf } from "./tableFormat.js";
import { readTextTable, type TextTable, writeTextTable } from "./textTable.js";

/** The metadata rows as a text table with scifAI's seven columns. */
export function metadataTable(metadata: Metadata): TextTable {
  return {
    columns: [...METADATA_COLUMNS],
    rows: metadata.rows.map((row) => METADATA_COLUMNS.map((column) => row[column])),
  };
}

/** Writes metadata as .csv, .csv.gz or .parquet (by extension), file paths relative to the root. */
export async function writeMetadata(path: string, metadata: Metadata): Promise<void> {
  await writeTextTable(path, metadataTable(metadata));
}

/**
 * Reads a metadata file made by `scifai metadata` (or pandas with the same columns). Relative
 * `file` paths are resolved against `dataRoot`. Throws naming the file and the missing columns.
 */
export async function readMetadata(path: string, dataRoot: string): Promise<Metadata> {
  const table = await readTextTable(path);
  const missing = METADATA_COLUMNS.filter((c) => !table.columns.includes(c));
  if (missing.length > 0) throw new Error(`${path}: missing metadata columns: ${missing.join(", ")}`);
  const at = Object.fromEntries(METADATA_COLUMNS.map((c) => [c, table.columns.indexOf(c)])) as Record<
    (typeof METADATA_COLUMNS)[number],
    number
  >;
  // Experiments, donors, conditions, sets and labels repeat across millions of rows: one string each.
  const intern = new Map<string, string>();
  const shared = (value: string) => {
    const known = intern.get(value);
    if (known !== undefined) return known;
    intern.set(value, value);
    return value;
  };
  const rows: MetadataRow[] = table.rows.map((fields) => ({
    file: fields[at.file],
    experiment: shared(fields[at.experiment]),
    donor: shared(fields[at.donor]),
    condition: shared(fields[at.condition]),
    object_number: fields[at.object_number],
    set: shared(fields[at.set]) as LabelSet,
    label: shared(fields[at.label]),
  }));
  return { root: resolve(dataRoot), rows, misplaced: [], errors: [] };
}

/**
 * Reads a metadata file like `readMetadata` but streams it: DuckDB reads the CSV (every field as
 * text, exactly as written) or Parquet file a block at a time and `emit` gets each row in order, so
 * that a table of millions of rows never sits in memory. Empty fields stay empty strings. Throws
 * naming the file and the missing columns, or what DuckDB found wrong with it.
 */
export async function streamMetadata(path: string, emit: (row: MetadataRow) => void): Promise<number> {
  const format = tableFormatOf(path, ["csv", "csv.gz", "parquet"]);
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    const source =
      format === "parquet"
        ? `read_parquet(${sqlString(path)})`
        : `read_csv(${sqlString(path)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
    let columns: string[];
    try {
      const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
      columns = described.getRows().map((row) => String(row[0]));
    } catch (error) {
      throw new Error(`${path}: cannot read metadata (${(error as Error).message.split("\n")[0]})`);
    }
    const missing = METADATA_COLUMNS.filter((c) => !columns.includes(c));
    if (missing.length > 0) throw new Error(`${path}: missing metadata columns: ${missing.join(", ")}`);
    const select = METADATA_COLUMNS.map((c) => `CAST(${sqlIdentifier(c)} AS VARCHAR)`).join(", ");
    let rows = 0;
    try {
      const result = await connection.stream(`SELECT ${select} FROM ${source}`);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        const values = METADATA_COLUMNS.map((_, c) => chunk.getColumnValues(c));
        const text = (c: number, r: number) => {
          const value = values[c][r];
          return value === null ? "" : String(value);
        };
        for (let r = 0; r < chunk.rowCount; r++) {
          emit({
            file: text(0, r),
            experiment: text(1, r),
            donor: text(2, r),
            condition: text(3, r),
            object_number: text(4, r),
            set: text(5, r) as LabelSet,
            label: text(6, r),
          });
        }
        rows += chunk.rowCount;
      }
    } catch (error) {
      throw new Error(`${path}: cannot read metadata (${(error as Error).message.split("\n")[0]})`);
    }
    return rows;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
