/** Shared helpers of the Parquet writer tests: DuckDB as the independent reader, and test tables. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import type { ParquetColumn, ParquetColumnData } from "../../../src/io/parquet/parquetWriter.js";
import { createRandom } from "../../../src/util/random.js";

/** A fresh temporary directory for one test file. */
export function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), "scifai-parquet-"));
}

const quoted = (path: string): string => `'${path.replace(/'/g, "''")}'`;

/** What DuckDB sees in a Parquet file: column names and types, and every value column-major. */
export interface DuckDbView {
  names: string[];
  types: string[];
  columns: unknown[][];
  rowCount: number;
}

/** Opens an in-memory DuckDB, runs `use` with a query function, and closes it. */
export async function withDuckDb<T>(
  use: (query: (sql: string) => Promise<unknown[][]>) => Promise<T>,
): Promise<T> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  try {
    return await use(async (sql) => (await connection.runAndReadAll(sql)).getRows() as unknown[][]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Reads a whole Parquet file with DuckDB (DESCRIBE for the types, SELECT * for the values). */
export async function readWithDuckDb(path: string): Promise<DuckDbView> {
  return withDuckDb(async (query) => {
    const described = await query(`DESCRIBE SELECT * FROM read_parquet(${quoted(path)})`);
    const names = described.map((row) => String(row[0]));
    const types = described.map((row) => String(row[1]));
    const rows = await query(`SELECT * FROM read_parquet(${quoted(path)})`);
    const columns = names.map((_, c) => rows.map((row) => row[c]));
    return { names, types, columns, rowCount: rows.length };
  });
}

/** The DuckDB type name each column type must read back as. */
export const DUCKDB_TYPE = {
  double: "DOUBLE",
  float: "FLOAT",
  int64: "BIGINT",
  int32: "INTEGER",
  boolean: "BOOLEAN",
  string: "VARCHAR",
} as const;

/** The value DuckDB should return for row `row` of an input column. */
export function expectedValue(column: ParquetColumn, data: ParquetColumnData, row: number): unknown {
  const value = (data as ArrayLike<unknown>)[row];
  if (column.type === "boolean") return value === 1 || value === true;
  if (column.type === "int64") return typeof value === "bigint" ? value : BigInt(value as number);
  return value;
}

/**
 * Asserts DuckDB read exactly the given table: names, types, row count and every value (doubles and
 * floats by Object.is, so NaN matches NaN and −0 differs from +0). Returns the number of values compared.
 */
export function expectSameTable(
  view: DuckDbView,
  columns: readonly ParquetColumn[],
  data: ParquetColumnData[][],
): number {
  expect(view.names).toEqual(columns.map((column) => column.name));
  expect(view.types).toEqual(columns.map((column) => DUCKDB_TYPE[column.type]));
  const totalRows = data.reduce((sum, group) => sum + (group[0]?.length ?? 0), 0);
  expect(view.rowCount).toBe(totalRows);
  let compared = 0;
  for (let c = 0; c < columns.length; c++) {
    let row = 0;
    const got = view.columns[c];
    for (const group of data) {
      const values = group[c];
      for (let r = 0; r < values.length; r++, row++) {
        const expected = expectedValue(columns[c], values, r);
        if (!Object.is(got[row], expected)) {
          throw new Error(
            `column ${columns[c].name} row ${row}: DuckDB read ${String(got[row])}, wrote ${String(expected)}`,
          );
        }
        compared++;
      }
    }
  }
  return compared;
}

/** Special doubles every double column test should carry. */
export const SPECIAL_DOUBLES = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  0,
  Number.MIN_VALUE, // smallest subnormal
  2.2250738585072009e-308, // largest subnormal
  -Number.MIN_VALUE,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  1 / 3,
  0.1 + 0.2,
];

/** Strings that stress UTF-8 and length handling. */
export const SPECIAL_STRINGS = [
  "",
  "plain",
  "Experiment_2/Donor_3/-SEA/edge_one_pixel_region_1199.h5",
  "é",
  "日本語のテキスト",
  "🧫 cell 🧬",
  "tab\tnew\nline\0nul",
  "'quote\" \\back",
  "x".repeat(100_000),
  "ü".repeat(3000),
];

/** A random table of `rows` rows for the given columns, seeded (same seed → same table). */
export function randomTable(
  columns: readonly ParquetColumn[],
  rows: number,
  seed: number,
): ParquetColumnData[] {
  const random = createRandom(seed);
  return columns.map((column) => {
    switch (column.type) {
      case "double": {
        const values = new Float64Array(rows);
        for (let i = 0; i < rows; i++) {
          values[i] = random.bernoulli(0.05)
            ? SPECIAL_DOUBLES[random.integer(SPECIAL_DOUBLES.length)]
            : random.normal() * 1e3;
        }
        return values;
      }
      case "float": {
        const values = new Float32Array(rows);
        for (let i = 0; i < rows; i++) values[i] = random.bernoulli(0.05) ? Number.NaN : random.normal();
        return values;
      }
      case "int64": {
        const values = new BigInt64Array(rows);
        for (let i = 0; i < rows; i++)
          values[i] = BigInt(random.nextUint32()) * BigInt(random.nextUint32()) - (1n << 62n);
        return values;
      }
      case "int32": {
        const values = new Int32Array(rows);
        for (let i = 0; i < rows; i++) values[i] = random.nextUint32() | 0;
        return values;
      }
      case "boolean": {
        const values = new Uint8Array(rows);
        for (let i = 0; i < rows; i++) values[i] = random.bernoulli(0.5) ? 1 : 0;
        return values;
      }
      case "string":
        // Mostly ASCII with a few special (often non-ASCII) strings, so that both page encoders run.
        return Array.from({ length: rows }, () =>
          random.bernoulli(0.03)
            ? SPECIAL_STRINGS[random.integer(SPECIAL_STRINGS.length - 2)]
            : `cell_${random.integer(1e6)}_${"z".repeat(random.integer(40))}`,
        );
      default:
        throw new Error(`no generator for ${column.type}`);
    }
  });
}
