import type { Matrix } from "../matrix.js";
import { MinMaxScaler } from "./minMaxScaler.js";
import { RobustScaler } from "./robustScaler.js";
import { StandardScaler } from "./standardScaler.js";

/** The scaler kinds of saved scaler states. */
export type ScalerKind = "standard" | "minmax" | "robust";

/** What a scaler's `toJSON` returns: enough to rebuild the fitted scaler with `scalerFromJSON`. */
export interface ScalerState {
  kind: ScalerKind;
  /** Hyper-parameters as given to the constructor (with defaults filled in). */
  options: Record<string, unknown>;
  /** Fitted per-feature statistics (arrays of numbers, NaN as `null`); `null` before fit. */
  fitted: Record<string, unknown> | null;
}

/**
 * A per-feature scaler in scikit-learn's fit / transform shape: learns per-column statistics from
 * training rows and maps any matrix with the same columns. NaN (missing) is ignored when fitting and
 * stays NaN when transforming. Fit it on training rows only, then transform every split with it.
 */
export interface Scaler {
  readonly kind: ScalerKind;
  /** Number of columns seen by `fit` (0 before fitting). */
  readonly featureCount: number;
  /** Learns the per-column statistics of `X` (rows × features); returns this. */
  fit(X: Matrix): this;
  /** A new matrix with every column scaled; throws before fit or on a different column count. */
  transform(X: Matrix): Matrix;
  /** `fit(X)` then `transform(X)`. */
  fitTransform(X: Matrix): Matrix;
  /** The scaler and its fitted statistics as plain JSON data. */
  toJSON(): ScalerState;
}

/** Rebuilds a scaler of any kind from its `toJSON` state; throws on an unknown kind. */
export function scalerFromJSON(state: ScalerState): Scaler {
  switch (state?.kind) {
    case "standard":
      return StandardScaler.fromJSON(state);
    case "minmax":
      return MinMaxScaler.fromJSON(state);
    case "robust":
      return RobustScaler.fromJSON(state);
    default:
      throw new RangeError(`unknown scaler kind ${JSON.stringify(state?.kind)}`);
  }
}
