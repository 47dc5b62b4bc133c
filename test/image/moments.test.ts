import { describe, expect, it } from "vitest";
import {
  centralMoments,
  huMoments,
  inertiaEllipse,
  normalizedMoments,
  symmetricEigenvalues,
} from "../../src/image/moments.js";
import { regionProperties } from "../../src/image/regionProperties.js";
import { loadRegionpropsCases, orNaN, shape } from "../reference/regionprops_vectors.js";

/** Relative 1e-9, or an absolute floor for values that vanish by symmetry and are rounding noise. */
function expectClose(actual: number, expected: number, floor: number, label: string): void {
  if (Number.isNaN(expected)) {
    expect(actual, label).toBeNaN();
    return;
  }
  const difference = Math.abs(actual - expected);
  const allowed = Math.max(1e-9 * Math.max(Math.abs(actual), Math.abs(expected)), floor);
  expect(difference, `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(allowed);
}

function regionOf(rows: string[], intensity?: number[]) {
  const s = shape(rows);
  const values = intensity ? Float64Array.from(intensity) : Float64Array.from(s.image);
  return regionProperties(s.image, values, s.width, s.height)!;
}

describe("centralMoments", () => {
  it("sums powers of the offsets from the centre, per axis", () => {
    // Pixels (0,0) and (0,2) about (0,1): μ00 = 2, μ02 = 1 + 1, μ01 = −1 + 1 = 0, μ03 = 0.
    const image = Uint8Array.from([1, 0, 1]);
    const mu = centralMoments(image, 3, 1, 0, 1);
    expect(mu[0]).toBe(2);
    expect(mu[1]).toBe(0);
    expect(mu[2]).toBe(2);
    expect(mu[3]).toBe(0);
    expect(mu[4]).toBe(0);
    // Weighted: 1 at column 0, 3 at column 2 about column 0: μ01 = 6, μ02 = 12, μ03 = 24.
    const weighted = centralMoments(Float64Array.from([1, 0, 3]), 3, 1, 0, 0);
    expect(Array.from(weighted.subarray(0, 4))).toEqual([4, 6, 12, 24]);
  });

  it("gives all zeros for an all-zero image", () => {
    expect(Array.from(centralMoments(new Float64Array(6), 3, 2, 1, 1))).toEqual(new Array(16).fill(0));
  });
});

describe("normalizedMoments and huMoments", () => {
  it("leave orders below 2 undefined and are scale invariant", () => {
    const small = normalizedMoments(regionOf(["##", "##"]).centralMoments);
    expect(small[0]).toBeNaN();
    expect(small[1]).toBeNaN();
    expect(small[4]).toBeNaN();
    const large = normalizedMoments(regionOf(["####", "####", "####", "####"]).centralMoments);
    // ν20 of a k×k square is (k² − 1)/(12k²): only approximately scale invariant on a pixel grid.
    expect(small[8]).toBeCloseTo(3 / 48, 15);
    expect(large[8]).toBeCloseTo(15 / 192, 15);
  });

  it("give the first invariant of a square and zero for the odd ones of symmetric shapes", () => {
    const hu = huMoments(normalizedMoments(regionOf(["###", "###", "###"]).centralMoments));
    // ν20 = ν02 = (9 − 1)/(12·9) for a 3×3 square.
    expect(hu[0]).toBeCloseTo(2 * (8 / 108), 15);
    for (let i = 1; i < 7; i++) expect(Math.abs(hu[i])).toBeLessThan(1e-15);
  });
});

describe("symmetricEigenvalues", () => {
  it("solves diagonal and off-diagonal 2×2 matrices", () => {
    const out = new Float64Array(2);
    expect(Array.from(symmetricEigenvalues(3, 0, 5, out))).toEqual([3, 5]);
    expect(Array.from(symmetricEigenvalues(2, 1, 2, out)).sort()).toEqual([1, 3]);
    // The smaller eigenvalue comes from the determinant, without cancellation.
    symmetricEigenvalues(1e8, 1, 1, out);
    expect(Math.min(out[0], out[1])).toBeCloseTo(1 - 1e-8, 15);
  });
});

describe("inertiaEllipse", () => {
  it("describes a single pixel as a point with scikit-image's π/4 orientation", () => {
    const ellipse = inertiaEllipse(regionOf(["#"]).centralMoments);
    expect(ellipse).toEqual({
      largestEigenvalue: 0,
      smallestEigenvalue: 0,
      majorAxisLength: 0,
      minorAxisLength: 0,
      eccentricity: 0,
      orientation: Math.PI / 4,
    });
  });

  it("describes a horizontal line as a degenerate ellipse along the columns", () => {
    // 5 pixels: variance of the columns = 2, so λ1 = 2, major = 4√2, minor = 0, eccentricity 1.
    const ellipse = inertiaEllipse(regionOf(["#####"]).centralMoments);
    expect(ellipse.majorAxisLength).toBeCloseTo(4 * Math.SQRT2, 14);
    expect(ellipse.minorAxisLength).toBe(0);
    expect(ellipse.eccentricity).toBe(1);
    expect(ellipse.orientation).toBeCloseTo(Math.PI / 2, 15);
    expect(inertiaEllipse(regionOf(["#", "#", "#"]).centralMoments).orientation).toBe(0);
  });

  it("keeps scikit-image 0.19's sign for regions with μ20 = μ02 (issue #6815)", () => {
    // Main diagonal: b = −μ11/μ00 < 0, so the special case answers −π/4 although the major axis
    // runs at +π/4 from the rows.
    expect(inertiaEllipse(regionOf(["#..", ".#.", "..#"]).centralMoments).orientation).toBe(-Math.PI / 4);
    expect(inertiaEllipse(regionOf(["..#", ".#.", "#.."]).centralMoments).orientation).toBe(Math.PI / 4);
  });
});

describe("moments against scikit-image", () => {
  it("match the central, normalised, Hu and inertia values of every golden case", () => {
    const cases = loadRegionpropsCases();
    let compared = 0;
    for (const c of cases) {
      const region = regionProperties(c.maskPlane, c.intensityPlane, c.width, c.height)!;
      const extent = Math.max(region.boxHeight, region.boxWidth);
      let weightSum = 0;
      for (let i = 0; i < c.mask.length; i++) weightSum += c.mask[i] * Math.abs(c.intensity[i]);
      for (let p = 0; p < 4; p++) {
        for (let q = 0; q < 4; q++) {
          const i = p * 4 + q;
          // Moments that vanish by symmetry are rounding noise: compare them to 1e-12 of the
          // largest term Σ|w|·extent^(p+q) that the sum could hold.
          expectClose(
            region.centralMoments[i],
            c.moments_central[i],
            1e-12 * c.area * extent ** (p + q),
            `${c.name} mu${i}`,
          );
          expectClose(
            region.weightedCentralMoments[i],
            orNaN(c.weighted_moments_central[i]),
            1e-12 * weightSum * extent ** (p + q),
            `${c.name} weighted mu${i}`,
          );
          expectClose(
            normalizedMoments(region.centralMoments)[i],
            orNaN(c.moments_normalized[i]),
            1e-13,
            `${c.name} nu${i}`,
          );
          compared += 3;
        }
      }
      const hu = huMoments(normalizedMoments(region.centralMoments));
      const weightedHu = huMoments(normalizedMoments(region.weightedCentralMoments));
      for (let i = 0; i < 7; i++) {
        // Hu invariants are dimensionless, ≈0.1…1e-6 here; those that vanish by symmetry come out
        // as rounding noise below 1e-13.
        expectClose(hu[i], c.moments_hu[i], 1e-13, `${c.name} hu${i}`);
        expectClose(weightedHu[i], orNaN(c.weighted_moments_hu[i]), 1e-13, `${c.name} weighted hu${i}`);
        compared += 2;
      }
      const ellipse = inertiaEllipse(region.centralMoments);
      expectClose(ellipse.largestEigenvalue, c.inertia_tensor_eigvals[0], 0, `${c.name} l1`);
      expectClose(ellipse.smallestEigenvalue, c.inertia_tensor_eigvals[1], 0, `${c.name} l2`);
      expectClose(ellipse.majorAxisLength, c.major_axis_length, 0, `${c.name} major`);
      expectClose(ellipse.minorAxisLength, c.minor_axis_length, 0, `${c.name} minor`);
      expectClose(ellipse.eccentricity, c.eccentricity, 0, `${c.name} eccentricity`);
      expectClose(ellipse.orientation, c.orientation, 0, `${c.name} orientation`);
      compared += 6;
    }
    console.log(`moments: ${compared} golden values compared`);
  });
});
