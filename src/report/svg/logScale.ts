/** Base-10 logarithmic scales with ticks at powers of ten (and 2×, 5× when the span is short). */

import { niceTicks } from "./linearScale.js";

function power(mantissa: number, exponent: number): number {
  // Dividing by an exact power of ten keeps 2e-7 exact (2 * 1e-7 is 2.0000000000000002e-7).
  return exponent < 0 ? mantissa / 10 ** -exponent : mantissa * 10 ** exponent;
}

/**
 * About `count` ticks for a log axis over [lo, hi] (lo, hi > 0), ascending: powers of ten (every
 * k-th decade when there are many), with 2× and 5× added when few decades are spanned, and linear
 * nice ticks inside a single decade. [] when a bound is not finite and positive.
 */
export function logTicks(lo: number, hi: number, count = 5): number[] {
  if (!(lo > 0 && hi > 0 && Number.isFinite(lo) && Number.isFinite(hi)) || !(count > 0)) return [];
  if (lo > hi) [lo, hi] = [hi, lo];
  if (lo === hi) return [lo];
  const tolerance = 1e-9;
  const inside = (value: number) => value >= lo * (1 - tolerance) && value <= hi * (1 + tolerance);
  const first = Math.floor(Math.log10(lo) + tolerance);
  const last = Math.ceil(Math.log10(hi) - tolerance);
  const decades = last - first;
  let ticks: number[] = [];
  if (decades > count) {
    const every = Math.ceil(decades / count);
    for (let e = Math.ceil(first / every) * every; e <= last; e += every) ticks.push(power(1, e));
  } else {
    const mantissas = decades * 3 <= 2 * count ? [1, 2, 5] : [1];
    for (let e = first; e <= last; e++) for (const m of mantissas) ticks.push(power(m, e));
  }
  ticks = ticks.filter(inside);
  if (ticks.length >= 3) return ticks;
  // Within about a decade, powers of ten (and 2×, 5×) are too sparse: fall back to linear ticks.
  return niceTicks(lo, hi, count).filter((value) => value > 0);
}

/** A base-10 log map from a positive data domain to a pixel range. */
export interface LogScale {
  readonly kind: "log";
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  /** Pixel position of a value; NaN for values ≤ 0 or NaN. */
  map(value: number): number;
  ticks(count?: number): number[];
}

/** A log scale over a positive domain; throws when a bound is not finite and > 0. */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): LogScale {
  const [d0, d1] = domain;
  if (!(d0 > 0 && d1 > 0 && Number.isFinite(d0) && Number.isFinite(d1)))
    throw new RangeError(`a log scale needs a finite positive domain, got [${d0}, ${d1}]`);
  const [r0, r1] = range;
  const l0 = Math.log10(d0);
  const span = Math.log10(d1) - l0;
  return {
    kind: "log",
    domain: [d0, d1],
    range: [r0, r1],
    map: (value: number) => {
      if (!(value > 0)) return Number.NaN;
      return span === 0 ? (r0 + r1) / 2 : r0 + ((Math.log10(value) - l0) / span) * (r1 - r0);
    },
    ticks: (count = 5) => logTicks(d0, d1, count),
  };
}

/** The domain [10^floor(log10 min), 10^ceil(log10 max)] around positive values; [1, 10] when there are none. */
export function logDomain(min: number, max: number): [number, number] {
  if (!(min > 0 && max > 0 && Number.isFinite(min) && Number.isFinite(max))) return [1, 10];
  const lo = power(1, Math.floor(Math.log10(Math.min(min, max)) + 1e-9));
  let hi = power(1, Math.ceil(Math.log10(Math.max(min, max)) - 1e-9));
  if (hi <= lo) hi = lo * 10;
  return [lo, hi];
}
