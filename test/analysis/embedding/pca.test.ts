import { describe, expect, it } from "vitest";
import { PCA, pca } from "../../../src/analysis/embedding/pca.js";
import { matrix } from "../../../src/ml/matrix.js";
import { createRandom } from "../../../src/util/random.js";
import {
  decodeFloat,
  decodeFloats,
  expectAllClose,
  expectClose,
  vectors,
} from "../statistics/analysisVectors.js";

/**
 * scikit-learn takes LAPACK's SVD; ours is Householder QR + one-sided Jacobi (or the eigenvectors
 * of XᵀX for tall tables). Both are backward stable, so values agree to ~1e-12 relative; components
 * and scores are compared to 1e-10 of their scale (a bound set by the conditioning, not the code).
 */
const VALUE_TOLERANCE = 1e-11;
const VECTOR_TOLERANCE = 1e-10;

function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i]));
  return m;
}

describe("PCA against sklearn.decomposition.PCA(svd_solver='full') 1.2", () => {
  for (const c of vectors.pca) {
    it(`${c.name} (${c.rows} × ${c.cols}, ${c.n_components} components${c.scale ? ", scaled" : ""})`, () => {
      const X = matrix(decodeFloats(c.X), c.rows, c.cols);
      const { model, scores } = pca(X, { components: c.n_components, scale: c.scale });
      expectAllClose(
        model.singularValues!,
        decodeFloats(c.singular_values),
        VALUE_TOLERANCE,
        "singular values",
      );
      expectAllClose(
        model.explainedVariance!,
        decodeFloats(c.explained_variance),
        VALUE_TOLERANCE,
        "variance",
      );
      expectAllClose(
        model.explainedVarianceRatio!,
        decodeFloats(c.explained_variance_ratio),
        VALUE_TOLERANCE,
        "ratio",
      );
      const expectedComponents = decodeFloats(c.components);
      // Unit vectors: absolute tolerance. The sign must match (svd_flip).
      expectAllClose(model.components!.data, expectedComponents, 0, "components", VECTOR_TOLERANCE);
      const expectedScores = decodeFloats(c.scores);
      expectAllClose(scores.data, expectedScores, 0, "scores", VECTOR_TOLERANCE * maxAbs(expectedScores));
      // The noise variance of discarded components near zero variance is compared absolutely.
      const noise = decodeFloat(c.noise_variance);
      expectClose(
        model.noiseVariance,
        noise,
        VALUE_TOLERANCE,
        "noise variance",
        1e-12 * model.explainedVariance![0],
      );
      if (!c.scale) expectAllClose(model.mean!, decodeFloats(c.mean), 1e-14, "mean", 1e-14);
      // transform() reproduces the fitted scores.
      expectAllClose(model.transform(X).data, scores.data, 0, "transform", 1e-12 * maxAbs(expectedScores));
    });
  }

  it("takes the cross-product path for tall tables and still agrees with the direct SVD", () => {
    const random = createRandom(7);
    const rows = 200_001;
    const cols = 21;
    const data = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const a = random.normal() * 3;
      const b = random.normal();
      for (let j = 0; j < cols; j++)
        data[r * cols + j] = a * Math.sin(j + 1) + b * Math.cos(j) + 0.1 * random.normal();
    }
    const X = matrix(data, rows, cols);
    const start = performance.now();
    const tall = new PCA({ components: 3 }).fit(X);
    const elapsed = performance.now() - start;
    const direct = new PCA({ components: 3 }).fit(matrix(data.slice(0, 150_000 * cols), 150_000, cols));
    expect(tall.explainedVarianceRatio![0]).toBeGreaterThan(0.8);
    // Different rows, same population: leading directions agree closely (and with the same sign).
    for (let j = 0; j < cols; j++)
      expect(Math.abs(tall.components!.data[j] - direct.components!.data[j])).toBeLessThan(0.01);
    expect(elapsed).toBeLessThan(20_000);
  });

  it("refuses NaN, too many components and centres only when asked", () => {
    expect(() => pca(matrix(Float64Array.of(1, Number.NaN, 3, 4), 2, 2))).toThrow(RangeError);
    expect(() => pca(matrix(Float64Array.of(1, 2, 3, 4), 2, 2), { components: 3 })).toThrow(RangeError);
    const { model } = pca(matrix(Float64Array.of(1, 1, 2, 2, 3, 3), 3, 2), { components: 1, center: false });
    expect(Array.from(model.mean!)).toEqual([0, 0]);
    expect(Math.abs(model.components!.data[0])).toBeCloseTo(Math.SQRT1_2, 14);
  });
});
