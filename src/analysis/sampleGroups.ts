import { type CellTable, compareText, requireText } from "./cellTable.js";

/**
 * Cells grouped by the values of some text columns: samples (experiment / donor / condition
 * folders), donors (experiment / donor), conditions.
 */
export interface SampleGroups {
  /** The grouping columns, e.g. ["experiment", "donor", "condition"]. */
  columns: string[];
  /** One entry per group: its value in each grouping column. Sorted by those values, column by column. */
  keys: string[][];
  /** Group index of every row, or −1 for a row left out by the mask. */
  groupOf: Int32Array;
  /** Rows per group. */
  sizes: Int32Array;
}

/** The groups' values joined with "/" (e.g. "Experiment_1/Donor_1"), the label used in tables and plots. */
export function groupLabel(key: readonly string[]): string {
  return key.join("/");
}

/**
 * Groups the selected rows (mask 1; default all) by the combination of the text columns' values.
 * Groups with no selected row do not appear. Rows get group indices into the sorted list of keys.
 * Throws when a column is absent.
 */
export function groupRows(table: CellTable, columns: readonly string[], mask?: Uint8Array): SampleGroups {
  const categories = columns.map((name) => requireText(table, name));
  const rows = table.rows;
  if (mask !== undefined && mask.length !== rows)
    throw new RangeError(`the row mask has ${mask.length} entries for ${rows} rows`);
  // Mixed-radix code of the combination (exact while the product of level counts stays below 2^53).
  let radix = 1;
  for (const category of categories) radix *= Math.max(category.levels.length, 1);
  if (radix > Number.MAX_SAFE_INTEGER) throw new RangeError("too many combinations of group values");
  const combinationOf = new Float64Array(rows);
  const firstRow = new Map<number, number>();
  for (let r = 0; r < rows; r++) {
    if (mask !== undefined && mask[r] !== 1) {
      combinationOf[r] = -1;
      continue;
    }
    let code = 0;
    for (const category of categories) code = code * Math.max(category.levels.length, 1) + category.codes[r];
    combinationOf[r] = code;
    if (!firstRow.has(code)) firstRow.set(code, r);
  }
  const combinations = [...firstRow.entries()].map(([code, row]) => ({
    code,
    key: categories.map((category) => category.levels[category.codes[row]]),
  }));
  combinations.sort((a, b) => compareKeys(a.key, b.key));
  const indexOf = new Map(combinations.map((c, i) => [c.code, i]));
  const groupOf = new Int32Array(rows);
  const sizes = new Int32Array(combinations.length);
  for (let r = 0; r < rows; r++) {
    const code = combinationOf[r];
    if (code < 0) {
      groupOf[r] = -1;
      continue;
    }
    const group = indexOf.get(code)!;
    groupOf[r] = group;
    sizes[group]++;
  }
  return { columns: [...columns], keys: combinations.map((c) => c.key), groupOf, sizes };
}

/** Orders keys column by column by code unit. */
export function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareText(a[i], b[i]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
