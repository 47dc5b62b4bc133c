/** Extents of plotted values: non-finite values are skipped and counted, never plotted. */

import { niceDomain } from "./linearScale.js";

/** The finite range of some values and how many were skipped. */
export interface FiniteExtent {
  /** NaN when there is no finite value. */
  min: number;
  max: number;
  /** Finite values seen. */
  finite: number;
  /** NaN and ±∞ values skipped. */
  nonFinite: number;
}

/** Min, max and counts of the finite values of every array (NaN/±∞ counted in `nonFinite`); empty → min = max = NaN. */
export function finiteExtent(...arrays: ArrayLike<number>[]): FiniteExtent {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let finite = 0;
  let nonFinite = 0;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (!Number.isFinite(value)) {
        nonFinite++;
        continue;
      }
      finite++;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  return finite === 0
    ? { min: Number.NaN, max: Number.NaN, finite, nonFinite }
    : { min, max, finite, nonFinite };
}

/** Options of {@link chartDomain}. */
export interface ChartDomainOptions {
  /** Extend the domain to contain 0 (bars, SHAP values). Default false. */
  includeZero?: boolean;
  /** Fraction of the span added on each side before rounding to ticks (default 0; scatter plots use ~0.03). */
  padding?: number;
  /** Approximate tick count the domain is rounded for (default 5). */
  tickCount?: number;
}

/**
 * A nice axis domain around [min, max]: optionally padded and extended to 0, widened when all values
 * are equal (±10 % of the value, ±1 around 0), then rounded outward to ticks; [0, 1] when min/max are NaN.
 */
export function chartDomain(min: number, max: number, options: ChartDomainOptions = {}): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  let lo = Math.min(min, max);
  let hi = Math.max(min, max);
  if (options.includeZero) {
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
  }
  if (lo === hi) {
    const half = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= half;
    hi += half;
    if (options.includeZero && min >= 0) lo = Math.max(lo, 0);
    if (options.includeZero && max <= 0) hi = Math.min(hi, 0);
  } else if (options.padding) {
    const pad = (hi - lo) * options.padding;
    // Padding must not push an axis that starts at zero below it (bars grow from 0).
    lo = options.includeZero && lo === 0 ? lo : lo - pad;
    hi = options.includeZero && hi === 0 ? hi : hi + pad;
  }
  return niceDomain(lo, hi, options.tickCount ?? 5);
}
