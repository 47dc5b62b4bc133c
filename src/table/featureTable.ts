import { ColumnVariation, type DropReason } from "./columnVariation.js";

/** A column removed by cleaning, with the reason. */
export interface DroppedColumn {
  name: string;
  reason: DropReason;
}

/**
 * A columnar table of one row per cell: text columns (metadata such as file, donor, label) and
 * float64 feature columns (NaN = missing). Operations return new tables; columns are shared, not
 * copied, unless their values change.
 */
export class FeatureTable {
  constructor(
    /** Text columns by name, in order. */
    readonly textColumns: ReadonlyMap<string, readonly string[]>,
    /** Names of the numeric feature columns, in order. */
    readonly featureNames: readonly string[],
    /** One Float64Array per feature column, each `rowCount` long. */
    readonly featureColumns: readonly Float64Array[],
    readonly rowCount: number,
  ) {
    if (featureNames.length !== featureColumns.length)
      throw new Error("feature names and columns differ in count");
    for (const [name, column] of [
      ...textColumns,
      ...featureNames.map((n, i) => [n, featureColumns[i]] as const),
    ]) {
      if (column.length !== rowCount)
        throw new Error(`column ${name} has ${column.length} rows, expected ${rowCount}`);
    }
  }

  /**
   * Builds a table from one record per row (as `FeatureExtractor.extractFeatures` returns, or a
   * pandas-like list of dicts). Columns appear in first-seen order; a key missing from a row is
   * NaN (numbers) or "" (text); a column with any string value is a text column.
   */
  static fromRecords(records: readonly Readonly<Record<string, unknown>>[]): FeatureTable {
    const order: string[] = [];
    const textual = new Set<string>();
    const seen = new Set<string>();
    for (const record of records) {
      for (const [key, value] of Object.entries(record)) {
        if (!seen.has(key)) {
          seen.add(key);
          order.push(key);
        }
        if (typeof value === "string") textual.add(key);
      }
    }
    const text = new Map<string, string[]>();
    const names: string[] = [];
    const columns: Float64Array[] = [];
    for (const key of order) {
      if (textual.has(key)) {
        text.set(
          key,
          records.map((r) => (r[key] === undefined || r[key] === null ? "" : String(r[key]))),
        );
      } else {
        names.push(key);
        columns.push(Float64Array.from(records, (r) => toNumber(r[key])));
      }
    }
    return new FeatureTable(text, names, columns, records.length);
  }

  /** The feature column `name`; throws naming the column if it is absent. */
  feature(name: string): Float64Array {
    const index = this.featureNames.indexOf(name);
    if (index < 0) throw new Error(`no feature column '${name}'`);
    return this.featureColumns[index];
  }

  /** Replaces NaN in every feature column by `value` (pandas `fillna`); ±inf are kept. */
  fillna(value: number): FeatureTable {
    const columns = this.featureColumns.map((column) =>
      column.some(Number.isNaN) ? column.map((v) => (Number.isNaN(v) ? value : v)) : column,
    );
    return new FeatureTable(this.textColumns, this.featureNames, columns, this.rowCount);
  }

  /** Removes feature columns that cannot vary (see `constantColumns`), as scifAI's README recommends. */
  dropConstantColumns(): FeatureTable {
    const dropped = new Set(this.constantColumns().map((d) => d.name));
    const keep = this.featureNames.map((_, i) => i).filter((i) => !dropped.has(this.featureNames[i]));
    return new FeatureTable(
      this.textColumns,
      keep.map((i) => this.featureNames[i]),
      keep.map((i) => this.featureColumns[i]),
      this.rowCount,
    );
  }

  /**
   * Feature columns that `df.loc[:, df.std() > 0]` removes after `fillna(0)`: all (non-NaN) values
   * equal, any ±inf (pandas' std is then NaN), or fewer than two rows. Unlike pandas we call a
   * column of identical values constant even when pandas' floating-point sum leaves a std of 1e-17.
   */
  constantColumns(): DroppedColumn[] {
    const dropped: DroppedColumn[] = [];
    this.featureColumns.forEach((column, i) => {
      const reason = dropReason(column);
      if (reason) dropped.push({ name: this.featureNames[i], reason });
    });
    return dropped;
  }

  /** Row `index` as a record of every column (text, then features). */
  record(index: number): Record<string, string | number> {
    const record: Record<string, string | number> = {};
    for (const [name, column] of this.textColumns) record[name] = column[index];
    this.featureNames.forEach((name, i) => {
      record[name] = this.featureColumns[i][index];
    });
    return record;
  }
}

function toNumber(value: unknown): number {
  if (value === undefined || value === null) return Number.NaN;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "bigint") return Number(value);
  return Number.NaN;
}

function dropReason(column: Float64Array): DropReason | null {
  const variation = new ColumnVariation();
  variation.add(column);
  return variation.dropReason();
}
