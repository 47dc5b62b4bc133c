/**
 * Turning the extractor's row-major feature block (one row per cell) into the column-major arrays a
 * Parquet row group takes. A naive transpose writes every value to a different memory page and costs
 * ~3× more than the Parquet writer itself; tiling keeps both sides in cache, and reusing the target
 * avoids page faults on fresh memory.
 */

/** Square tile edge of the blocked transpose (32 × 8 bytes: one tile row spans four cache lines). */
const TILE = 32;

/**
 * Transposes `rows` (`rowCount` × `columnCount`, row-major: value (r, c) at r·columnCount + c) into
 * `target` (column-major: value (r, c) at c·rowCount + r) and returns one view per column into it.
 * A new target is allocated when `target` is absent or too small: pass one buffer of the largest block
 * size to every call to reuse it (the views are then only valid until the next call; the Parquet writer
 * keeps no reference after `writeRowGroup` returns). Values, NaN payloads and −0 are copied unchanged.
 * Throws if `rows` holds fewer than rowCount·columnCount values.
 */
export function rowMajorToColumns(
  rows: Float64Array,
  rowCount: number,
  columnCount: number,
  target?: Float64Array,
): Float64Array[] {
  const size = rowCount * columnCount;
  if (!Number.isInteger(rowCount) || !Number.isInteger(columnCount) || rowCount < 0 || columnCount < 0) {
    throw new Error(`row and column counts must be non-negative integers, got ${rowCount} × ${columnCount}`);
  }
  if (rows.length < size)
    throw new Error(`a ${rowCount} × ${columnCount} block needs ${size} values, got ${rows.length}`);
  const out = target !== undefined && target.length >= size ? target : new Float64Array(size);
  for (let c0 = 0; c0 < columnCount; c0 += TILE) {
    const c1 = Math.min(columnCount, c0 + TILE);
    for (let r0 = 0; r0 < rowCount; r0 += TILE) {
      const r1 = Math.min(rowCount, r0 + TILE);
      for (let c = c0; c < c1; c++) {
        const destination = c * rowCount;
        for (let r = r0; r < r1; r++) out[destination + r] = rows[r * columnCount + c];
      }
    }
  }
  const views = new Array<Float64Array>(columnCount);
  for (let c = 0; c < columnCount; c++) views[c] = out.subarray(c * rowCount, (c + 1) * rowCount);
  return views;
}
