import { describe, expect, it } from "vitest";
import { bandScale } from "../../../src/report/svg/bandScale.js";

describe("bandScale", () => {
  it("splits the range into equal bands with inner and outer padding", () => {
    const band = bandScale(4, [0, 100], { paddingInner: 0, paddingOuter: 0 });
    expect(band.step).toBe(25);
    expect(band.bandwidth).toBe(25);
    expect([0, 1, 2, 3].map(band.start)).toEqual([0, 25, 50, 75]);
    expect(band.center(1)).toBe(37.5);
    const padded = bandScale(2, [0, 100], { paddingInner: 0.5, paddingOuter: 0.25 });
    // 2 − 0.5 + 2 × 0.25 = 2 steps of 50; bands of 25 starting at 12.5 and 62.5.
    expect(padded.step).toBe(50);
    expect(padded.bandwidth).toBe(25);
    expect(padded.start(0)).toBe(12.5);
    expect(padded.start(1)).toBe(62.5);
  });

  it("runs backwards for a reversed range and handles zero categories", () => {
    const band = bandScale(2, [100, 0], { paddingInner: 0, paddingOuter: 0 });
    expect(band.start(0)).toBe(50);
    expect(band.start(1)).toBe(0);
    expect(bandScale(0, [0, 100]).step).toBe(0);
  });
});
