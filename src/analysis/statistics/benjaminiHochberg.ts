/** Options of {@link benjaminiHochberg}. */
export interface BenjaminiHochbergOptions {
  /** False discovery rate to control (default 0.05). */
  alpha?: number;
}

/** Result of {@link benjaminiHochberg}, aligned with the input p-values. */
export interface BenjaminiHochbergResult {
  /** BH-adjusted p-values (q-values), capped at 1; NaN where the input was NaN. */
  adjusted: Float64Array;
  /** 1 where the hypothesis is rejected at the chosen FDR, 0 otherwise (always 0 for NaN). */
  rejected: Uint8Array;
  /** Number of p-values that took part (the non-NaN ones): the m of the procedure. */
  testCount: number;
}

/**
 * Benjamini–Hochberg step-up FDR control, exactly as statsmodels
 * `multipletests(p, alpha, method="fdr_bh")` (same adjusted values to the last bit: p·m/i is
 * computed as p / (i/m), as statsmodels does). NaN p-values are left out of the procedure (they do
 * not count in m), get NaN adjusted values and are never rejected; statsmodels has no NaN handling.
 * P-values are not range-checked. Empty input gives empty output.
 */
export function benjaminiHochberg(
  pValues: ArrayLike<number>,
  options: BenjaminiHochbergOptions = {},
): BenjaminiHochbergResult {
  const alpha = options.alpha ?? 0.05;
  const n = pValues.length;
  const adjusted = new Float64Array(n).fill(Number.NaN);
  const rejected = new Uint8Array(n);
  const order: number[] = [];
  for (let i = 0; i < n; i++) if (!Number.isNaN(pValues[i])) order.push(i);
  const m = order.length;
  if (m === 0) return { adjusted, rejected, testCount: 0 };
  // Ties may be taken in any order: their adjusted values and decisions come out equal.
  order.sort((a, b) => pValues[a] - pValues[b] || a - b);
  let lastRejected = -1;
  for (let rank = 0; rank < m; rank++) {
    const ecdf = (rank + 1) / m;
    if (pValues[order[rank]] <= ecdf * alpha) lastRejected = rank;
  }
  let runningMinimum = Number.POSITIVE_INFINITY;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank];
    const raw = pValues[index] / ((rank + 1) / m);
    if (raw < runningMinimum) runningMinimum = raw;
    adjusted[index] = Math.min(runningMinimum, 1);
    if (rank <= lastRejected) rejected[index] = 1;
  }
  return { adjusted, rejected, testCount: m };
}
