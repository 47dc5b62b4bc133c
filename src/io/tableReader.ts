import { METADATA_COLUMNS } from "./metadata.js";
import { sqlIdentifier, sqlString, type TableFormat, tableFormatOf } from "./tableFormat.js";

/** Columns of a stored table: text columns (metadata and other labels) and numeric feature columns. */
export interface TableColumns {
  text: string[];
  numeric: string[];
  rows: number;
}

/** A block of consecutive rows: text values and float64 values (NaN for missing), column by column. */
export interface TableBatch {
  /** Index of the batch's first row in the table. */
  start: number;
  rowCount: number;
  text: string[][];
  numeric: Float64Array[];
}

const TEXT_NAMES: ReadonlySet<string> = new Set(METADATA_COLUMNS);

/**
 * Opens a table written by this project, pandas, DuckDB or anndata (.parquet, .csv, .csv.gz, .h5ad)
 * for reading in batches, without loading it whole. Numeric columns become float64 (missing
 * values NaN); metadata columns (file, experiment, …, label) are always text, whatever they look like.
 */
export async function openTable(path: string): Promise<TableReader> {
  const format = tableFormatOf(path, ["csv", "csv.gz", "parquet", "h5ad"]);
  if (format === "h5ad") {
    const { H5adTableReader } = await import("./h5adReader.js");
    return H5adTableReader.open(path);
  }
  return DuckTableReader.open(path, format);
}

/** A subset of a table's columns to read (names of `TableColumns.text` / `.numeric`). */
export interface ColumnSelection {
  text: readonly string[];
  numeric: readonly string[];
}

/** Batched access to a stored table. */
export interface TableReader {
  readonly columns: TableColumns;
  /**
   * Yields the table in order, `batchRows` rows at a time. With `select`, batches hold only those
   * columns, in the order given (reading 2 of 600 Parquet columns is then ~100× cheaper); throws
   * naming any column the table does not have.
   */
  batches(batchRows?: number, select?: ColumnSelection): AsyncGenerator<TableBatch>;
  close(): void;
}

/** Checks a column selection against a table; returns it, or every column when absent. */
export function resolveSelection(columns: TableColumns, select?: ColumnSelection): ColumnSelection {
  if (!select) return { text: columns.text, numeric: columns.numeric };
  const missing = [
    ...select.text.filter((n) => !columns.text.includes(n)),
    ...select.numeric.filter((n) => !columns.numeric.includes(n)),
  ];
  if (missing.length > 0) throw new Error(`missing columns: ${missing.join(", ")}`);
  return select;
}

type DuckModule = typeof import("@duckdb/node-api");
type Connection = Awaited<ReturnType<Awaited<ReturnType<DuckModule["DuckDBInstance"]["create"]>>["connect"]>>;

class DuckTableReader implements TableReader {
  private constructor(
    private readonly close_: () => void,
    private readonly connection: Connection,
    private readonly source: string,
    readonly columns: TableColumns,
  ) {}

  static async open(path: string, format: TableFormat): Promise<DuckTableReader> {
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    const close = () => {
      connection.closeSync();
      instance.closeSync();
    };
    try {
      const source =
        format === "parquet"
          ? `read_parquet(${sqlString(path)})`
          : `read_csv(${sqlString(path)}, header = true, sample_size = -1)`;
      const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
      const text: string[] = [];
      const numeric: string[] = [];
      const unknownText: string[] = [];
      for (const [name, type] of described.getRows().map((r) => [String(r[0]), String(r[1])])) {
        if (TEXT_NAMES.has(name)) text.push(name);
        else if (
          /^(DOUBLE|FLOAT|REAL|DECIMAL|BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT|BOOLEAN)/.test(
            type,
          )
        )
          numeric.push(name);
        else unknownText.push(name);
      }
      // CSV sniffing calls a column text when it holds `inf` or is empty in every row (a feature
      // that is NaN everywhere); such a column is numeric when every value converts to a double.
      if (unknownText.length > 0) {
        const counts = await connection.runAndReadAll(
          `SELECT ${unknownText
            .map((c) => `count(${sqlIdentifier(c)}), count(TRY_CAST(${sqlIdentifier(c)} AS DOUBLE))`)
            .join(", ")} FROM ${source}`,
        );
        const row = counts.getRows()[0];
        unknownText.forEach((name, i) => {
          (Number(row[2 * i]) === Number(row[2 * i + 1]) ? numeric : text).push(name);
        });
      }
      const order = described.getRows().map((r) => String(r[0]));
      const rank = (name: string) => order.indexOf(name);
      text.sort((a, b) => rank(a) - rank(b));
      numeric.sort((a, b) => rank(a) - rank(b));
      const count = await connection.runAndReadAll(`SELECT count(*) FROM ${source}`);
      const rows = Number(count.getRows()[0][0]);
      return new DuckTableReader(close, connection, source, { text, numeric, rows });
    } catch (error) {
      close();
      throw new Error(`${path}: cannot read table (${(error as Error).message.split("\n")[0]})`);
    }
  }

  async *batches(batchRows = 2048, select?: ColumnSelection): AsyncGenerator<TableBatch> {
    const { text, numeric } = resolveSelection(this.columns, select);
    const expressions = [
      ...text.map((c) => `CAST(${sqlIdentifier(c)} AS VARCHAR)`),
      ...numeric.map((c) => `CAST(${sqlIdentifier(c)} AS DOUBLE)`),
    ];
    const result = await this.connection.stream(
      `SELECT ${expressions.join(", ") || "1"} FROM ${this.source}`,
    );
    let pendingText: string[][] = text.map(() => []);
    let pendingNumeric: number[][] = numeric.map(() => []);
    let pendingRows = 0;
    let start = 0;
    const flush = (): TableBatch => {
      const batch = {
        start,
        rowCount: pendingRows,
        text: pendingText,
        numeric: pendingNumeric.map((values) => Float64Array.from(values)),
      };
      start += pendingRows;
      pendingText = text.map(() => []);
      pendingNumeric = numeric.map(() => []);
      pendingRows = 0;
      return batch;
    };
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      for (let c = 0; c < text.length; c++) {
        for (const value of chunk.getColumnValues(c))
          pendingText[c].push(value === null ? "" : String(value));
      }
      for (let c = 0; c < numeric.length; c++) {
        for (const value of chunk.getColumnValues(text.length + c))
          pendingNumeric[c].push(value === null ? Number.NaN : Number(value));
      }
      pendingRows += chunk.rowCount;
      if (pendingRows >= batchRows) yield flush();
    }
    if (pendingRows > 0) yield flush();
  }

  close(): void {
    this.close_();
  }
}
