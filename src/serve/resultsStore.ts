import { existsSync, readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { sqlIdentifier, sqlString } from "../io/tableFormat.js";
import {
  type CellFilter,
  type CellSort,
  type ColumnCatalog,
  type ColumnSource,
  columnExpression,
  filterCondition,
  fromClause,
} from "./cellQuery.js";

type DuckModule = typeof import("@duckdb/node-api");
type Instance = Awaited<ReturnType<DuckModule["DuckDBInstance"]["create"]>>;
type Connection = Awaited<ReturnType<Instance["connect"]>>;
type SqlValue = string | number;

/** The parts of summary.json the viewer reads. */
export interface ResultsSummary {
  /** Absolute data root the cell files are read from. */
  data: string;
  channelNames: string[] | null;
}

/** Where a cell's pixels are: a file under the data root and its object number. */
export interface CellLocation {
  file: string;
  objectNumber: string;
}

/** One gallery tile. */
export interface CellTile {
  row: number;
  file: string;
  object_number: string;
  experiment: string;
  donor: string;
  condition: string;
  label: string;
  predicted_class: string;
  max_probability: number;
  /** Value of the sort column (null for `row` order or missing values). */
  sort_value: number | null;
}

const FACETS = ["experiment", "donor", "condition", "predicted_class", "label"];
const TILE_TEXT = ["file", "object_number", "experiment", "donor", "condition", "label", "predicted_class"];
const LOCATION_CACHE = 200_000;

/** The first line of a CSV file split on commas (header names; ours never quote them). */
function csvHeader(path: string): string[] {
  const text = readFileSync(path, { encoding: "utf8", flag: "r" }).slice(0, 65536);
  return text.split(/\r?\n/)[0].split(",");
}

/**
 * Read-only, lazy access to a results folder of `scifai analyze` through DuckDB: predictions.parquet
 * and features.parquet are queried in place (only the columns and rows a request needs), the QC flags
 * and embedding CSVs are loaded into DuckDB on first use. Queries run one at a time.
 */
export class ResultsStore {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly counts = new Map<string, number>();
  private readonly locations = new Map<number, CellLocation>();
  private facetCache: Record<string, { value: string; count: number }[]> | null = null;
  /** Tables and views created on first use, by source; the promise is shared by concurrent requests. */
  private readonly loading = new Map<string, Promise<void>>();

  private constructor(
    readonly root: string,
    readonly summary: ResultsSummary,
    readonly rows: number,
    readonly catalog: ColumnCatalog,
    readonly classes: string[],
    readonly featureColumns: string[],
    private readonly paths: { flags: string | null; embedding: string | null; clean: string | null },
    private readonly instance: Instance,
    private readonly connection: Connection,
  ) {}

  /**
   * Opens RESULTS_DIR (realpath taken): reads summary.json and the Parquet schemas, nothing more.
   * Throws naming the folder when summary.json or predictions.parquet is missing or unreadable.
   */
  static async open(resultsDir: string): Promise<ResultsStore> {
    let root: string;
    try {
      root = realpathSync(resultsDir);
    } catch {
      throw new Error(`${resultsDir}: no such results folder`);
    }
    const summaryPath = join(root, "summary.json");
    const predictions = join(root, "predictions.parquet");
    const features = join(root, "features.parquet");
    for (const path of [summaryPath, predictions, features])
      if (!existsSync(path))
        throw new Error(`${resultsDir}: not a scifai analyze folder (no ${path.slice(root.length + 1)})`);
    const parsed = JSON.parse(readFileSync(summaryPath, "utf8")) as Record<string, unknown>;
    if (typeof parsed.data !== "string") throw new Error(`${summaryPath}: no data folder named`);
    const summary: ResultsSummary = {
      data: parsed.data,
      channelNames: Array.isArray(parsed.channelNames) ? (parsed.channelNames as string[]).map(String) : null,
    };
    const flagsPath = join(root, "tables", "cell_flags.csv");
    const embeddingPath = join(root, "tables", "embedding.csv");
    const cleanPath = join(root, "features.clean.parquet");
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      await connection.run(
        `CREATE VIEW pred AS SELECT * FROM read_parquet(${sqlString(predictions)}, file_row_number = true)`,
      );
      await connection.run(
        `CREATE VIEW feat AS SELECT * FROM read_parquet(${sqlString(features)}, file_row_number = true)`,
      );
      const describe = async (view: string) =>
        (await connection.runAndReadAll(`DESCRIBE ${view}`))
          .getRows()
          .map((r) => [String(r[0]), String(r[1])]);
      const isNumeric = (type: string) =>
        /^(DOUBLE|FLOAT|REAL|DECIMAL|BIGINT|INTEGER|SMALLINT|TINYINT)/.test(type);
      const numeric = new Map<string, ColumnSource>();
      const text: string[] = [];
      for (const [name, type] of await describe("pred")) {
        if (name === "file_row_number") continue;
        if (isNumeric(type)) numeric.set(name, "p");
        else text.push(name);
      }
      const featureColumns: string[] = [];
      for (const [name, type] of await describe("feat")) {
        if (name === "file_row_number" || numeric.has(name) || !isNumeric(type)) continue;
        numeric.set(name, "f");
        featureColumns.push(name);
      }
      const flags = existsSync(flagsPath)
        ? csvHeader(flagsPath).filter((n) => n !== "file" && n !== "object_number")
        : [];
      if (existsSync(embeddingPath))
        for (const name of csvHeader(embeddingPath))
          if (/^(pca|umap)_\d+$/.test(name) && !numeric.has(name)) numeric.set(name, "e");
      for (const required of ["file", "object_number", "predicted_class"])
        if (!text.includes(required)) throw new Error(`${predictions}: no ${required} column`);
      if (!numeric.has("max_probability")) throw new Error(`${predictions}: no max_probability column`);
      const rows = Number((await connection.runAndReadAll("SELECT count(*) FROM pred")).getRows()[0][0]);
      const classes = [...numeric.keys()]
        .filter((n) => n.startsWith("probability_"))
        .map((n) => n.slice("probability_".length));
      const catalog: ColumnCatalog = {
        facets: FACETS.filter((f) => text.includes(f)),
        numeric,
        text: text.filter((t) => t !== "file" && t !== "object_number"),
        flags,
      };
      return new ResultsStore(
        root,
        summary,
        rows,
        catalog,
        classes,
        featureColumns,
        {
          flags: existsSync(flagsPath) ? flagsPath : null,
          embedding: existsSync(embeddingPath) ? embeddingPath : null,
          clean: existsSync(cleanPath) ? cleanPath : null,
        },
        instance,
        connection,
      );
    } catch (error) {
      connection.closeSync();
      instance.closeSync();
      throw error;
    }
  }

  /** Runs one query after the ones before it; rows as plain JS objects. */
  private query(sql: string, parameters: SqlValue[] = []): Promise<Record<string, unknown>[]> {
    const run = this.queue.then(async () => {
      const reader = await this.connection.runAndReadAll(sql, parameters);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Runs `create` once per `name`, however many requests ask at the same time. */
  private once(name: string, create: () => Promise<unknown>): Promise<void> {
    let pending = this.loading.get(name);
    if (!pending) {
      pending = create().then(() => undefined);
      pending.catch(() => this.loading.delete(name));
      this.loading.set(name, pending);
    }
    return pending;
  }

  /** Loads the flag / embedding CSVs into DuckDB the first time a query reads them. */
  private async ensureSources(sources: ReadonlySet<ColumnSource>): Promise<void> {
    if (sources.has("q")) {
      const path = this.paths.flags;
      if (!path) throw new Error("the results have no tables/cell_flags.csv");
      const flagColumns = this.catalog.flags
        .map((f) => `lower(CAST(${sqlIdentifier(f)} AS VARCHAR)) = 'true' AS ${sqlIdentifier(f)}`)
        .join(", ");
      await this.once("q", () =>
        this.query(
          `CREATE TABLE flags AS SELECT CAST(file AS VARCHAR) AS file, CAST(object_number AS VARCHAR) AS object_number${flagColumns ? `, ${flagColumns}` : ""} FROM read_csv(${sqlString(path)}, header = true, all_varchar = true)`,
        ),
      );
    }
    if (sources.has("e")) {
      const path = this.paths.embedding;
      if (!path) throw new Error("the results have no tables/embedding.csv");
      const columns = [...this.catalog.numeric].filter(([, s]) => s === "e").map(([n]) => n);
      await this.once("e", () =>
        this.query(
          `CREATE TABLE embedding AS SELECT CAST("row" AS BIGINT) AS "row"${columns.map((c) => `, CAST(${sqlIdentifier(c)} AS DOUBLE) AS ${sqlIdentifier(c)}`).join("")} FROM read_csv(${sqlString(path)}, header = true, all_varchar = true)`,
        ),
      );
    }
  }

  /** Values and counts of every facet column (computed once, on first call). */
  async facets(): Promise<Record<string, { value: string; count: number }[]>> {
    if (this.facetCache) return this.facetCache;
    const out: Record<string, { value: string; count: number }[]> = {};
    for (const facet of this.catalog.facets) {
      const rows = await this.query(
        `SELECT CAST(${sqlIdentifier(facet)} AS VARCHAR) AS value, CAST(count(*) AS DOUBLE) AS count FROM pred GROUP BY 1 ORDER BY 1 LIMIT 500`,
      );
      out[facet] = rows.map((r) => ({ value: String(r.value ?? ""), count: Number(r.count) }));
    }
    this.facetCache = out;
    return out;
  }

  /** Number of cells passing a filter (cached per filter). */
  async count(filter: CellFilter): Promise<number> {
    const condition = filterCondition(this.catalog, filter);
    const key = JSON.stringify([condition.where, condition.parameters]);
    const cached = this.counts.get(key);
    if (cached !== undefined) return cached;
    await this.ensureSources(condition.sources);
    const rows = await this.query(
      `SELECT CAST(count(*) AS DOUBLE) AS n FROM ${fromClause(condition.sources)} ${condition.where}`,
      condition.parameters,
    );
    const n = Number(rows[0].n);
    if (this.counts.size > 1000) this.counts.clear();
    this.counts.set(key, n);
    return n;
  }

  /**
   * One page of gallery tiles in `sort` order (ties and missing values last, then by row), from
   * `offset`; at most `limit` tiles. Their locations are remembered for the image requests that follow.
   */
  async page(filter: CellFilter, sort: CellSort, offset: number, limit: number): Promise<CellTile[]> {
    const condition = filterCondition(this.catalog, filter);
    const sources = new Set(condition.sources);
    const sortExpression = columnExpression(this.catalog, sort.column);
    if (sort.column !== "row") sources.add(this.catalog.numeric.get(sort.column)!);
    await this.ensureSources(sources);
    const direction = sort.descending ? "DESC" : "ASC";
    const rows = await this.query(
      `SELECT CAST(p.file_row_number AS DOUBLE) AS "row", ${TILE_TEXT.map((c) => `CAST(p.${sqlIdentifier(c)} AS VARCHAR) AS ${sqlIdentifier(c)}`).join(", ")}, CAST(p.max_probability AS DOUBLE) AS max_probability, CAST(${sortExpression} AS DOUBLE) AS sort_value FROM ${fromClause(sources)} ${condition.where} ORDER BY ${sortExpression} ${direction} NULLS LAST, p.file_row_number LIMIT ${Math.trunc(limit)} OFFSET ${Math.trunc(offset)}`,
      condition.parameters,
    );
    return rows.map((r) => {
      const tile = {
        row: Number(r.row),
        file: String(r.file ?? ""),
        object_number: String(r.object_number ?? ""),
        experiment: String(r.experiment ?? ""),
        donor: String(r.donor ?? ""),
        condition: String(r.condition ?? ""),
        label: String(r.label ?? ""),
        predicted_class: String(r.predicted_class ?? ""),
        max_probability: Number(r.max_probability),
        sort_value: sort.column === "row" || r.sort_value === null ? null : Number(r.sort_value),
      };
      this.remember(tile.row, { file: tile.file, objectNumber: tile.object_number });
      return tile;
    });
  }

  private remember(row: number, location: CellLocation): void {
    if (this.locations.size >= LOCATION_CACHE) this.locations.clear();
    this.locations.set(row, location);
  }

  /**
   * Points of the scatter plot: up to `limit` cells passing the filter (a deterministic hash sample
   * when more pass), each [row, x, y, colour category index]; `categories` names the indices.
   */
  async scatter(
    filter: CellFilter,
    x: string,
    y: string,
    color: string | null,
    limit: number,
  ): Promise<{ points: number[][]; categories: string[]; total: number }> {
    const condition = filterCondition(this.catalog, filter);
    const sources = new Set(condition.sources);
    for (const axis of [x, y]) sources.add(this.catalog.numeric.get(axis)!);
    await this.ensureSources(sources);
    const colorExpression = color ? `CAST(p.${sqlIdentifier(color)} AS VARCHAR)` : "''";
    const total = await this.count(filter);
    const rows = await this.query(
      `SELECT CAST(p.file_row_number AS DOUBLE) AS r, CAST(${columnExpression(this.catalog, x)} AS DOUBLE) AS x, CAST(${columnExpression(this.catalog, y)} AS DOUBLE) AS y, ${colorExpression} AS c FROM ${fromClause(sources)} ${condition.where} ${condition.where ? "AND" : "WHERE"} isfinite(${columnExpression(this.catalog, x)}) AND isfinite(${columnExpression(this.catalog, y)}) ORDER BY hash(p.file_row_number) LIMIT ${Math.trunc(limit)}`,
      condition.parameters,
    );
    const categories: string[] = [];
    const index = new Map<string, number>();
    const points = rows.map((r) => {
      const c = String(r.c ?? "");
      let at = index.get(c);
      if (at === undefined) {
        at = categories.length;
        categories.push(c);
        index.set(c, at);
      }
      return [Number(r.r), Number(r.x), Number(r.y), at];
    });
    return { points, categories, total };
  }

  /** File and object number of a row (remembered from a gallery page, else looked up); null if out of range. */
  async location(row: number): Promise<CellLocation | null> {
    const known = this.locations.get(row);
    if (known) return known;
    if (!(row >= 0 && row < this.rows)) return null;
    const rows = await this.query(
      `SELECT CAST(file AS VARCHAR) AS file, CAST(object_number AS VARCHAR) AS object_number FROM pred WHERE file_row_number = ?`,
      [row],
    );
    if (rows.length === 0) return null;
    const location = { file: String(rows[0].file), objectNumber: String(rows[0].object_number) };
    this.remember(row, location);
    return location;
  }

  /** Every prediction column of one row (text and numbers), or null when out of range. */
  async predictionRow(row: number): Promise<Record<string, unknown> | null> {
    const rows = await this.query(`SELECT * EXCLUDE (file_row_number) FROM pred WHERE file_row_number = ?`, [
      row,
    ]);
    return rows[0] ?? null;
  }

  /** Numeric feature values of one row, in `featureColumns` order (NaN for missing). */
  async featureRow(row: number): Promise<Float64Array> {
    return this.numericRow("feat", this.featureColumns, row);
  }

  /**
   * Values of `columns` for one row from the table the model reads (features.clean.parquet when
   * present, else features.parquet); throws naming columns the table lacks.
   */
  async modelInputRow(row: number, columns: readonly string[]): Promise<Float64Array> {
    if (!this.paths.clean) return this.numericRow("feat", columns, row);
    const clean = this.paths.clean;
    await this.once("clean", () =>
      this.query(
        `CREATE VIEW clean AS SELECT * FROM read_parquet(${sqlString(clean)}, file_row_number = true)`,
      ),
    );
    return this.numericRow("clean", columns, row);
  }

  private async numericRow(view: string, columns: readonly string[], row: number): Promise<Float64Array> {
    const out = new Float64Array(columns.length).fill(Number.NaN);
    if (columns.length === 0) return out;
    const rows = await this.query(
      `SELECT ${columns.map((c, i) => `CAST(${sqlIdentifier(c)} AS DOUBLE) AS c${i}`).join(", ")} FROM ${view} WHERE file_row_number = ?`,
      [row],
    );
    if (rows.length === 0) throw new RangeError(`row ${row} not found`);
    columns.forEach((_, i) => {
      const v = rows[0][`c${i}`];
      out[i] = v === null || v === undefined ? Number.NaN : Number(v);
    });
    return out;
  }

  /** QC flags and embedding coordinates of one row (empty objects when the tables are absent). */
  async extras(
    row: number,
    location: CellLocation,
  ): Promise<{ flags: Record<string, boolean>; embedding: Record<string, number> }> {
    const flags: Record<string, boolean> = {};
    const embedding: Record<string, number> = {};
    if (this.paths.flags) {
      await this.ensureSources(new Set<ColumnSource>(["q"]));
      const found = await this.query(
        `SELECT * EXCLUDE (file, object_number) FROM flags WHERE file = ? AND object_number = ?`,
        [location.file, location.objectNumber],
      );
      for (const [k, v] of Object.entries(found[0] ?? {})) flags[k] = v === true;
    }
    if (this.paths.embedding) {
      await this.ensureSources(new Set<ColumnSource>(["e"]));
      const found = await this.query(`SELECT * EXCLUDE ("row") FROM embedding WHERE "row" = ?`, [row]);
      for (const [k, v] of Object.entries(found[0] ?? {})) embedding[k] = Number(v);
    }
    return { flags, embedding };
  }

  /** Values of some numeric columns for one row (null where missing or the row is not embedded). */
  async values(row: number, columns: readonly string[]): Promise<Record<string, number | null>> {
    const sources = new Set<ColumnSource>(["p"]);
    for (const c of columns) sources.add(this.catalog.numeric.get(c)!);
    await this.ensureSources(sources);
    const left = fromClause(sources).replace(/\bJOIN (embedding|flags)/g, "LEFT JOIN $1");
    const rows = await this.query(
      `SELECT ${columns.map((c, i) => `CAST(${columnExpression(this.catalog, c)} AS DOUBLE) AS c${i}`).join(", ")} FROM ${left} WHERE p.file_row_number = ?`,
      [row],
    );
    const out: Record<string, number | null> = {};
    columns.forEach((c, i) => {
      const v = rows[0]?.[`c${i}`];
      out[c] = v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v);
    });
    return out;
  }

  /** Closes DuckDB once the queries in flight are done. */
  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
