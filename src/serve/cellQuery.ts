import { sqlIdentifier } from "../io/tableFormat.js";
import { HttpError, integerParameter, numberParameter } from "./httpErrors.js";

/** Where a column of the viewer lives: predictions (p), features (f), QC flags (q) or the embedding sample (e). */
export type ColumnSource = "p" | "f" | "q" | "e";

/** Every column a request may name, with its source and kind; anything else is refused. */
export interface ColumnCatalog {
  /** Text columns of the predictions offered as filters (experiment, donor, condition, predicted_class, label). */
  facets: string[];
  /** Numeric columns (predictions, features, embedding) by name. */
  numeric: Map<string, ColumnSource>;
  /** Text columns that can colour the scatter plot. */
  text: string[];
  /** QC flag columns (true/false) of tables/cell_flags.csv, `kept` among them when present. */
  flags: string[];
}

/** A rectangle of the scatter plot: cells whose (x, y) lie inside, bounds inclusive. */
export interface Region {
  x: string;
  y: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** Which cells to show. */
export interface CellFilter {
  /** Facet column → accepted values (an absent column accepts every value). */
  values: Map<string, string[]>;
  /** "kept", "removed", or a flag column that must be true; null for every cell. */
  qc: string | null;
  /** Bounds on max_probability, inclusive; null for no bound. */
  minConfidence: number | null;
  maxConfidence: number | null;
  region: Region | null;
  /** Only these rows (0-based rows of predictions.parquet). */
  rows: number[] | null;
}

/** A sort order: a numeric column (or `row`) and its direction. */
export interface CellSort {
  column: string;
  descending: boolean;
}

const MAX_VALUES = 1000;
const MAX_ROWS = 100_000;

function stringList(value: unknown, name: string): string[] {
  if (!Array.isArray(value) || value.length > MAX_VALUES || value.some((v) => typeof v !== "string"))
    throw new HttpError(400, `${name} must be a list of at most ${MAX_VALUES} strings`);
  return value as string[];
}

/** Checks a numeric column name against the catalog; 400 naming it otherwise. */
export function numericColumn(catalog: ColumnCatalog, name: unknown, what: string): string {
  if (typeof name !== "string" || !catalog.numeric.has(name))
    throw new HttpError(400, `${what}: unknown numeric column`);
  return name;
}

/**
 * Validates the `filter` object of a request: facet lists, `qc`, `minConfidence`/`maxConfidence`,
 * `region` {x, y, x0, x1, y0, y1} and `rows`. Unknown keys, wrong types, non-finite numbers and
 * unknown columns give HttpError 400; `undefined` or `null` means every cell.
 */
export function parseCellFilter(input: unknown, catalog: ColumnCatalog): CellFilter {
  const filter: CellFilter = {
    values: new Map(),
    qc: null,
    minConfidence: null,
    maxConfidence: null,
    region: null,
    rows: null,
  };
  if (input === undefined || input === null) return filter;
  if (typeof input !== "object" || Array.isArray(input)) throw new HttpError(400, "filter must be an object");
  for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
    if (value === null || value === undefined) continue;
    if (catalog.facets.includes(key)) filter.values.set(key, stringList(value, key));
    else if (key === "qc") {
      if (typeof value !== "string" || !["kept", "removed", ...catalog.flags].includes(value))
        throw new HttpError(400, "qc must be kept, removed or a flag column");
      filter.qc = value;
    } else if (key === "minConfidence") filter.minConfidence = numberParameter(value, key);
    else if (key === "maxConfidence") filter.maxConfidence = numberParameter(value, key);
    else if (key === "region") {
      if (typeof value !== "object" || Array.isArray(value))
        throw new HttpError(400, "region must be an object");
      const r = value as Record<string, unknown>;
      const region: Region = {
        x: numericColumn(catalog, r.x, "region.x"),
        y: numericColumn(catalog, r.y, "region.y"),
        x0: numberParameter(r.x0, "region.x0"),
        x1: numberParameter(r.x1, "region.x1"),
        y0: numberParameter(r.y0, "region.y0"),
        y1: numberParameter(r.y1, "region.y1"),
      };
      if (region.x0 > region.x1) [region.x0, region.x1] = [region.x1, region.x0];
      if (region.y0 > region.y1) [region.y0, region.y1] = [region.y1, region.y0];
      filter.region = region;
    } else if (key === "rows") {
      if (!Array.isArray(value) || value.length > MAX_ROWS) throw new HttpError(400, "rows must be a list");
      filter.rows = value.map((v) => integerParameter(v, "rows[]", 0, 2 ** 31 - 1));
    } else throw new HttpError(400, `unknown filter key`);
  }
  return filter;
}

