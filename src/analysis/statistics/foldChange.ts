/** Options of {@link log2FoldChange}. */
export interface FoldChangeOptions {
  /** Added to treatment and control before the ratio (default 0), to keep zero frequencies finite. */
  pseudocount?: number;
}

/**
 * Paired log2 fold changes log2((treatment[i] + c) / (control[i] + c)), as
 * `np.log2((t + c) / (c_ + c))` (e.g. per donor, treatment vs control class frequencies). With a
 * zero pseudocount a zero control gives +Infinity, a zero treatment −Infinity and both zero NaN;
 * NaN stays NaN. Throws a RangeError when the lengths differ.
 */
export function log2FoldChange(
  treatment: ArrayLike<number>,
  control: ArrayLike<number>,
  options: FoldChangeOptions = {},
): Float64Array {
  if (treatment.length !== control.length)
    throw new RangeError(`treatment has ${treatment.length} values, control ${control.length}`);
  const pseudocount = options.pseudocount ?? 0;
  const out = new Float64Array(treatment.length);
  for (let i = 0; i < out.length; i++)
    out[i] = Math.log2((treatment[i] + pseudocount) / (control[i] + pseudocount));
  return out;
}
