import { describe, expect, it } from "vitest";
import { minimizeOwlqn, pseudoGradient } from "../../../src/ml/linear/owlqn.js";

describe("minimizeOwlqn", () => {
  it("solves a separable lasso exactly: soft thresholding, exact zeros", () => {
    // f(x) = ½ Σ aᵢ (xᵢ − bᵢ)² + λ Σ |xᵢ| (last coordinate unpenalised): xᵢ = sign(bᵢ)·max(|bᵢ| − λ/aᵢ, 0).
    const a = Float64Array.of(1, 2, 0.5, 4, 1, 3);
    const b = Float64Array.of(3, -0.2, -2, 0.1, 0.8, -5);
    const lambda = 0.9;
    const l1 = Float64Array.of(lambda, lambda, lambda, lambda, lambda, 0);
    const result = minimizeOwlqn(
      (x, g) => {
        let value = 0;
        for (let i = 0; i < x.length; i++) {
          value += 0.5 * a[i] * (x[i] - b[i]) ** 2;
          g[i] = a[i] * (x[i] - b[i]);
        }
        return value;
      },
      new Float64Array(6),
      l1,
      { maxIterations: 200, gradientTolerance: 1e-12, relativeReduction: 0 },
    );
    const expected = Array.from(b, (bi, i) =>
      l1[i] === 0 ? bi : Math.sign(bi) * Math.max(Math.abs(bi) - lambda / a[i], 0),
    );
    for (let i = 0; i < 6; i++) expect(result.x[i]).toBeCloseTo(expected[i], 10);
    expect(result.x[1]).toBe(0);
    expect(result.x[3]).toBe(0);
    expect(result.status).toBe("gradient-tolerance");
  });

  it("pseudo-gradient is zero at zero inside [−λ, λ] and one-sided outside", () => {
    const out = new Float64Array(4);
    pseudoGradient(
      Float64Array.of(0, 0, 0, 2),
      Float64Array.of(0.5, 2, -3, 1),
      Float64Array.of(1, 1, 1, 1),
      out,
    );
    expect(Array.from(out)).toEqual([0, 1, -2, 2]);
  });
});