/** Validates a `sort` object {column, descending}; `row` (file order) when absent. */
export function parseCellSort(input: unknown, catalog: ColumnCatalog): CellSort {
  if (input === undefined || input === null) return { column: "row", descending: false };
  if (typeof input !== "object" || Array.isArray(input)) throw new HttpError(400, "sort must be an object");
  const { column, descending } = input as Record<string, unknown>;
  if (descending !== undefined && typeof descending !== "boolean")
    throw new HttpError(400, "sort.descending must be true or false");
  if (column === "row") return { column: "row", descending: descending === true };
  return { column: numericColumn(catalog, column, "sort.column"), descending: descending === true };
}

/** SQL expression of a column: `row` is the 0-based row number; others are qualified by their source. */
export function columnExpression(catalog: ColumnCatalog, name: string): string {
  if (name === "row") return "p.file_row_number";
  const source = catalog.numeric.get(name) ?? (catalog.text.includes(name) ? "p" : null);
  if (!source) throw new HttpError(400, "unknown column");
  return `${source}.${sqlIdentifier(name)}`;
}

/** A WHERE clause with positional parameters, and the sources it reads. */
export interface SqlCondition {
  where: string;
  parameters: (string | number)[];
  sources: Set<ColumnSource>;
}

/** Translates a filter into SQL over the aliases p, f, q, e (see {@link fromClause}); values are bound, never spliced. */
export function filterCondition(catalog: ColumnCatalog, filter: CellFilter): SqlCondition {
  const clauses: string[] = [];
  const parameters: (string | number)[] = [];
  const sources = new Set<ColumnSource>(["p"]);
  for (const [column, values] of filter.values) {
    if (values.length === 0) {
      clauses.push("FALSE");
      continue;
    }
    clauses.push(`p.${sqlIdentifier(column)} IN (${values.map(() => "?").join(", ")})`);
    parameters.push(...values);
  }
  if (filter.qc) {
    sources.add("q");
    if (filter.qc === "kept" || filter.qc === "removed") {
      if (!catalog.flags.includes("kept")) throw new HttpError(400, "the results have no kept flag");
      clauses.push(filter.qc === "kept" ? "q.kept" : "NOT q.kept");
    } else clauses.push(`q.${sqlIdentifier(filter.qc)}`);
  }
  if (filter.minConfidence !== null) {
    clauses.push("p.max_probability >= ?");
    parameters.push(filter.minConfidence);
  }
  if (filter.maxConfidence !== null) {
    clauses.push("p.max_probability <= ?");
    parameters.push(filter.maxConfidence);
  }
  if (filter.region) {
    const { x, y, x0, x1, y0, y1 } = filter.region;
    sources.add(catalog.numeric.get(x)!);
    sources.add(catalog.numeric.get(y)!);
    clauses.push(
      `${columnExpression(catalog, x)} BETWEEN ? AND ?`,
      `${columnExpression(catalog, y)} BETWEEN ? AND ?`,
    );
    parameters.push(x0, x1, y0, y1);
  }
  if (filter.rows) {
    clauses.push(
      filter.rows.length === 0
        ? "FALSE"
        : `p.file_row_number IN (${filter.rows.map((r) => Math.trunc(r)).join(", ")})`,
    );
  }
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(" AND ")}` : "", parameters, sources };
}

/** FROM clause joining the sources a query reads to the predictions, row by row. */
export function fromClause(sources: ReadonlySet<ColumnSource>): string {
  const parts = ["pred p"];
  if (sources.has("f")) parts.push("JOIN feat f ON f.file_row_number = p.file_row_number");
  if (sources.has("q")) parts.push("JOIN flags q ON q.file = p.file AND q.object_number = p.object_number");
  if (sources.has("e")) parts.push("JOIN embedding e ON e.row = p.file_row_number");
  return parts.join(" ");
}
