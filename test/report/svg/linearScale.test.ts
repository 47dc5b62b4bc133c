import { describe, expect, it } from "vitest";
import {
  linearScale,
  niceDomain,
  niceTicks,
  tickIncrement,
  tickStep,
} from "../../../src/report/svg/linearScale.js";

// Expected values follow d3-array's `ticks` and d3-scale's `nice` (same algorithm), worked by hand.
describe("niceTicks", () => {
  it("chooses steps of 1, 2 or 5 × 10^k by the requested count", () => {
    const tenths = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
    expect(niceTicks(0, 1, 10)).toEqual(tenths);
    expect(niceTicks(0, 1, 8)).toEqual(tenths);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0, 1, 3)).toEqual([0, 0.5, 1]);
    expect(niceTicks(0, 1, 1)).toEqual([0, 1]);
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 10, 2)).toEqual([0, 5, 10]);
    expect(niceTicks(-10, 10, 5)).toEqual([-10, -5, 0, 5, 10]);
    expect(niceTicks(-10, 10, 2)).toEqual([-10, 0, 10]);
    expect(niceTicks(-10, 10, 1)).toEqual([0]);
    expect(niceTicks(1, 9, 5)).toEqual([2, 4, 6, 8]);
  });

  it("keeps decimal ticks exact and stays inside the interval", () => {
    const ticks = niceTicks(0.1, 0.7, 6);
    expect(ticks).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7]);
    expect(niceTicks(-0.37, 1.21, 5)).toEqual([-0.2, 0, 0.2, 0.4, 0.6, 0.8, 1, 1.2]);
    expect(niceTicks(1e-7, 5e-7, 4)).toEqual([1e-7, 2e-7, 3e-7, 4e-7, 5e-7]);
  });

  it("reverses for a reversed interval and handles degenerate input", () => {
    expect(niceTicks(1, 0, 5)).toEqual([1, 0.8, 0.6, 0.4, 0.2, 0]);
    expect(niceTicks(3, 3, 5)).toEqual([3]);
    expect(niceTicks(0, 1, 0)).toEqual([]);
    expect(niceTicks(Number.NaN, 1, 5)).toEqual([]);
    expect(niceTicks(0, Number.POSITIVE_INFINITY, 5)).toEqual([]);
  });

  it("reports the increment and step", () => {
    expect(tickIncrement(0, 1, 10)).toBe(-10);
    expect(tickIncrement(0, 100, 10)).toBe(10);
    expect(tickStep(0, 1, 10)).toBe(0.1);
    expect(tickStep(0, 100, 5)).toBe(20);
    expect(tickStep(1, 1, 5)).toBeNaN();
  });
});

describe("niceDomain", () => {
  it("extends the domain outward to ticks (d3 scale.nice examples, count 10)", () => {
    expect(niceDomain(1.1, 10.9, 10)).toEqual([1, 11]);
    expect(niceDomain(10.9, 1.1, 10)).toEqual([11, 1]);
    expect(niceDomain(0.7, 11.001, 10)).toEqual([0, 12]);
    expect(niceDomain(123.1, 6.7, 10)).toEqual([130, 0]);
    expect(niceDomain(0, 0.49, 10)).toEqual([0, 0.5]);
    expect(niceDomain(0, 0.96, 10)).toEqual([0, 1]);
  });

  it("leaves degenerate domains alone", () => {
    expect(niceDomain(2, 2)).toEqual([2, 2]);
    expect(niceDomain(Number.NaN, 2)).toEqual([Number.NaN, 2]);
  });
});

describe("linearScale", () => {
  it("maps linearly, extrapolates, and inverts ranges", () => {
    const scale = linearScale([0, 10], [100, 200]);
    expect(scale.map(0)).toBe(100);
    expect(scale.map(5)).toBe(150);
    expect(scale.map(20)).toBe(300);
    expect(linearScale([0, 1], [300, 100]).map(0.25)).toBe(250);
    expect(scale.ticks(5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(scale.tickStep(5)).toBe(2);
  });

  it("maps everything to the middle for a degenerate domain, NaN stays NaN", () => {
    const scale = linearScale([3, 3], [0, 100]);
    expect(scale.map(3)).toBe(50);
    expect(scale.map(99)).toBe(50);
    expect(scale.map(Number.NaN)).toBeNaN();
  });
});
