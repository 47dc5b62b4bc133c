import { describe, expect, it } from "vitest";
import { minimizeLbfgs } from "../../../src/ml/linear/lbfgs.js";
import { MoreThuenteSearch } from "../../../src/ml/linear/moreThuente.js";
import { decodeFloats, type EncodedFloat, loadVectors } from "../../reference/loadVectors.js";

interface LbfgsCase {
  x0: number[];
  gtol: number;
  ftol: number;
  maxiter: number;
  nit: number;
  nfev: number;
  x: EncodedFloat[];
  fun: number;
  message: string;
}

const cases = loadVectors<{ lbfgs: LbfgsCase[] }>("linear_models_vectors").lbfgs;

/** SciPy's `rosen` and `rosen_der`, term for term. */
function rosenbrock(x: Float64Array, gradient: Float64Array): number {
  const n = x.length;
  let value = 0;
  for (let i = 0; i < n - 1; i++) value += 100.0 * (x[i + 1] - x[i] ** 2.0) ** 2.0 + (1 - x[i]) ** 2.0;
  gradient.fill(0);
  for (let i = 1; i < n - 1; i++)
    gradient[i] = 200 * (x[i] - x[i - 1] ** 2) - 400 * (x[i + 1] - x[i] ** 2) * x[i] - 2 * (1 - x[i]);
  gradient[0] = -400 * x[0] * (x[1] - x[0] ** 2) - 2 * (1 - x[0]);
  gradient[n - 1] = 200 * (x[n - 1] - x[n - 2] ** 2);
  return value;
}

const STATUS: Record<string, string> = {
  "CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH": "relative-reduction",
  "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL": "gradient-tolerance",
  "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT": "max-iterations",
};

describe("minimizeLbfgs follows SciPy 1.10's L-BFGS-B without bounds", () => {
  for (const testCase of cases) {
    it(`Rosenbrock n=${testCase.x0.length}, gtol ${testCase.gtol}, ftol ${testCase.ftol}, maxiter ${testCase.maxiter}`, () => {
      const result = minimizeLbfgs(rosenbrock, Float64Array.from(testCase.x0), {
        maxIterations: testCase.maxiter,
        gradientTolerance: testCase.gtol,
        relativeReduction: testCase.ftol,
      });
      // Same iterations, evaluations and stopping rule; the point to 1e-9 (Rosenbrock's curved
      // valley amplifies rounding differences of the two-loop versus compact-form directions).
      expect(result.status).toBe(STATUS[testCase.message]);
      expect(result.iterations).toBe(testCase.nit);
      expect(result.evaluations).toBe(testCase.nfev);
      const expected = decodeFloats(testCase.x);
      for (let i = 0; i < expected.length; i++)
        expect(Math.abs(result.x[i] - expected[i])).toBeLessThan(1e-9);
    });
  }

  it("stops at once when the starting gradient is already small", () => {
    const result = minimizeLbfgs(
      (x, g) => {
        g[0] = 2 * x[0];
        return x[0] * x[0];
      },
      Float64Array.of(0),
      { maxIterations: 10, gradientTolerance: 1e-8 },
    );
    expect(result.iterations).toBe(0);
    expect(result.evaluations).toBe(1);
    expect(result.status).toBe("gradient-tolerance");
  });
});

describe("MoreThuenteSearch", () => {
  it("finds a step meeting the strong Wolfe conditions on a quadratic", () => {
    // φ(t) = (t − 3)², φ'(0) = −6: the exact minimiser t = 3 satisfies both conditions.
    const search = new MoreThuenteSearch({ ftol: 1e-3, gtol: 0.9, xtol: 0.1, stepMin: 0, stepMax: 1e10 });
    let task = search.start(9, -6, 0.1);
    let evaluations = 0;
    while (task === "evaluate" && evaluations < 20) {
      const t = search.step;
      task = search.next((t - 3) ** 2, 2 * (t - 3));
      evaluations++;
    }
    expect(task).toBe("converged");
    const t = search.step;
    expect((t - 3) ** 2).toBeLessThanOrEqual(9 - 1e-3 * 6 * t);
    expect(Math.abs(2 * (t - 3))).toBeLessThanOrEqual(0.9 * 6);
  });

  it("refuses an ascent direction", () => {
    const search = new MoreThuenteSearch({ ftol: 1e-3, gtol: 0.9, xtol: 0.1, stepMin: 0, stepMax: 10 });
    expect(() => search.start(1, 0.5, 1)).toThrow(/descent direction/);
  });
});
