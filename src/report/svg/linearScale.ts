/**
 * Linear scales with "nice" ticks: steps of 1, 2 or 5 × 10^k chosen as d3-array's `ticks` chooses
 * them (the step nearest to span / count on a log scale, thresholds √2, √10, √50), and tick values
 * computed as integer / power so they print exactly (0.3, never 0.30000000000000004).
 */

const SQRT_50 = Math.sqrt(50);
const SQRT_10 = Math.sqrt(10);
const SQRT_2 = Math.sqrt(2);

// [first integer, last integer, increment]: a positive increment means tick = i × inc, a negative
// one tick = i / −inc (dividing by a power of ten keeps small decimals exact).
function tickSpec(start: number, stop: number, count: number): [number, number, number] {
  const step = (stop - start) / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= SQRT_50 ? 10 : error >= SQRT_10 ? 5 : error >= SQRT_2 ? 2 : 1;
  let i1: number;
  let i2: number;
  let inc: number;
  if (power < 0) {
    inc = 10 ** -power / factor;
    i1 = Math.round(start * inc);
    i2 = Math.round(stop * inc);
    if (i1 / inc < start) ++i1;
    if (i2 / inc > stop) --i2;
    inc = -inc;
  } else {
    inc = 10 ** power * factor;
    i1 = Math.round(start / inc);
    i2 = Math.round(stop / inc);
    if (i1 * inc < start) ++i1;
    if (i2 * inc > stop) --i2;
  }
  if (i2 < i1 && 0.5 <= count && count < 2) return tickSpec(start, stop, count * 2);
  return [i1, i2, inc];
}

/**
 * About `count` nice tick values covering [start, stop] (inside it), ascending when start < stop
 * (descending when reversed); [start] when start = stop; [] for a non-finite bound or count ≤ 0.
 */
export function niceTicks(start: number, stop: number, count = 5): number[] {
  if (!(count > 0) || !Number.isFinite(start) || !Number.isFinite(stop)) return [];
  if (start === stop) return [start];
  const reverse = stop < start;
  const [i1, i2, inc] = reverse ? tickSpec(stop, start, count) : tickSpec(start, stop, count);
  if (!(i2 >= i1)) return [];
  const n = i2 - i1 + 1;
  const ticks = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const k = reverse ? i2 - i : i1 + i;
    // "+ 0" turns −0 (from Math.round(−0.5)) into 0.
    ticks[i] = (inc < 0 ? k / -inc : k * inc) + 0;
  }
  return ticks;
}

/** The signed tick increment of {@link niceTicks}: > 0 is the step, < 0 means a step of 1 / −value; NaN for bad input. */
export function tickIncrement(start: number, stop: number, count = 5): number {
  if (!(count > 0) || !Number.isFinite(start) || !Number.isFinite(stop) || start === stop) return Number.NaN;
  return tickSpec(Math.min(start, stop), Math.max(start, stop), count)[2];
}

/** The step between consecutive ticks of {@link niceTicks} (a positive number; NaN for bad input or start = stop). */
export function tickStep(start: number, stop: number, count = 5): number {
  const inc = tickIncrement(start, stop, count);
  return inc < 0 ? 1 / -inc : inc;
}

/**
 * Extends [start, stop] outward to multiples of the tick step (d3's `scale.nice`), so the axis
 * begins and ends on a tick; returned unchanged when degenerate or non-finite.
 */
export function niceDomain(start: number, stop: number, count = 5): [number, number] {
  if (!Number.isFinite(start) || !Number.isFinite(stop) || start === stop) return [start, stop];
  const reverse = stop < start;
  let lo = reverse ? stop : start;
  let hi = reverse ? start : stop;
  let previous = Number.NaN;
  for (let iteration = 0; iteration < 10; iteration++) {
    const step = tickIncrement(lo, hi, count);
    if (step === previous || !Number.isFinite(step)) break;
    if (step > 0) {
      lo = Math.floor(lo / step) * step;
      hi = Math.ceil(hi / step) * step;
    } else {
      lo = Math.ceil(lo * step) / step;
      hi = Math.floor(hi * step) / step;
    }
    previous = step;
  }
  return reverse ? [hi, lo] : [lo, hi];
}

/** A linear map from a data domain to a pixel range. */
export interface LinearScale {
  readonly kind: "linear";
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  /** Pixel position of a data value (extrapolates outside the domain; NaN stays NaN). */
  map(value: number): number;
  /** About `count` nice ticks inside the domain. */
  ticks(count?: number): number[];
  /** The step of `ticks(count)` (for label decimals). */
  tickStep(count?: number): number;
}

/** A linear scale; a degenerate domain (lo = hi) maps every value to the middle of the range. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const map =
    span === 0 || !Number.isFinite(span)
      ? (value: number) => (Number.isNaN(value) ? Number.NaN : (r0 + r1) / 2)
      : (value: number) => r0 + ((value - d0) / span) * (r1 - r0);
  return {
    kind: "linear",
    domain: [d0, d1],
    range: [r0, r1],
    map,
    ticks: (count = 5) => niceTicks(d0, d1, count),
    tickStep: (count = 5) => tickStep(d0, d1, count),
  };
}
