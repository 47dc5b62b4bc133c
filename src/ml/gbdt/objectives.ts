/**
 * The learning objectives of XGBoost 1.7 that scifai supports: gradients and hessians of the
 * loss, the base margin and the margin → prediction transform. XGBoost computes all of these in
 * float32; `Math.fround` after every operation reproduces its results (to expf's last bit).
 */

/** XGBoost's objective names. */
export type GbdtObjective = "multi:softprob" | "binary:logistic" | "reg:squarederror";

/** The objectives scifai can train and load. */
export const GBDT_OBJECTIVES: readonly GbdtObjective[] = [
  "multi:softprob",
  "binary:logistic",
  "reg:squarederror",
];

const fround = Math.fround;
// XGBoost floors the hessian of the logistic and softmax losses so that no leaf divides by zero.
const HESSIAN_FLOOR = fround(1e-16);

/** True for the objectives whose predictions are class probabilities. */
export function isClassification(objective: GbdtObjective): boolean {
  return objective !== "reg:squarederror";
}

/**
 * The margin every row starts from, XGBoost's `ProbToMargin(base_score)` in float32: the logit for
 * binary:logistic (base score must lie in (0, 1)), the base score itself otherwise.
 */
export function baseMarginOf(objective: GbdtObjective, baseScore: number): number {
  if (objective === "binary:logistic") {
    if (!(baseScore > 0 && baseScore < 1))
      throw new RangeError(`binary:logistic needs 0 < baseScore < 1, got ${baseScore}`);
    return fround(-Math.log(fround(fround(1 / fround(baseScore)) - 1)));
  }
  return fround(baseScore);
}

/** XGBoost's float32 logistic function `1 / (1 + expf(−x))`; −∞ margins give 0, +∞ give 1. */
export function sigmoid32(margin: number): number {
  return fround(1 / fround(1 + fround(Math.exp(-fround(margin)))));
}

/**
 * In-place float32 softmax of `values[offset … offset + count)` as XGBoost's `common::Softmax`:
 * subtract the maximum, exponentiate, divide by the sum accumulated in double.
 */
export function softmax32(values: Float64Array | Float32Array, offset: number, count: number): void {
  let maximum = values[offset];
  for (let k = 1; k < count; k++) if (values[offset + k] > maximum) maximum = values[offset + k];
  let sum = 0;
  for (let k = 0; k < count; k++) {
    const e = fround(Math.exp(fround(values[offset + k] - maximum)));
    values[offset + k] = e;
    sum += e;
  }
  const total = fround(sum);
  for (let k = 0; k < count; k++) values[offset + k] = fround(values[offset + k] / total);
}

/**
 * Gradients and hessians of the loss at the current margins, written as float32 like XGBoost
 * (which also stores labels as float32).
 * `margins` and the outputs are rows × groups (groups = classes for multi:softprob, else 1);
 * labels are class indices (multi), 0/1 (binary) or values (regression). `scratch` holds one row.
 */
export function computeGradients(
  objective: GbdtObjective,
  margins: Float32Array,
  labels: Float64Array,
  groups: number,
  gradients: Float32Array,
  hessians: Float32Array,
  scratch: Float64Array,
): void {
  const rows = labels.length;
  if (objective === "multi:softprob") {
    for (let r = 0; r < rows; r++) {
      const offset = r * groups;
      for (let k = 0; k < groups; k++) scratch[k] = margins[offset + k];
      softmax32(scratch, 0, groups);
      const label = labels[r];
      for (let k = 0; k < groups; k++) {
        const p = scratch[k];
        const h = fround(fround(fround(2 * p) * fround(1 - p)));
        hessians[offset + k] = Math.max(h, HESSIAN_FLOOR);
        gradients[offset + k] = label === k ? fround(p - 1) : p;
      }
    }
  } else if (objective === "binary:logistic") {
    for (let r = 0; r < rows; r++) {
      const p = sigmoid32(margins[r]);
      gradients[r] = fround(p - fround(labels[r]));
      const h = fround(p * fround(1 - p));
      hessians[r] = Math.max(h, HESSIAN_FLOOR);
    }
  } else {
    for (let r = 0; r < rows; r++) {
      gradients[r] = fround(margins[r] - fround(labels[r]));
      hessians[r] = 1;
    }
  }
}

/**
 * Turns margins (rows × groups) into predictions in place: softmax per row for multi:softprob,
 * the logistic function for binary:logistic, identity for regression (float32 like XGBoost).
 */
export function transformMargins(objective: GbdtObjective, margins: Float64Array, groups: number): void {
  if (objective === "multi:softprob") {
    for (let offset = 0; offset < margins.length; offset += groups) softmax32(margins, offset, groups);
  } else if (objective === "binary:logistic") {
    for (let i = 0; i < margins.length; i++) margins[i] = sigmoid32(margins[i]);
  }
}

/**
 * Validates labels for an objective and returns the class count (multi:softprob: max label + 1
 * unless `numClass` is given; binary: 2; regression: 0). Throws on NaN labels, non-integer or
 * out-of-range class labels and binary labels outside [0, 1].
 */
export function checkLabels(objective: GbdtObjective, labels: Float64Array, numClass?: number): number {
  let maximum = -1;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!Number.isFinite(y)) throw new RangeError(`label ${i} is ${y}; labels must be finite`);
    if (objective === "multi:softprob") {
      if (!Number.isInteger(y) || y < 0) throw new RangeError(`label ${i} is ${y}; classes are 0, 1, 2, …`);
      if (y > maximum) maximum = y;
    } else if (objective === "binary:logistic" && (y < 0 || y > 1)) {
      throw new RangeError(`label ${i} is ${y}; binary:logistic needs labels in [0, 1]`);
    }
  }
  if (objective === "multi:softprob") {
    const classes = numClass ?? maximum + 1;
    if (maximum >= classes) throw new RangeError(`label ${maximum} does not fit numClass = ${classes}`);
    if (classes < 2) throw new RangeError(`multi:softprob needs at least 2 classes, got ${classes}`);
    return classes;
  }
  return objective === "binary:logistic" ? 2 : 0;
}
