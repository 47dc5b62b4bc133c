import { describe, expect, it } from "vitest";
import { chartDomain, finiteExtent } from "../../../src/report/svg/dataExtent.js";

describe("extents and domains", () => {
  it("finds the finite range across arrays and counts what it skipped", () => {
    expect(finiteExtent([3, Number.NaN, -1], [Number.NEGATIVE_INFINITY, 7])).toEqual({
      min: -1,
      max: 7,
      finite: 3,
      nonFinite: 2,
    });
    const none = finiteExtent([Number.NaN]);
    expect(none.min).toBeNaN();
    expect(none.finite).toBe(0);
  });

  it("rounds domains to ticks, includes zero on request, and widens single values", () => {
    expect(chartDomain(0.13, 0.87)).toEqual([0, 1]);
    expect(chartDomain(2.3, 7.6, { includeZero: true })).toEqual([0, 8]);
    expect(chartDomain(-3, -1, { includeZero: true })).toEqual([-3, 0]);
    // ±10 % (4.5–5.5), then rounded out to the 0.2 tick step.
    expect(chartDomain(5, 5)).toEqual([4.4, 5.6]);
    expect(chartDomain(0, 0)).toEqual([-1, 1]);
    expect(chartDomain(5, 5, { includeZero: true })).toEqual([0, 5]);
    expect(chartDomain(Number.NaN, 1)).toEqual([0, 1]);
    const padded = chartDomain(0, 10, { padding: 0.1 });
    expect(padded[0]).toBeLessThan(0);
    expect(padded[1]).toBeGreaterThan(10);
    expect(chartDomain(0, 10, { padding: 0.1, includeZero: true })[0]).toBe(0);
  });
});
