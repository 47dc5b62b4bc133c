import { describe, expect, it } from "vitest";
import { binomialProbability, binomialUpperTail } from "../../../src/ml/metrics/binomialTail.js";
import { decodeFloat } from "../../reference/loadVectors.js";
import { BINOMIAL_CASES } from "./metricsVectors.js";

function relativeError(actual: number, expected: number): number {
  if (actual === expected) return 0;
  return Math.abs(actual - expected) / Math.abs(expected);
}

/** Exact rational P(X ≥ k) for p = a/b with BigInt, then rounded: an independent check. */
function exactTail(k: number, n: number, a: number, b: number): number {
  let numerator = 0n;
  let binomial = 1n; // C(n, x), updated as x grows
  for (let x = 0; x <= n; x++) {
    if (x > 0) binomial = (binomial * BigInt(n - x + 1)) / BigInt(x);
    if (x >= k) numerator += binomial * BigInt(a) ** BigInt(x) * BigInt(b - a) ** BigInt(n - x);
  }
  const denominator = BigInt(b) ** BigInt(n);
  // Scale to 60 significant digits before converting.
  const scale = 10n ** 60n;
  return Number((numerator * scale) / denominator) / 1e60;
}

describe("binomialUpperTail", () => {
  it("equals the exact tail to 5e-14 and SciPy's binomtest to 1e-12 (relative)", () => {
    // SciPy (Boost's incomplete beta) itself is up to 4e-13 from the exact value in these cases;
    // ours stays within 5e-14 (the worst, P(X = n) = p^n for n = 5000, is exp of a float log).
    let worstExact = 0;
    for (const c of BINOMIAL_CASES) {
      const p = decodeFloat(c.p);
      const tail = binomialUpperTail(c.k, c.n, p);
      const exact = decodeFloat(c.exact);
      const scipy = decodeFloat(c.scipy);
      const what = `P(X ≥ ${c.k}), X ~ B(${c.n}, ${p})`;
      worstExact = Math.max(worstExact, relativeError(tail, exact));
      expect(relativeError(tail, exact), `${what}: ${tail} vs exact ${exact}`).toBeLessThanOrEqual(5e-14);
      expect(relativeError(tail, scipy), `${what}: ${tail} vs scipy ${scipy}`).toBeLessThanOrEqual(1e-12);
    }
  });

  it("agrees with exact rational sums (BigInt) for rational p", () => {
    for (const [k, n, a, b] of [
      [3, 12, 1, 3],
      [9, 12, 1, 3],
      [40, 60, 7, 13],
      [20, 60, 7, 13],
      [150, 200, 3, 5],
      [100, 200, 3, 5],
    ]) {
      expect(relativeError(binomialUpperTail(k, n, a / b), exactTail(k, n, a, b))).toBeLessThan(1e-13);
    }
  });

  it("handles the edges: k ≤ 0, k > n, p = 0 and p = 1", () => {
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(-2, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
    expect(binomialUpperTail(1, 10, 0)).toBe(0);
    expect(binomialUpperTail(10, 10, 1)).toBe(1);
    expect(binomialUpperTail(0, 0, 0.5)).toBe(1);
    expect(() => binomialUpperTail(1.5, 10, 0.3)).toThrow(/integer/);
    expect(() => binomialUpperTail(1, 10, 1.5)).toThrow(/\[0, 1\]/);
    expect(() => binomialUpperTail(1, 10, Number.NaN)).toThrow(/\[0, 1\]/);
  });
});

describe("binomialProbability", () => {
  it("sums to 1 and matches the closed form for small n", () => {
    const n = 17;
    const p = 0.37;
    let total = 0;
    let choose = 1;
    for (let x = 0; x <= n; x++) {
      if (x > 0) choose = (choose * (n - x + 1)) / x;
      const mass = binomialProbability(x, n, p);
      expect(relativeError(mass, choose * p ** x * (1 - p) ** (n - x))).toBeLessThan(1e-13);
      total += mass;
    }
    expect(Math.abs(total - 1)).toBeLessThan(1e-14);
    expect(binomialProbability(2.5, 10, 0.5)).toBe(0);
    expect(binomialProbability(0, 10, 0)).toBe(1);
    expect(binomialProbability(10, 10, 1)).toBe(1);
  });
});
