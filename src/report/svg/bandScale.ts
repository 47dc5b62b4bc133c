/** Band scales: categories placed in equal bands along an axis (bars, box plots, heatmap cells). */

/** Options of {@link bandScale}. */
export interface BandScaleOptions {
  /** Fraction of each step left empty between bands, in [0, 1) (default 0.2). */
  paddingInner?: number;
  /** Space before the first and after the last band, in steps (default = paddingInner / 2). */
  paddingOuter?: number;
}

/** Equal bands for `count` categories along a pixel range. */
export interface BandScale {
  readonly kind: "band";
  readonly count: number;
  /** Distance between the starts of consecutive bands (px). */
  readonly step: number;
  /** Width of one band (px). */
  readonly bandwidth: number;
  /** Start of band `index` (px); index 0 sits at the range start. */
  start(index: number): number;
  /** Centre of band `index` (px). */
  center(index: number): number;
}

/** Bands for `count` categories over [rangeStart, rangeEnd] (rangeEnd < rangeStart runs backwards); count 0 gives step 0. */
export function bandScale(
  count: number,
  range: readonly [number, number],
  options: BandScaleOptions = {},
): BandScale {
  const paddingInner = Math.min(Math.max(options.paddingInner ?? 0.2, 0), 0.99);
  const paddingOuter = Math.max(options.paddingOuter ?? paddingInner / 2, 0);
  const [r0, r1] = range;
  const length = Math.abs(r1 - r0);
  const direction = r1 < r0 ? -1 : 1;
  const step = count > 0 ? length / Math.max(1, count - paddingInner + 2 * paddingOuter) : 0;
  const bandwidth = step * (1 - paddingInner);
  const offset = step * paddingOuter;
  const start = (index: number) =>
    direction > 0 ? r0 + offset + index * step : r0 - offset - index * step - bandwidth;
  return {
    kind: "band",
    count,
    step,
    bandwidth,
    start,
    center: (index: number) => start(index) + bandwidth / 2,
  };
}
