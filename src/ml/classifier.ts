import type { Matrix } from "./matrix.js";

/** The classifier kinds of model files and of `scifai train --model`. */
export type ClassifierKind = "gbdt" | "lr" | "rf" | "svm" | "lda";

/** Data besides the training set that a classifier may use while fitting. */
export interface ClassifierFitOptions {
  /** A validation set (early stopping for gbdt; ignored by models without it). */
  validation?: { X: Matrix; y: Int32Array };
}

/** What `toJSON` returns: enough to rebuild the fitted model with its kind's `fromJSON`. */
export interface ClassifierState {
  kind: ClassifierKind;
  /** Hyper-parameters as given to the constructor (with defaults filled in). */
  options: Record<string, unknown>;
  /** Fitted parameters (plain numbers and arrays only). */
  fitted: Record<string, unknown>;
}

/**
 * A classifier over dense feature matrices (row-major, NaN = missing) with classes 0…classCount−1,
 * in scikit-learn's fit / predict / predict_proba shape. Deterministic for a given seed.
 */
export interface Classifier {
  readonly kind: ClassifierKind;
  /** Learns from `X` (rows × features) and class indices `y`; returns this. */
  fit(X: Matrix, y: Int32Array, classCount: number, options?: ClassifierFitOptions): this;
  /** The most probable class of each row. */
  predict(X: Matrix): Int32Array;
  /** Class probabilities, rows × classCount row-major; every row sums to 1. */
  predictProba(X: Matrix): Float64Array;
  /** The fitted model as plain JSON data. */
  toJSON(): ClassifierState;
}
