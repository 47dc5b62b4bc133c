import type { MaskedCellImage } from "../../src/image/cellImage.js";
import { normalizedMoments } from "../../src/image/moments.js";
import { regionProperties } from "../../src/image/regionProperties.js";

/** Which Hu moment (0…6, or 7…13 for the weighted ones) a within-channel column holds; -1 for others. */
export function huIndex(property: number): number {
  if (property >= 14 && property < 21) return property - 14;
  if (property >= 25 && property < 32) return property - 25 + 7;
  return -1;
}

/** The Hu formulae with every difference turned into a sum: a polynomial with positive coefficients. */
function positiveHu(n: (p: number, q: number) => number, out: Float64Array, at: number): void {
  const t0 = n(3, 0) + n(1, 2);
  const t1 = n(2, 1) + n(0, 3);
  const q0 = t0 * t0;
  const q1 = t1 * t1;
  const n4 = 4 * n(1, 1);
  const s = n(2, 0) + n(0, 2);
  const bigT0 = t0 * (q0 + 3 * q1);
  const bigT1 = t1 * (3 * q0 + q1);
  const bigQ0 = n(3, 0) + 3 * n(1, 2);
  const bigQ1 = 3 * n(2, 1) + n(0, 3);
  out[at] = s;
  out[at + 1] = s * s + n4 * n(1, 1);
  out[at + 2] = bigQ0 * bigQ0 + bigQ1 * bigQ1;
  out[at + 3] = q0 + q1;
  out[at + 4] = bigQ0 * bigT0 + bigQ1 * bigT1;
  out[at + 5] = s * (q0 + q1) + n4 * t0 * t1;
  out[at + 6] = bigQ1 * bigT0 + bigQ0 * bigT1;
}

/**
 * Rounding-error bounds of each Hu moment of a channel (binary 0…6, weighted 7…13). A moment sum
 * of n terms carries an error of at most n·2⁻⁵² of the sum of its terms' magnitudes (Σ|w|·|Δr|^p·|Δc|^q);
 * pushing normalised moments that uncertain through the positive-sign Hu polynomial bounds how
 * far the Hu moment can move: H(|ν| + δ) − H(|ν|).
 */
export function huRoundingBounds(cell: MaskedCellImage, channel: number): Float64Array | null {
  const region = regionProperties(cell.mask[channel], cell.image[channel], cell.width, cell.height);
  if (!region) return null;
  const bounds = new Float64Array(14);
  const base = new Float64Array(7);
  const widened = new Float64Array(7);
  for (const weighted of [false, true]) {
    const absolute = new Float64Array(16);
    const centerRow = weighted ? region.weightedCentroidRow : region.centroidRow;
    const centerColumn = weighted ? region.weightedCentroidColumn : region.centroidColumn;
    for (let r = 0; r < cell.height; r++) {
      for (let c = 0; c < cell.width; c++) {
        const index = r * cell.width + c;
        if (!cell.mask[channel][index]) continue;
        const weight = weighted ? Math.abs(cell.image[channel][index]) : 1;
        const dr = Math.abs(r - centerRow);
        const dc = Math.abs(c - centerColumn);
        for (let p = 0; p < 4; p++)
          for (let q = 0; q < 4; q++) absolute[p * 4 + q] += weight * dr ** p * dc ** q;
      }
    }
    const nu = normalizedMoments(weighted ? region.weightedCentralMoments : region.centralMoments);
    const mu00 = weighted ? region.weightedCentralMoments[0] : region.centralMoments[0];
    const rounding = region.boxWidth * region.boxHeight * 2 ** -52;
    const delta = (p: number, q: number) => (rounding * absolute[p * 4 + q]) / mu00 ** ((p + q) / 2 + 1);
    positiveHu((p, q) => Math.abs(nu[p * 4 + q]), base, 0);
    positiveHu((p, q) => Math.abs(nu[p * 4 + q]) + delta(p, q), widened, 0);
    for (let i = 0; i < 7; i++) bounds[(weighted ? 7 : 0) + i] = widened[i] - base[i];
  }
  return bounds;
}
