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

/** Hyper-parameters of {@link MinMaxScaler} (scikit-learn's names in camelCase). */
export interface MinMaxScalerOptions {
  /** The [low, high] range the training minimum and maximum map to (default [0, 1]; low < high). */
  featureRange?: readonly [number, number];
  /** Clip transformed values into featureRange (default false, as scikit-learn). */
  clip?: boolean;
}

/**
 * Maps each column's training [min, max] linearly onto `featureRange` as scikit-learn 1.2's
 * `MinMaxScaler`: x · scale + offset with scale = (high − low) / (max − min), a range below
 * 10 × machine epsilon counting as 1 (so constant columns map to `low`); NaN ignored when fitting and
 * kept when transforming; values outside the training range fall outside featureRange unless `clip`.
 */
export class MinMaxScaler implements Scaler {
  readonly kind = "minmax" as const;
  readonly featureRange: readonly [number, number];
  readonly clip: boolean;
  /** Column minima of the training rows (NaN for an all-NaN column; null before fit). */
  dataMin: Float64Array | null = null;
  /** Column maxima of the training rows (null before fit). */
  dataMax: Float64Array | null = null;
  /** Per-column factor (null before fit). */
  scale: Float64Array | null = null;
  /** Per-column offset added after the factor: low − min · scale (null before fit). */
  offset: Float64Array | null = null;

  constructor(options: MinMaxScalerOptions = {}) {
    const range = options.featureRange ?? [0, 1];
    if (!(range[0] < range[1]))
      throw new RangeError(`featureRange must have low < high, got [${range[0]}, ${range[1]}]`);
    this.featureRange = [range[0], range[1]];
    this.clip = options.clip ?? false;
  }

  get featureCount(): number {
    return this.scale?.length ?? 0;
  }

  /** Learns the column minima and maxima of `X`, ignoring NaN; returns this. */
  fit(X: Matrix): this {
    checkFitInput("MinMaxScaler", X);
    const { rows, cols, data } = X;
    const dataMin = new Float64Array(cols).fill(Number.POSITIVE_INFINITY);
    const dataMax = new Float64Array(cols).fill(Number.NEGATIVE_INFINITY);
    const seen = new Uint8Array(cols);
    for (let r = 0; r < rows; r++) {
      const rowOffset = r * cols;
      for (let j = 0; j < cols; j++) {
        const value = data[rowOffset + j];
        if (Number.isNaN(value)) continue;
        seen[j] = 1;
        if (value < dataMin[j]) dataMin[j] = value;
        if (value > dataMax[j]) dataMax[j] = value;
      }
    }
    const [low, high] = this.featureRange;
    const range = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      // NumPy's nanmin/nanmax give NaN for a column without a number.
      if (seen[j] === 0) dataMin[j] = dataMax[j] = Number.NaN;
      range[j] = dataMax[j] - dataMin[j];
    }
    replaceNearZeroScales(range);
    const scale = new Float64Array(cols);
    const offset = new Float64Array(cols);
    for (let j = 0; j < cols; j++) {
      scale[j] = (high - low) / range[j];
      offset[j] = low - dataMin[j] * scale[j];
    }
    this.dataMin = dataMin;
    this.dataMax = dataMax;
    this.scale = scale;
    this.offset = offset;
    return this;
  }

  /** x · scale + offset per column into a new matrix; NaN stays NaN; throws before fit or on a column mismatch. */
  transform(X: Matrix): Matrix {
    checkTransformInput("MinMaxScaler", this.scale === null ? null : this.featureCount, X);
    const scale = this.scale!;
    const offset = this.offset!;
    const { rows, cols, data } = X;
    const out = new Float64Array(rows * cols);
    const [low, high] = this.featureRange;
    for (let r = 0; r < rows; r++) {
      const rowOffset = r * cols;
      for (let j = 0; j < cols; j++) {
        let value = data[rowOffset + j] * scale[j] + offset[j];
        // NaN stays NaN through min/max, as through np.clip.
        if (this.clip) value = Math.min(Math.max(value, low), high);
        out[rowOffset + j] = value;
      }
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
      options: { featureRange: [...this.featureRange], clip: this.clip },
      fitted:
        this.scale === null
          ? null
          : {
              dataMin: floatsToState(this.dataMin!),
              dataMax: floatsToState(this.dataMax!),
              scale: floatsToState(this.scale),
              offset: floatsToState(this.offset!),
            },
    };
  }

  /** Rebuilds a scaler from `toJSON` output; throws on another kind or malformed arrays. */
  static fromJSON(state: ScalerState): MinMaxScaler {
    checkStateKind(state, "minmax");
    const scaler = new MinMaxScaler(state.options as MinMaxScalerOptions);
    const fitted = state.fitted;
    if (fitted === null || fitted === undefined) return scaler;
    if (!Array.isArray(fitted.scale)) throw new RangeError("scaler state lacks scale");
    const cols = fitted.scale.length;
    scaler.dataMin = floatsFromState(fitted.dataMin, cols, "dataMin");
    scaler.dataMax = floatsFromState(fitted.dataMax, cols, "dataMax");
    scaler.scale = floatsFromState(fitted.scale, cols, "scale");
    scaler.offset = floatsFromState(fitted.offset, cols, "offset");
    return scaler;
  }
}
