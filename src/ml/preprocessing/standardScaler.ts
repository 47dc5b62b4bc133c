import type { Matrix } from "../matrix.js";
import type { Scaler, ScalerState } from "./scaler.js";
import {
  checkFitInput,
  checkStateKind,
  checkTransformInput,
  floatsFromState,
  floatsToState,
} from "./scalerChecks.js";

/** Hyper-parameters of {@link StandardScaler} (scikit-learn's names in camelCase). */
export interface StandardScalerOptions {
  /** Subtract the column mean (default true). */
  withMean?: boolean;
  /** Divide by the column's population standard deviation (default true). */
  withStd?: boolean;
}

/**
 * Standardises each column to mean 0 and unit variance as scikit-learn 1.2's `StandardScaler`:
 * population standard deviation (divisor n) from the corrected two-pass algorithm, NaN ignored when
 * fitting and kept when transforming, and a scale of 1 for columns that cannot be told from a
 * constant (scikit-learn's `_is_constant_feature` bound), so constant columns become 0, not NaN.
 * A column with no finite value at all gets mean and scale NaN, as in scikit-learn.
 */
export class StandardScaler implements Scaler {
  readonly kind = "standard" as const;
  readonly withMean: boolean;
  readonly withStd: boolean;
  /** Column means (null before fit or when neither centring nor scaling). */
  mean: Float64Array | null = null;
  /** Column population variances (null before fit or without `withStd`). */
  variance: Float64Array | null = null;
  /** Column divisors: the standard deviation, 1 for constant columns (null before fit or without `withStd`). */
  scale: Float64Array | null = null;
  /** Non-NaN values per column seen by fit (null before fit). */
  sampleCounts: Float64Array | null = null;

  constructor(options: StandardScalerOptions = {}) {
    this.withMean = options.withMean ?? true;
    this.withStd = options.withStd ?? true;
  }

  get featureCount(): number {
    return this.sampleCounts?.length ?? 0;
  }

  /** Learns column means and standard deviations of `X`, ignoring NaN; returns this. */
  fit(X: Matrix): this {
    checkFitInput("StandardScaler", X);
    const { rows, cols, data } = X;
    const counts = new Float64Array(cols);
    const sums = new Float64Array(cols);
    // Row by row, as NumPy reduces a C-ordered array over axis 0, so sums round as scikit-learn's.
    for (let r = 0; r < rows; r++) {
      const offset = r * cols;
      for (let j = 0; j < cols; j++) {
        const value = data[offset + j];
        if (!Number.isNaN(value)) {
          sums[j] += value;
          counts[j] += 1;
        }
      }
    }
    this.sampleCounts = counts;
    this.mean = null;
    this.variance = null;
    this.scale = null;
    if (!this.withMean && !this.withStd) return this;
    const mean = new Float64Array(cols);
    for (let j = 0; j < cols; j++) mean[j] = sums[j] / counts[j];
    this.mean = mean;
    if (!this.withStd) return this;
    // Corrected two-pass variance (Chan, Golub & LeVeque), the formula of scikit-learn's
    // _incremental_mean_and_var on a first batch: (Σd² − (Σd)²/n) / n with d = x − mean.
    const correction = new Float64Array(cols);
    const squares = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const offset = r * cols;
      for (let j = 0; j < cols; j++) {
        const deviation = data[offset + j] - mean[j];
        if (!Number.isNaN(deviation)) {
          correction[j] += deviation;
          squares[j] += deviation * deviation;
        }
      }
    }
    const variance = new Float64Array(cols);
    const scale = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      const n = counts[j];
      variance[j] = (squares[j] - (correction[j] * correction[j]) / n) / n;
      // A variance within the rounding error of the two-pass algorithm means a constant column.
      const bound = n * Number.EPSILON * variance[j] + (n * mean[j] * Number.EPSILON) ** 2;
      scale[j] = variance[j] <= bound ? 1 : Math.sqrt(variance[j]);
    }
    this.variance = variance;
    this.scale = scale;
    return this;
  }

  /** (x − mean) / scale per column into a new matrix; NaN stays NaN; throws before fit or on a column mismatch. */
  transform(X: Matrix): Matrix {
    checkTransformInput("StandardScaler", this.sampleCounts === null ? null : this.featureCount, X);
    const { rows, cols, data } = X;
    const out = new Float64Array(data);
    const mean = this.withMean ? this.mean : null;
    const scale = this.withStd ? this.scale : null;
    for (let r = 0; r < rows; r++) {
      const offset = r * cols;
      if (mean !== null) for (let j = 0; j < cols; j++) out[offset + j] -= mean[j];
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
    const counts = this.sampleCounts;
    return {
      kind: this.kind,
      options: { withMean: this.withMean, withStd: this.withStd },
      fitted:
        counts === null
          ? null
          : {
              sampleCounts: floatsToState(counts),
              mean: this.mean === null ? null : floatsToState(this.mean),
              variance: this.variance === null ? null : floatsToState(this.variance),
              scale: this.scale === null ? null : floatsToState(this.scale),
            },
    };
  }

  /** Rebuilds a scaler from `toJSON` output; throws on another kind or malformed arrays. */
  static fromJSON(state: ScalerState): StandardScaler {
    checkStateKind(state, "standard");
    const scaler = new StandardScaler(state.options as StandardScalerOptions);
    const fitted = state.fitted;
    if (fitted === null || fitted === undefined) return scaler;
    if (!Array.isArray(fitted.sampleCounts)) throw new RangeError("scaler state lacks sampleCounts");
    const cols = fitted.sampleCounts.length;
    scaler.sampleCounts = floatsFromState(fitted.sampleCounts, cols, "sampleCounts");
    const optional = (field: string) =>
      fitted[field] === null || fitted[field] === undefined
        ? null
        : floatsFromState(fitted[field], cols, field);
    scaler.mean = optional("mean");
    scaler.variance = optional("variance");
    scaler.scale = optional("scale");
    if ((scaler.withMean && scaler.mean === null) || (scaler.withStd && scaler.scale === null))
      throw new RangeError("StandardScaler state lacks the mean or scale its options need");
    return scaler;
  }
}
