import type { Matrix } from "../matrix.js";
import type { ScalerKind, ScalerState } from "./scaler.js";

/** Throws a clear error when a scaler is used before fit or on a matrix with another column count. */
export function checkTransformInput(name: string, fittedColumns: number | null, X: Matrix): void {
  if (fittedColumns === null)
    throw new Error(`${name} is not fitted yet: call fit(X) on the training rows before transform`);
  if (X.cols !== fittedColumns)
    throw new RangeError(`${name} was fitted on ${fittedColumns} columns, got a matrix with ${X.cols}`);
  checkShape(name, X);
}

/** Throws when `X` has no rows (nothing to learn from) or a data length that does not fit its shape. */
export function checkFitInput(name: string, X: Matrix): void {
  checkShape(name, X);
  if (X.rows === 0) throw new RangeError(`${name}.fit needs at least one row, got 0`);
}

function checkShape(name: string, X: Matrix): void {
  if (X.data.length !== X.rows * X.cols)
    throw new RangeError(`${name} got ${X.data.length} values for a ${X.rows} × ${X.cols} matrix`);
}

/** Throws unless `state` is a fitted or unfitted state of the given scaler kind. */
export function checkStateKind(state: ScalerState, kind: ScalerKind): void {
  if (state?.kind !== kind)
    throw new RangeError(`expected a scaler state of kind "${kind}", got ${JSON.stringify(state?.kind)}`);
}

/** A state's array field as a Float64Array (`null` entries become NaN); throws on a wrong length. */
export function floatsFromState(value: unknown, length: number, field: string): Float64Array {
  if (!Array.isArray(value) || value.length !== length)
    throw new RangeError(`scaler state field ${field} must be an array of ${length} numbers`);
  return Float64Array.from(value, (entry) => (entry === null ? Number.NaN : Number(entry)));
}

/** A Float64Array as a plain array for JSON; NaN becomes `null` because JSON has no NaN. */
export function floatsToState(values: Float64Array): (number | null)[] {
  return Array.from(values, (value) => (Number.isNaN(value) ? null : value));
}

/**
 * Replaces near-zero scales by 1 as scikit-learn's `_handle_zeros_in_scale` without a constant
 * mask does: a scale below 10 × machine epsilon would blow a constant column up to noise.
 */
export function replaceNearZeroScales(scales: Float64Array): void {
  for (let j = 0; j < scales.length; j++) if (scales[j] < 10 * Number.EPSILON) scales[j] = 1;
}
