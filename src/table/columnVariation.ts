/** Why a column was removed by cleaning. */
export type DropReason = "constant" | "infinite" | "too-few-rows";

/**
 * Follows one numeric column through any number of batches to tell whether pandas'
 * `df.loc[:, df.std() > 0]` would drop it: ±inf anywhere (std is NaN), fewer than two non-NaN
 * values (std is NaN), or all non-NaN values equal. NaN values are skipped, as pandas skips them.
 */
export class ColumnVariation {
  private first = Number.NaN;
  private count = 0;
  private varies = false;
  private infinite = false;

  /** Takes the next values of the column. */
  add(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isNaN(v)) continue;
      if (v === Number.POSITIVE_INFINITY || v === Number.NEGATIVE_INFINITY) this.infinite = true;
      if (this.count === 0) this.first = v;
      else if (v !== this.first) this.varies = true;
      this.count++;
    }
  }

  /** The reason to drop the column given everything added so far, or null to keep it. */
  dropReason(): DropReason | null {
    if (this.infinite) return "infinite";
    if (this.count < 2) return "too-few-rows";
    return this.varies ? null : "constant";
  }
}
