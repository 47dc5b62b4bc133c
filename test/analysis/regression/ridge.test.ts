import { describe, expect, it } from "vitest";
import { choleskySolve } from "../../../src/analysis/regression/cholesky.js";
import { Ridge, ridge } from "../../../src/analysis/regression/ridge.js";
import { matrix } from "../../../src/ml/matrix.js";
import {
  decodeFloat,
  decodeFloats,
  expectAllClose,
  expectClose,
  vectors,
} from "../statistics/analysisVectors.js";

/**
 * Closed form on both sides (scikit-learn: LAPACK's Cholesky solve); the systems are well
 * conditioned except for the nearly collinear pair at small α, hence 1e-9 relative + 1e-9 absolute.
 */
const TOLERANCE = 1e-9;

describe("Ridge against sklearn.linear_model.Ridge 1.2", () => {
  for (const c of vectors.ridge) {
    it(c.name, () => {
      const data = vectors.regression_data[c.data];
      const X = matrix(decodeFloats(data.X), data.rows, data.cols);
      const fit = ridge(X, decodeFloats(data.y), { alpha: c.alpha, fitIntercept: c.fit_intercept });
      expectAllClose(fit.coefficients, decodeFloats(c.coef), TOLERANCE, "coef", TOLERANCE);
      expectClose(fit.intercept, decodeFloat(c.intercept), TOLERANCE, "intercept", TOLERANCE);
    });
  }

  it("predicts with the fitted line and refuses a singular unpenalised system", () => {
    const X = matrix(Float64Array.of(0, 1, 2, 3), 4, 1);
    const model = new Ridge({ alpha: 0 }).fit(X, [1, 3, 5, 7]);
    expect(model.result!.coefficients[0]).toBeCloseTo(2, 12);
    expect(model.result!.intercept).toBeCloseTo(1, 12);
    expect(model.predict(matrix(Float64Array.of(10), 1, 1))[0]).toBeCloseTo(21, 11);
    expect(() => new Ridge({ alpha: 0 }).fit(matrix(Float64Array.of(1, 1, 2, 2), 2, 2), [1, 2])).toThrow(
      RangeError,
    );
  });

  it("choleskySolve solves a small SPD system", () => {
    const x = choleskySolve(Float64Array.of(4, 2, 2, 3), Float64Array.of(2, 1), 2);
    expect(x[0]).toBeCloseTo(0.5, 15);
    expect(x[1]).toBeCloseTo(0, 15);
  });
});
