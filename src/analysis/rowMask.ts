import type { CellTable } from "./cellTable.js";
import { requireText } from "./cellTable.js";

/**
 * Row selections as 0/1 masks (1 = the cell takes part). Every analysis combines the masks it is
 * given with AND — a later selection narrows an earlier one and can never replace it (the study's
 * readout notebook let a later filter overwrite the synapse filter).
 */

/** A mask selecting all `rows` cells. */
export function allRows(rows: number): Uint8Array {
  return new Uint8Array(rows).fill(1);
}

/**
 * The cells selected by every mask (logical AND); `undefined` masks are ignored, and no mask at all
 * selects every cell. Throws a RangeError when a mask's length differs from `rows` or holds a value
 * other than 0 and 1.
 */
export function intersectMasks(rows: number, ...masks: (Uint8Array | undefined)[]): Uint8Array {
  const out = allRows(rows);
  for (const mask of masks) {
    if (mask === undefined) continue;
    if (mask.length !== rows) throw new RangeError(`a row mask has ${mask.length} entries for ${rows} rows`);
    for (let r = 0; r < rows; r++) {
      const value = mask[r];
      if (value !== 0 && value !== 1)
        throw new RangeError(`row mask value ${value} at row ${r} is not 0 or 1`);
      out[r] &= value;
    }
  }
  return out;
}

/** Number of selected cells (entries equal to 1). */
export function countSelected(mask: Uint8Array): number {
  let count = 0;
  for (let r = 0; r < mask.length; r++) if (mask[r] === 1) count++;
  return count;
}

/** Indices of the selected cells, ascending. */
export function selectedRows(mask: Uint8Array): Uint32Array {
  const out = new Uint32Array(countSelected(mask));
  let k = 0;
  for (let r = 0; r < mask.length; r++) if (mask[r] === 1) out[k++] = r;
  return out;
}

/**
 * The cells whose text column `column` holds one of `values` (e.g. predicted_class ∈
 * {Synapses_with_signaling}). Values absent from the column select nothing; throws when the column
 * is absent.
 */
export function maskWhereText(table: CellTable, column: string, values: readonly string[]): Uint8Array {
  const category = requireText(table, column);
  const wanted = new Uint8Array(category.levels.length);
  const set = new Set(values);
  category.levels.forEach((level, i) => {
    if (set.has(level)) wanted[i] = 1;
  });
  const out = new Uint8Array(table.rows);
  for (let r = 0; r < table.rows; r++) out[r] = wanted[category.codes[r]];
  return out;
}
