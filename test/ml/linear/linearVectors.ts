import { type Matrix, takeRows } from "../../../src/ml/matrix.js";
import { StandardScaler } from "../../../src/ml/preprocessing/standardScaler.js";
import { type EncodedFloat, loadVectors } from "../../reference/loadVectors.js";
import { syntheticClasses } from "./syntheticClasses.js";

/** A synthetic problem as the vector script names it. */
export interface ProblemDescription {
  seed: number;
  rows: number;
  cols: number;
  classes: number;
  separation: number;
  train: number;
}

/** The model part of test/reference/linear_models_vectors.json (fields per model family). */
export interface LinearVectors {
  lda: Record<string, Record<string, unknown> & { problem: ProblemDescription }>;
  logisticRegression: Record<string, Record<string, unknown> & { problem: ProblemDescription }>;
  linearSvc: Record<string, Record<string, unknown> & { problem: ProblemDescription }>;
}

export const linearVectors = loadVectors<LinearVectors>("linear_models_vectors");

/** A split of a synthetic problem: train = the first `train` rows. */
export interface Split {
  trainX: Matrix;
  trainY: Int32Array;
  testX: Matrix;
  testY: Int32Array;
  classes: number;
}

const range = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => start + i);

/** Rebuilds a problem and splits it, standardised on the training rows (as the script) unless `raw`. */
export function splitProblem(problem: ProblemDescription, raw = false): Split {
  const { X, y } = syntheticClasses(
    problem.seed,
    problem.rows,
    problem.cols,
    problem.classes,
    problem.separation,
  );
  let trainX = takeRows(X, range(0, problem.train));
  let testX = takeRows(X, range(problem.train, problem.rows));
  if (!raw) {
    const scaler = new StandardScaler().fit(trainX);
    trainX = scaler.transform(trainX);
    testX = scaler.transform(testX);
  }
  return {
    trainX,
    trainY: y.slice(0, problem.train),
    testX,
    testY: y.slice(problem.train),
    classes: problem.classes,
  };
}

/** Nested encoded rows flattened to one Float64Array. */
export function flatten(rows: unknown): Float64Array {
  return Float64Array.from((rows as EncodedFloat[][]).flat(), (value) => Number(value));
}

/** Largest |a − e| over all entries divided by the largest |e| (a relative error for the whole array). */
export function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new RangeError(`length ${actual.length} ≠ ${expected.length}`);
  let difference = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
    scale = Math.max(scale, Math.abs(expected[i]));
  }
  return difference / (scale || 1);
}

/** Largest absolute difference. */
export function maxAbsoluteDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new RangeError(`length ${actual.length} ≠ ${expected.length}`);
  let difference = 0;
  for (let i = 0; i < expected.length; i++)
    difference = Math.max(difference, Math.abs(actual[i] - expected[i]));
  return difference;
}

/** Share of equal entries. */
export function agreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}
