import { describe, expect, it } from "vitest";
import { leaveOneGroupOutCV } from "../../../src/analysis/regression/leaveOneGroupOut.js";
import { matrix } from "../../../src/ml/matrix.js";
import {
  decodeFloat,
  decodeFloats,
  expectAllClose,
  expectClose,
  type LogoReference,
  vectors,
} from "../statistics/analysisVectors.js";

const v = vectors.logo;
const X = matrix(decodeFloats(v.X), v.rows, v.cols);
const y = decodeFloats(v.y);

/** Same folds, same scaler, same solvers as the Python loop: predictions agree to rounding. */
function compare(result: ReturnType<typeof leaveOneGroupOutCV>, reference: LogoReference): void {
  expect(result.groupLabels).toEqual(reference.group_labels);
  expect(Array.from(result.chosenAlphas)).toEqual(Array.from(decodeFloats(reference.chosen_alphas)));
  expectAllClose(result.predictions, decodeFloats(reference.predictions), 0, "predictions", 1e-9);
  expectClose(result.spearmanR, decodeFloat(reference.spearman), 1e-12, "spearman");
  expectClose(result.r2, decodeFloat(reference.r2), 1e-9, "r2");
}

describe("leaveOneGroupOutCV against a scikit-learn nested leave-one-donor-out loop", () => {
  it("lasso", () => {
    compare(leaveOneGroupOutCV(X, y, v.groups, { alphas: v.alphas, model: "lasso" }), v.lasso);
  });

  it("ridge", () => {
    compare(leaveOneGroupOutCV(X, y, v.groups, { alphas: v.ridge_alphas, model: "ridge" }), v.ridge);
  });

  it("predicts a planted signal well and reports the inner errors per fold and alpha", () => {
    const result = leaveOneGroupOutCV(X, y, v.groups, { alphas: v.alphas });
    expect(result.r2).toBeGreaterThan(0.5);
    expect(result.spearmanR).toBeGreaterThan(0.7);
    expect(result.innerMeanSquaredError.length).toBe(result.groupLabels.length * v.alphas.length);
    expect(result.predictions.every(Number.isFinite)).toBe(true);
  });

  it("refuses fewer than three groups and mismatched lengths", () => {
    const groups = v.groups.map((g) => (g === "D1" ? "D1" : "D2"));
    expect(() => leaveOneGroupOutCV(X, y, groups, { alphas: [1] })).toThrow(RangeError);
    expect(() => leaveOneGroupOutCV(X, y.subarray(1), v.groups, { alphas: [1] })).toThrow(RangeError);
    expect(() => leaveOneGroupOutCV(X, y, v.groups, { alphas: [] })).toThrow(RangeError);
  });
});
