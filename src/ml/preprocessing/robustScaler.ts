import type { Matrix } from "../matrix.js";
import type { Scaler, ScalerState } from "./scaler.js";
import {
  checkFitInput,
  checkStateKind,
  checkTransformInput,
  floatsFromState,
  floatsToState,
  replaceNearZeroScales,
} from "./scalerChecks.js";

/** Hyper-parameters of {@link RobustScaler} (scikit-learn's names in camelCase). */
export interface RobustScalerOptions {
  /** Subtract the column median (default true). */
  withCentering?: boolean;
  /** Divide by the spread between the two quantiles (default true). */
  withScaling?: boolean;
  /** The [low, high] percentiles whose difference is the scale (default [25, 75]; 0 ≤ low ≤ high ≤ 100). */
  quantileRange?: readonly [number, number];
}

/**
 * Centres each column on its median and divides by its inter-quantile range as scikit-learn 1.2's
 * `RobustScaler` (without `unit_variance`): NumPy's nanmedian and linear-interpolation nanpercentile
 * on the non-NaN values, a range below 10 × machine epsilon counting as 1; NaN kept when transforming.
 * A column without a number gets centre and scale NaN, as in scikit-learn.
 */
export class RobustScaler implements Scaler {
  readonly kind = "robust" as const;
  readonly withCentering: boolean;
  readonly withScaling: boolean;
  readonly quantileRange: readonly [number, number];
  /** Column medians (null before fit or without centring). */
  center: Float64Array | null = null;
  /** Column inter-quantile ranges, 1 where (near) zero (null before fit or without scaling). */
  scale: Float64Array | null = null;
  private fittedColumns: number | null = null;

  constructor(options: RobustScalerOptions = {}) {
    this.withCentering = options.withCentering ?? true;
    this.withScaling = options.withScaling ?? true;
    const range = options.quantileRange ?? [25, 75];
    if (!(range[0] >= 0 && range[0] <= range[1] && range[1] <= 100))
      throw new RangeError(`quantileRange must satisfy 0 ≤ low ≤ high ≤ 100, got [${range[0]}, ${range[1]}]`);
    this.quantileRange = [range[0], range[1]];
  }

  get featureCount(): number {
    return this.fittedColumns ?? 0;
  }

  /** Learns column medians and inter-quantile ranges of `X`, ignoring NaN; returns this. */
  fit(X: Matrix): this {
    checkFitInput("RobustScaler", X);
    const { rows, cols, data } = X;
    const center = this.withCentering ? new Float64Array(cols) : null;
    const scale = this.withScaling ? new Float64Array(cols) : null;
    const column = new Float64Array(rows);
    const low = this.quantileRange[0] / 100;
    const high = this.quantileRange[1] / 100;
    for (let j = 0; j < cols; j++) {
      let count = 0;
      for (let r = 0; r < rows; r++) {
        const value = data[r * cols + j];
        if (!Number.isNaN(value)) column[count++] = value;
      }
      const sorted = column.subarray(0, count).sort();
      if (center !== null) center[j] = sortedMedian(sorted);
      if (scale !== null) scale[j] = sortedPercentile(sorted, high) - sortedPercentile(sorted, low);
    }
    if (scale !== null) replaceNearZeroScales(scale);
    this.center = center;
    this.scale = scale;
    this.fittedColumns = cols;
    return this;
  }

  /** (x − median) / range per column into a new matrix; NaN stays NaN; throws before fit or on a column mismatch. */
  transform(X: Matrix): Matrix {
    checkTransformInput("RobustScaler", this.fittedColumns, X);
    const { rows, cols, data } = X;
    const out = new Float64Array(data);
    const center = this.center;
    const scale = this.scale;
    for (let r = 0; r < rows; r++) {
      const offset = r * cols;
      if (center !== null) for (let j = 0; j < cols; j++) out[offset + j] -= center[j];
      if (scale !== null) for (let j = 0; j < cols; j++) out[offset + j] /= scale[j];
    }
    return { data: out, rows, cols };
  }

  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: Matrix): Matrix {
    return this.fit(X).transform(X);
  }

  /** Options and fitted statistics as plain JSON data (NaN as null). */
  toJSON(): ScalerState {
    return {
      kind: this.kind,
      options: {
        withCentering: this.withCentering,
        withScaling: this.withScaling,
        quantileRange: [...this.quantileRange],
      },
      fitted:
        this.fittedColumns === null
          ? null
          : {
              featureCount: this.fittedColumns,
              center: this.center === null ? null : floatsToState(this.center),
              scale: this.scale === null ? null : floatsToState(this.scale),
            },
    };
  }

  /** Rebuilds a scaler from `toJSON` output; throws on another kind or malformed arrays. */
  static fromJSON(state: ScalerState): RobustScaler {
    checkStateKind(state, "robust");
    const scaler = new RobustScaler(state.options as RobustScalerOptions);
    const fitted = state.fitted;
    if (fitted === null || fitted === undefined) return scaler;
    const cols = Number(fitted.featureCount);
    if (!Number.isInteger(cols) || cols < 0) throw new RangeError("scaler state lacks featureCount");
    scaler.center = scaler.withCentering ? floatsFromState(fitted.center, cols, "center") : null;
    scaler.scale = scaler.withScaling ? floatsFromState(fitted.scale, cols, "scale") : null;
    scaler.fittedColumns = cols;
    return scaler;
  }
}

/** NumPy's median of ascending values: the middle one, or the mean of the middle two; NaN when empty. */
export function sortedMedian(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const half = n >> 1;
  return n % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

/**
 * NumPy's "linear" quantile (Hyndman & Fan type 7) of ascending values at `q` ∈ [0, 1], with NumPy's
 * two-sided interpolation (from the upper neighbour when the weight is ≥ ½) so results match bit for
 * bit; NaN when empty.
 */
export function sortedPercentile(sorted: Float64Array, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const virtualIndex = (n - 1) * q;
  let previous: number;
  let next: number;
  let gamma: number;
  if (virtualIndex >= n - 1) {
    // NumPy points both neighbours at the last element (index −1), which also shifts gamma by one.
    previous = next = n - 1;
    gamma = virtualIndex + 1;
  } else if (virtualIndex < 0) {
    previous = next = 0;
    gamma = virtualIndex;
  } else {
    previous = Math.floor(virtualIndex);
    next = previous + 1;
    gamma = virtualIndex - previous;
  }
  const a = sorted[previous];
  const b = sorted[next];
  const difference = b - a;
  return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
}
