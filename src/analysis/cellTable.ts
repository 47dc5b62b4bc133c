import { openTable } from "../io/tableReader.js";

/**
 * Per-cell data for the analyses: only the columns an analysis needs, held column by column.
 * Text columns (experiment, donor, condition, predicted_class …) are categorical: a code per row
 * into a sorted list of levels, so a million cells cost 4 bytes per row and column, and grouping
 * compares integers, never strings.
 */

/** A categorical column: `levels[codes[row]]` is the row's text. Levels are sorted by code unit. */
export interface CategoryColumn {
  levels: string[];
  codes: Int32Array;
}

/** Cells (rows) with categorical and numeric columns of equal length. */
export interface CellTable {
  rows: number;
  text: Map<string, CategoryColumn>;
  numeric: Map<string, Float64Array>;
}

/** Compares two strings by UTF-16 code units (locale-independent, as `Array.prototype.sort`). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Encodes strings as a {@link CategoryColumn} with sorted levels; an empty input gives no levels. */
export function categoryColumn(values: readonly string[]): CategoryColumn {
  const levels = Array.from(new Set(values)).sort(compareText);
  const index = new Map(levels.map((level, i) => [level, i]));
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) codes[i] = index.get(values[i])!;
  return { levels, codes };
}

/** The text of one row of a categorical column. */
export function categoryValue(column: CategoryColumn, row: number): string {
  return column.levels[column.codes[row]];
}

/** Decodes a categorical column back to one string per row. */
export function categoryValues(column: CategoryColumn): string[] {
  return Array.from(column.codes, (code) => column.levels[code]);
}

/**
 * Builds a {@link CellTable} from plain columns (text as strings, numbers as any array-like;
 * numbers are copied into Float64Arrays). Throws a RangeError when columns differ in length or a
 * name is used twice.
 */
export function cellTableFromColumns(columns: {
  text?: Record<string, readonly string[]>;
  numeric?: Record<string, ArrayLike<number>>;
}): CellTable {
  const textEntries = Object.entries(columns.text ?? {});
  const numericEntries = Object.entries(columns.numeric ?? {});
  const lengths = [...textEntries.map(([, v]) => v.length), ...numericEntries.map(([, v]) => v.length)];
  const rows = lengths.length > 0 ? lengths[0] : 0;
  for (const [name, values] of [...textEntries, ...numericEntries])
    if (values.length !== rows)
      throw new RangeError(`column ${name} has ${values.length} rows, expected ${rows}`);
  for (const [name] of textEntries)
    if (columns.numeric && name in columns.numeric)
      throw new RangeError(`column ${name} is given both as text and as numbers`);
  return {
    rows,
    text: new Map(textEntries.map(([name, values]) => [name, categoryColumn(values)])),
    numeric: new Map(numericEntries.map(([name, values]) => [name, Float64Array.from(values)])),
  };
}

/** The categorical column `name`; throws naming the available text columns when it is absent. */
export function requireText(table: CellTable, name: string): CategoryColumn {
  const column = table.text.get(name);
  if (column === undefined)
    throw new Error(
      `no text column '${name}' (text columns: ${[...table.text.keys()].join(", ") || "none"})`,
    );
  return column;
}

/** The numeric column `name`; throws naming it when it is absent. */
export function requireNumeric(table: CellTable, name: string): Float64Array {
  const column = table.numeric.get(name);
  if (column === undefined) throw new Error(`no numeric column '${name}'`);
  return column;
}

/** A new table holding the given rows, in the given order (indices may repeat); columns are copied. */
export function takeCellRows(table: CellTable, rows: ArrayLike<number>): CellTable {
  const count = rows.length;
  for (let i = 0; i < count; i++)
    if (!(rows[i] >= 0 && rows[i] < table.rows))
      throw new RangeError(`row index ${rows[i]} outside [0, ${table.rows})`);
  const text = new Map<string, CategoryColumn>();
  for (const [name, column] of table.text) {
    const codes = new Int32Array(count);
    for (let i = 0; i < count; i++) codes[i] = column.codes[rows[i]];
    text.set(name, { levels: column.levels, codes });
  }
  const numeric = new Map<string, Float64Array>();
  for (const [name, values] of table.numeric) {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = values[rows[i]];
    numeric.set(name, out);
  }
  return { rows: count, text, numeric };
}

/**
 * Joins the columns of two tables of the same cells side by side (e.g. predictions and the
 * feature table they were made from). Both must have the same number of rows and, when both hold
 * a `file` column, the same file in every row; a column name present in both must hold identical
 * values (it is kept once). Throws an Error naming the first mismatch otherwise.
 */
