import { describe, expect, it } from "vitest";
import { householderR, multiply, singularValueDecomposition } from "../../../src/ml/linear/denseAlgebra.js";
import { SeededRandom } from "../../../src/util/random.js";

function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  return Float64Array.from({ length: rows * cols }, () => random.normal());
}

/** Checks A·v_c = σ_c·u_c with orthonormal u and v for every singular triple above `floor`. */
function expectValidSvd(a: Float64Array, m: number, n: number, floor = 1e-10): void {
  const { values, rightVectors } = singularValueDecomposition(a, m, n);
  const k = Math.min(m, n);
  expect(values.length).toBe(k);
  for (let c = 1; c < k; c++) expect(values[c]).toBeLessThanOrEqual(values[c - 1]);
  const av = multiply(a, rightVectors, m, n, k);
  for (let c = 0; c < k; c++) {
    if (values[c] <= floor) continue;
    for (let d = 0; d < k; d++) {
      if (values[d] <= floor) continue;
      let vv = 0;
      let uu = 0;
      for (let j = 0; j < n; j++) vv += rightVectors[j * k + c] * rightVectors[j * k + d];
      for (let i = 0; i < m; i++) uu += av[i * k + c] * av[i * k + d];
      expect(vv).toBeCloseTo(c === d ? 1 : 0, 12);
      expect(uu / (values[c] * values[d])).toBeCloseTo(c === d ? 1 : 0, 12);
    }
  }
}

describe("dense algebra", () => {
  it("singular values of a known 2 × 2 matrix", () => {
    const { values } = singularValueDecomposition(Float64Array.of(3, 0, 4, 5), 2, 2);
    expect(values[0]).toBeCloseTo(3 * Math.sqrt(5), 14);
    expect(values[1]).toBeCloseTo(Math.sqrt(5), 14);
  });

  it("tall, wide and rank-deficient matrices", () => {
    expectValidSvd(randomMatrix(40, 7, 1), 40, 7);
    expectValidSvd(randomMatrix(3, 9, 2), 3, 9);
    const a = randomMatrix(25, 6, 3);
    for (let i = 0; i < 25; i++) a[i * 6 + 5] = a[i * 6 + 1] - 2 * a[i * 6 + 2];
    const { values } = singularValueDecomposition(a, 25, 6);
    expect(values[5]).toBeLessThan(1e-13 * values[0]);
    expectValidSvd(a, 25, 6);
  });

  it("R of the QR factorisation satisfies RᵀR = AᵀA", () => {
    const m = 12;
    const n = 4;
    const a = randomMatrix(m, n, 4);
    const columnMajor = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) columnMajor[j * m + i] = a[i * n + j];
    const r = householderR(columnMajor, m, n);
    for (let p = 0; p < n; p++) {
      for (let q = 0; q < n; q++) {
        let rr = 0;
        let aa = 0;
        for (let i = 0; i < n; i++) rr += r[p * n + i] * r[q * n + i];
        for (let i = 0; i < m; i++) aa += a[i * n + p] * a[i * n + q];
        expect(rr).toBeCloseTo(aa, 11);
      }
    }
  });
});
