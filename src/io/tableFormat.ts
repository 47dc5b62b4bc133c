/** File formats for tables, chosen by file extension everywhere in the project. */
export type TableFormat = "csv" | "csv.gz" | "parquet" | "h5ad";

/** The table format of a path from its extension; throws a message naming the path otherwise. */
export function tableFormatOf(
  path: string,
  allowed: readonly TableFormat[] = ["csv", "csv.gz", "parquet"],
): TableFormat {
  const lower = path.toLowerCase();
  const format: TableFormat | null = lower.endsWith(".csv.gz")
    ? "csv.gz"
    : lower.endsWith(".csv")
      ? "csv"
      : lower.endsWith(".parquet")
        ? "parquet"
        : lower.endsWith(".h5ad")
          ? "h5ad"
          : null;
  if (!format || !allowed.includes(format)) {
    throw new Error(`${path}: unsupported table extension; use ${allowed.map((f) => `.${f}`).join(", ")}`);
  }
  return format;
}

/** SQL string literal (single quotes doubled), for file paths given to DuckDB. */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** SQL identifier (double quotes doubled), for column names such as `+SEA` or `Area_Ch1`. */
export function sqlIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