export function joinCellTables(left: CellTable, right: CellTable): CellTable {
  if (left.rows !== right.rows)
    throw new Error(
      `cannot join tables of ${left.rows} and ${right.rows} rows: they do not hold the same cells`,
    );
  const text = new Map(left.text);
  for (const [name, column] of right.text) {
    const existing = text.get(name);
    if (existing === undefined) {
      text.set(name, column);
      continue;
    }
    for (let r = 0; r < left.rows; r++) {
      if (categoryValue(existing, r) !== categoryValue(column, r))
        throw new Error(
          `cannot join: column '${name}' differs at row ${r} ('${categoryValue(existing, r)}' vs '${categoryValue(column, r)}')`,
        );
    }
  }
  const numeric = new Map(left.numeric);
  for (const [name, values] of right.numeric) {
    const existing = numeric.get(name);
    if (existing === undefined) {
      numeric.set(name, values);
      continue;
    }
    for (let r = 0; r < left.rows; r++) {
      if (!Object.is(existing[r], values[r]))
        throw new Error(`cannot join: column '${name}' differs at row ${r} (${existing[r]} vs ${values[r]})`);
    }
  }
  return { rows: left.rows, text, numeric };
}

/** Options of {@link readCellTable}. */
export interface ReadCellTableOptions {
  /** Text columns to keep (default: none). Absent names throw. */
  text?: readonly string[];
  /** Numeric columns to keep (default: none). Absent names throw. */
  numeric?: readonly string[];
  /**
   * Keep only the table rows r with `rows[r] === 1` (e.g. the cells of one predicted class that
   * passed quality control), so a large table is never held whole. Length must equal the table's
   * row count. Default: every row.
   */
  rows?: Uint8Array;
  /** Rows per batch read from the file (default 4096). */
  batchRows?: number;
}

/**
 * Reads the chosen columns (and rows) of a stored table (.parquet, .csv, .csv.gz, .h5ad) in one
 * streaming pass with `openTable`: only the kept cells and columns are held in memory. Missing
 * text values become "" and missing numbers NaN. Throws naming the file when a column is absent,
 * is of the other kind, or the row mask does not match the table.
 */
export async function readCellTable(path: string, options: ReadCellTableOptions = {}): Promise<CellTable> {
  const wantedText = [...(options.text ?? [])];
  const wantedNumeric = [...(options.numeric ?? [])];
  const reader = await openTable(path);
  try {
    const { text: textNames, numeric: numericNames, rows: tableRows } = reader.columns;
    const textAt = wantedText.map((name) => textNames.indexOf(name));
    const numericAt = wantedNumeric.map((name) => numericNames.indexOf(name));
    const missing = [
      ...wantedText
        .filter((_, i) => textAt[i] < 0)
        .map((n) => (numericNames.includes(n) ? `${n} (numeric)` : n)),
      ...wantedNumeric
        .filter((_, i) => numericAt[i] < 0)
        .map((n) => (textNames.includes(n) ? `${n} (text)` : n)),
    ];
    if (missing.length > 0) throw new Error(`${path}: missing columns: ${missing.join(", ")}`);
    const mask = options.rows;
    if (mask !== undefined && mask.length !== tableRows)
      throw new Error(`${path}: has ${tableRows} rows but the row selection has ${mask.length}`);
    let kept = tableRows;
    if (mask !== undefined) {
      kept = 0;
      for (let r = 0; r < mask.length; r++) if (mask[r] === 1) kept++;
    }
    const codeMaps = wantedText.map(() => new Map<string, number>());
    const codes = wantedText.map(() => new Int32Array(kept));
    const numbers = wantedNumeric.map(() => new Float64Array(kept));
    let out = 0;
    // Read only the wanted columns: in a 600-column table that is most of the cost.
    const selection = { text: wantedText, numeric: wantedNumeric };
    for await (const batch of reader.batches(options.batchRows ?? 4096, selection)) {
      for (let r = 0; r < batch.rowCount; r++) {
        if (mask !== undefined && mask[batch.start + r] !== 1) continue;
        for (let c = 0; c < wantedText.length; c++) {
          const value = batch.text[c][r];
          const map = codeMaps[c];
          let code = map.get(value);
          if (code === undefined) {
            code = map.size;
            map.set(value, code);
          }
          codes[c][out] = code;
        }
        for (let c = 0; c < wantedNumeric.length; c++) numbers[c][out] = batch.numeric[c][r];
        out++;
      }
    }
    if (out !== kept) throw new Error(`${path}: read ${out} of ${kept} selected rows`);
    const text = new Map<string, CategoryColumn>();
    wantedText.forEach((name, c) => {
      text.set(name, sortLevels(codeMaps[c], codes[c]));
    });
    const numeric = new Map<string, Float64Array>();
    wantedNumeric.forEach((name, c) => {
      numeric.set(name, numbers[c]);
    });
    return { rows: kept, text, numeric };
  } finally {
    reader.close();
  }
}

/** Renumbers codes given in first-seen order so that levels come out sorted. */
function sortLevels(firstSeen: Map<string, number>, codes: Int32Array): CategoryColumn {
  const levels = [...firstSeen.keys()].sort(compareText);
  const remap = new Int32Array(levels.length);
  levels.forEach((level, i) => {
    remap[firstSeen.get(level)!] = i;
  });
  for (let i = 0; i < codes.length; i++) codes[i] = remap[codes[i]];
  return { levels, codes };
}

/** The text and numeric column names and the row count of a stored table, without reading its rows. */
export async function tableColumnNames(
  path: string,
): Promise<{ text: string[]; numeric: string[]; rows: number }> {
  const reader = await openTable(path);
  try {
    return { ...reader.columns, text: [...reader.columns.text], numeric: [...reader.columns.numeric] };
  } finally {
    reader.close();
  }
}
