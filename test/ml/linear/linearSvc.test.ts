import { describe, expect, it } from "vitest";
import { LinearSVC } from "../../../src/ml/linear/linearSvc.js";
import { type Matrix, matrixFromRows } from "../../../src/ml/matrix.js";
import {
  agreement,
  flatten,
  linearVectors,
  maxAbsoluteDifference,
  relativeError,
  type Split,
  splitProblem,
} from "./linearVectors.js";

const cases = linearVectors.linearSvc;
const splits = new Map<string, Split>();
function splitOf(name: string): Split {
  if (!splits.has(name)) splits.set(name, splitProblem(cases[name].problem));
  return splits.get(name)!;
}

/** ½‖w̃‖² + C Σ max(0, 1 − y w̃·x̃)² per one-vs-rest problem, as the vector script computes it. */
function primalObjectives(model: LinearSVC, X: Matrix, y: Int32Array): number[] {
  const decision = model.decisionFunction(X);
  const rows = model.parameterRows;
  const scaling = model.options.interceptScaling;
  return Array.from({ length: rows }, (_, k) => {
    let squares = (model.intercept[k] / scaling) ** 2;
    for (let j = 0; j < X.cols; j++) squares += model.coef[k * X.cols + j] ** 2;
    let loss = 0;
    const positive = rows === 1 ? model.classes[1] : model.classes[k];
    for (let i = 0; i < X.rows; i++) {
      const hinge = Math.max(0, 1 - (y[i] === positive ? 1 : -1) * decision[i * rows + k]);
      loss += hinge * hinge;
    }
    return 0.5 * squares + model.options.C * loss;
  });
}

function worstRelativeGap(actual: number[], expected: number[]): number {
  return Math.max(...actual.map((value, k) => Math.abs(value / expected[k] - 1)));
}

describe("LinearSVC matches scikit-learn's liblinear (squared hinge, dual coordinate descent)", () => {
  // The row order of each pass comes from our generator, so weights agree with scikit-learn's only
  // to the solver tolerance: both are run to a tight tolerance for the weight comparison.
  it("binary, tight tolerance: weights within 1e-9 relative", () => {
    const reference = cases.binary;
    const split = splitOf("binary");
    const model = new LinearSVC({ tol: 1e-10, maxIter: 200000 }).fit(split.trainX, split.trainY, 2);
    expect(model.reports[0].converged).toBe(true);
    expect(relativeError(model.coef, flatten(reference.coef))).toBeLessThan(1e-9);
    expect(relativeError(model.intercept, Float64Array.from(reference.intercept as number[]))).toBeLessThan(
      1e-9,
    );
    const decision = model.decisionFunction(split.testX);
    const expected = flatten(reference.decision);
    expect(maxAbsoluteDifference(decision.subarray(0, expected.length), expected)).toBeLessThan(1e-9);
    expect(Array.from(model.predict(split.testX))).toEqual(reference.predict);
  });

  it("9 classes, tolerance 1e-8: weights within 1e-6 relative of scikit-learn's tight fit", () => {
    const reference = cases.multiclass;
    const split = splitOf("multiclass");
    const model = new LinearSVC({ tol: 1e-8, maxIter: 200000 }).fit(split.trainX, split.trainY, 9);
    expect(model.reports.every((report) => report.converged)).toBe(true);
    expect(relativeError(model.coef, flatten(reference.coef))).toBeLessThan(1e-6);
    expect(
      worstRelativeGap(primalObjectives(model, split.trainX, split.trainY), reference.objectives as number[]),
    ).toBeLessThan(1e-12);
    expect(Array.from(model.predict(split.testX))).toEqual(reference.predict);
  });

  for (const name of ["multiclass", "binary"]) {
    it(`${name}, default options: objective within 1e-4 relative, ≥ 99% equal held-out predictions`, () => {
      const reference = cases[name];
      const split = splitOf(name);
      const model = new LinearSVC().fit(split.trainX, split.trainY, split.classes);
      // Both stop at max_iter 1000 on some classes; the optimum is the tight reference.
      const gap = worstRelativeGap(
        primalObjectives(model, split.trainX, split.trainY),
        reference.objectives as number[],
      );
      expect(gap).toBeLessThan(1e-4);
      expect(
        agreement(model.predict(split.testX), reference.defaultPredict as number[]),
      ).toBeGreaterThanOrEqual(0.99);
      expect(agreement(model.predict(split.testX), split.testY)).toBeGreaterThanOrEqual(
        (reference.defaultAccuracy as number) - 0.005,
      );
    });
  }
});

describe("LinearSVC as a Classifier", () => {
  it("is deterministic for a seed and round-trips through toJSON / fromJSON", () => {
    const split = splitOf("binary");
    const first = new LinearSVC({ seed: 7, maxIter: 300 }).fit(split.trainX, split.trainY, 2);
    const second = new LinearSVC({ seed: 7, maxIter: 300 }).fit(split.trainX, split.trainY, 2);
    const state = JSON.stringify(first.toJSON());
    expect(JSON.stringify(second.toJSON())).toBe(state);
    const other = new LinearSVC({ seed: 8, maxIter: 300 }).fit(split.trainX, split.trainY, 2);
    expect(JSON.stringify(other.toJSON())).not.toBe(state);
    const restored = LinearSVC.fromJSON(JSON.parse(state));
    expect(restored.predictProba(split.testX)).toEqual(first.predictProba(split.testX));
    expect(restored.predict(split.testX)).toEqual(first.predict(split.testX));
  });

  it("predictProba is the softmax of the decision values (scores, not calibrated probabilities)", () => {
    const split = splitOf("binary");
    const model = new LinearSVC({ maxIter: 200 }).fit(split.trainX, split.trainY, 2);
    const decision = model.decisionFunction(split.testX);
    const proba = model.predictProba(split.testX);
    for (let r = 0; r < 5; r++)
      expect(proba[2 * r + 1]).toBeCloseTo(1 / (1 + Math.exp(-2 * decision[r])), 14);
    const toy = matrixFromRows([
      [0, 0],
      [1, 0],
      [0, 1],
      [2, 2],
    ]);
    const three = new LinearSVC().fit(toy, Int32Array.of(0, 1, 2, 2), 4);
    const scores = three.predictProba(toy);
    for (let r = 0; r < 4; r++) {
      expect(scores[r * 4 + 3]).toBe(0);
      expect(scores[r * 4] + scores[r * 4 + 1] + scores[r * 4 + 2]).toBeCloseTo(1, 14);
    }
  });

  it("rejects NaN and unfitted use", () => {
    const X = matrixFromRows([[Number.NaN], [1]]);
    expect(() => new LinearSVC().fit(X, Int32Array.of(0, 1), 2)).toThrow(/is NaN/);
    expect(() => new LinearSVC().decisionFunction(X)).toThrow(/not fitted/);
  });
});
