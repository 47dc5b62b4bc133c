import { describe, expect, it } from "vitest";
import { LinearDiscriminantAnalysis } from "../../../src/ml/linear/lda.js";
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

/** The script's "collinear" columns: a copy of column 3, 2·x5 − x7 and the constant 4.25. */
function withCollinearColumns(X: Matrix): Matrix {
  const cols = X.cols + 3;
  const data = new Float64Array(X.rows * cols);
  for (let i = 0; i < X.rows; i++) {
    const source = i * X.cols;
    data.set(X.data.subarray(source, source + X.cols), i * cols);
    data[i * cols + X.cols] = X.data[source + 3];
    data[i * cols + X.cols + 1] = 2.0 * X.data[source + 5] - X.data[source + 7];
    data[i * cols + X.cols + 2] = 4.25;
  }
  return { data, rows: X.rows, cols };
}

function splitOf(name: string): Split {
  const reference = linearVectors.lda[name];
  const split = splitProblem(reference.problem, true);
  if (reference.extraColumns !== "collinear") return split;
  return { ...split, trainX: withCollinearColumns(split.trainX), testX: withCollinearColumns(split.testX) };
}

describe("LinearDiscriminantAnalysis matches scikit-learn's svd solver", () => {
  // Jacobi SVD versus LAPACK: coefficients and probabilities agree to ~1e-14 today; 1e-9 relative
  // is the project's parity tolerance. The collinear case has a singular within-class scatter
  // (duplicate and dependent columns) and a constant column (std 0 → 1).
  for (const name of ["multiclass", "binary", "collinear", "wide"]) {
    it(name, () => {
      const reference = linearVectors.lda[name];
      const split = splitOf(name);
      const model = new LinearDiscriminantAnalysis().fit(split.trainX, split.trainY, split.classes);
      expect(model.components).toBe(reference.components);
      expect(relativeError(model.priors, Float64Array.from(reference.priors as number[]))).toBe(0);
      expect(relativeError(model.means, flatten(reference.means))).toBeLessThan(1e-12);
      expect(relativeError(model.overallMean, Float64Array.from(reference.xbar as number[]))).toBeLessThan(
        1e-12,
      );
      expect(relativeError(model.coef, flatten(reference.coef))).toBeLessThan(1e-9);
      expect(relativeError(model.intercept, Float64Array.from(reference.intercept as number[]))).toBeLessThan(
        1e-9,
      );
      expect(
        relativeError(
          model.explainedVarianceRatio,
          Float64Array.from(reference.explainedVarianceRatio as number[]),
        ),
      ).toBeLessThan(1e-9);
      const expected = flatten(reference.proba);
      const proba = model.predictProba(split.testX);
      expect(maxAbsoluteDifference(proba.subarray(0, expected.length), expected)).toBeLessThan(1e-9);
      expect(Array.from(model.predict(split.testX))).toEqual(reference.predict);
      expect(agreement(model.predict(split.testX), split.testY)).toBe(reference.accuracy);
    });
  }
});

describe("LinearDiscriminantAnalysis as a Classifier", () => {
  it("is deterministic and round-trips through toJSON / fromJSON", () => {
    const split = splitOf("multiclass");
    const first = new LinearDiscriminantAnalysis().fit(split.trainX, split.trainY, split.classes);
    const second = new LinearDiscriminantAnalysis().fit(split.trainX, split.trainY, split.classes);
    const state = JSON.stringify(first.toJSON());
    expect(JSON.stringify(second.toJSON())).toBe(state);
    const restored = LinearDiscriminantAnalysis.fromJSON(JSON.parse(state));
    expect(restored.predictProba(split.testX)).toEqual(first.predictProba(split.testX));
    expect(restored.transform(split.testX)).toEqual(first.transform(split.testX));
  });

  it("projects onto classes − 1 discriminant directions", () => {
    const split = splitOf("multiclass");
    const model = new LinearDiscriminantAnalysis().fit(split.trainX, split.trainY, split.classes);
    const projected = model.transform(split.trainX);
    expect(projected.cols).toBe(8);
    // Whitened within-class space: the projected training rows have unit pooled within-class variance.
    const sums = new Float64Array(9 * 8);
    const counts = new Float64Array(9);
    for (let i = 0; i < projected.rows; i++) {
      counts[split.trainY[i]]++;
      for (let c = 0; c < 8; c++) sums[split.trainY[i] * 8 + c] += projected.data[i * 8 + c];
    }
    let scatter = 0;
    for (let i = 0; i < projected.rows; i++) {
      const k = split.trainY[i];
      const deviation = projected.data[i * 8] - sums[k * 8] / counts[k];
      scatter += deviation * deviation;
    }
    expect(scatter / (projected.rows - 9)).toBeCloseTo(1, 9);
  });

  it("gives probability 0 to a class absent from the training rows and throws on NaN", () => {
    const split = splitOf("binary");
    const model = new LinearDiscriminantAnalysis().fit(split.trainX, split.trainY, 3);
    const proba = model.predictProba(split.testX);
    for (let r = 0; r < 10; r++) {
      expect(proba[r * 3 + 2]).toBe(0);
      expect(proba[r * 3] + proba[r * 3 + 1]).toBeCloseTo(1, 15);
    }
    const X = matrixFromRows([
      [1, 2],
      [Number.POSITIVE_INFINITY, 0],
      [0, 1],
    ]);
    expect(() => new LinearDiscriminantAnalysis().fit(X, Int32Array.of(0, 1, 1), 2)).toThrow(
      /X\[1, 0\] is Infinity/,
    );
    expect(() => new LinearDiscriminantAnalysis().predict(X)).toThrow(/not fitted/);
  });
});
