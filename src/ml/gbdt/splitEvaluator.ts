import type { BinnedMatrix } from "./binnedMatrix.js";

/**
 * Split finding on gradient histograms with XGBoost 1.7's `hist` rules: every bin boundary of
 * every feature is scanned left to right (missing values go right); when a feature has missing
 * values it is also scanned right to left (missing values go left), which learns the default
 * direction. Gains are XGBoost's float32 structure scores G²/(H + λ) with L1 thresholding.
 */

/** The regularisation parameters of split finding and leaf weights (XGBoost's names in camelCase). */
export interface SplitParameters {
  lambda: number;
  alpha: number;
  minChildWeight: number;
}

/** The best split of a node found so far. */
export class SplitCandidate {
  /** Loss reduction (float32); 0 when no split improves the node. */
  lossChange = 0;
  feature = -1;
  /** Rows whose bin code is ≤ bin go left (−1: only missing values can go left). */
  bin = -1;
  /** The float32 threshold: a value goes left when it is < threshold. */
  threshold = 0;
  defaultLeft = false;
  leftGradient = 0;
  leftHessian = 0;
  rightGradient = 0;
  rightHessian = 0;

  /** Forgets the split. */
  reset(): void {
    this.lossChange = 0;
    this.feature = -1;
    this.bin = -1;
    this.threshold = 0;
    this.defaultLeft = false;
    this.leftGradient = this.leftHessian = this.rightGradient = this.rightHessian = 0;
  }
}

const fround = Math.fround;

/** XGBoost's soft threshold of a gradient sum by α. */
export function thresholdL1(gradient: number, alpha: number): number {
  if (gradient > alpha) return gradient - alpha;
  if (gradient < -alpha) return gradient + alpha;
  return 0;
}

/** The float32 structure score of a node with sums (G, H): 0 when H ≤ 0. */
export function nodeGain(gradient: number, hessian: number, parameters: SplitParameters): number {
  if (hessian <= 0) return 0;
  const g = thresholdL1(gradient, parameters.alpha);
  return fround((g * g) / (hessian + parameters.lambda));
}

/** The float32 optimal leaf weight −G/(H + λ): 0 when H < minChildWeight or H ≤ 0. */
export function nodeWeight(gradient: number, hessian: number, parameters: SplitParameters): number {
  if (hessian < parameters.minChildWeight || hessian <= 0) return 0;
  return fround(-thresholdL1(gradient, parameters.alpha) / (hessian + parameters.lambda));
}

// The float32 loss change of XGBoost is within a few float32 ulps of the float64 one, so a
// candidate whose float64 loss falls short of the best by more than this share of the gain
// magnitudes cannot win, and its exact float32 loss need not be computed.
const FILTER_MARGIN = 1e-6;

/**
 * Whether a split may beat the best loss change so far: its float64 gains
 * tl²/(hl+λ) + tr²/(hr+λ) exceed `threshold` (see {@link gainThreshold}), tested without division.
 */
function mayImprove(
  gl: number,
  hl: number,
  gr: number,
  hr: number,
  lambda: number,
  alpha: number,
  threshold: number,
): boolean {
  const tl = alpha === 0 ? gl : thresholdL1(gl, alpha);
  const tr = alpha === 0 ? gr : thresholdL1(gr, alpha);
  if (hl > 0 && hr > 0) {
    const dl = hl + lambda;
    const dr = hr + lambda;
    return tl * tl * dr + tr * tr * dl > threshold * dl * dr;
  }
  return (hl > 0 ? (tl * tl) / (hl + lambda) : 0) + (hr > 0 ? (tr * tr) / (hr + lambda) : 0) > threshold;
}

/**
 * The gains a split needs to possibly beat `bestLoss`: gains − root + m (gains + root) > best,
 * with m = FILTER_MARGIN covering the float32 roundings of XGBoost's loss change.
 */
function gainThreshold(bestLoss: number, rootGain64: number): number {
  return (bestLoss + rootGain64 * (1 - FILTER_MARGIN)) / (1 + FILTER_MARGIN);
}

/** XGBoost's float32 loss change of splitting into (gl, hl) and (gr, hr), given the node's float32 gain. */
function exactLossChange(
  gl: number,
  hl: number,
  gr: number,
  hr: number,
  lambda: number,
  alpha: number,
  rootGain: number,
): number {
  let gainLeft = 0;
  if (hl > 0) {
    const t = thresholdL1(gl, alpha);
    gainLeft = fround((t * t) / (hl + lambda));
  }
  let gainRight = 0;
  if (hr > 0) {
    const t = thresholdL1(gr, alpha);
    gainRight = fround((t * t) / (hr + lambda));
  }
  return fround(fround(gainLeft + gainRight) - rootGain);
}

/**
 * Updates `best` with the best split of a node with sums (gradient, hessian) over the listed
 * features (ascending; ties keep the lower feature and, within a feature, the first boundary).
 * A split is a candidate only when both sides have a hessian sum ≥ minChildWeight.
 */
export function findBestSplit(
  binned: BinnedMatrix,
  histogram: Float64Array,
  features: Int32Array,
  gradient: number,
  hessian: number,
  parameters: SplitParameters,
  best: SplitCandidate,
): void {
  best.reset();
  const { lambda, alpha, minChildWeight } = parameters;
  const rootGain = nodeGain(gradient, hessian, parameters);
  const rootT = thresholdL1(gradient, alpha);
  const rootGain64 = hessian > 0 ? (rootT * rootT) / (hessian + lambda) : 0;
  const offsets = binned.slotOffsets;
  const binCounts = binned.binCounts;
  let bestLoss = 0;
  let threshold = gainThreshold(bestLoss, rootGain64);
  for (let j = 0; j < features.length; j++) {
    const feature = features[j];
    const slot0 = 2 * offsets[feature];
    const bins = binCounts[feature];
    let bestBin = -2;
    let bestDefaultLeft = false;
    let bestLeftG = 0;
    let bestLeftH = 0;
    let bestRightG = 0;
    let bestRightH = 0;
    // Left to right: the left side accumulates bins, missing values stay right.
    let gl = 0;
    let hl = 0;
    for (let b = 0; b < bins; b++) {
      const g = histogram[slot0 + 2 * b];
      const h = histogram[slot0 + 2 * b + 1];
      // An empty bin repeats the previous partition, whose gain cannot be strictly better.
      if (g === 0 && h === 0) continue;
      gl += g;
      hl += h;
      if (hl < minChildWeight) continue;
      const gr = gradient - gl;
      const hr = hessian - hl;
      if (hr < minChildWeight) continue;
      if (!mayImprove(gl, hl, gr, hr, lambda, alpha, threshold)) continue;
      const loss = exactLossChange(gl, hl, gr, hr, lambda, alpha, rootGain);
      if (loss > bestLoss && loss !== Number.POSITIVE_INFINITY) {
        bestLoss = loss;
        threshold = gainThreshold(bestLoss, rootGain64);
        bestBin = b;
        bestDefaultLeft = false;
        bestLeftG = gl;
        bestLeftH = hl;
        bestRightG = gr;
        bestRightH = hr;
      }
    }
    const missingG = histogram[slot0 + 2 * bins];
    const missingH = histogram[slot0 + 2 * bins + 1];
    if (binned.hasMissing[feature] === 1 && (missingG !== 0 || missingH !== 0)) {
      // Right to left: the right side accumulates bins, missing values go left.
      let gr = 0;
      let hr = 0;
      for (let b = bins - 1; b >= 0; b--) {
        const g = histogram[slot0 + 2 * b];
        const h = histogram[slot0 + 2 * b + 1];
        if (g === 0 && h === 0) continue;
        gr += g;
        hr += h;
        if (hr < minChildWeight) continue;
        const gl2 = gradient - gr;
        const hl2 = hessian - hr;
        if (hl2 < minChildWeight) continue;
        if (!mayImprove(gl2, hl2, gr, hr, lambda, alpha, threshold)) continue;
        const loss = exactLossChange(gl2, hl2, gr, hr, lambda, alpha, rootGain);
        if (loss > bestLoss && loss !== Number.POSITIVE_INFINITY) {
          bestLoss = loss;
          threshold = gainThreshold(bestLoss, rootGain64);
          bestBin = b - 1;
          bestDefaultLeft = true;
          bestLeftG = gl2;
          bestLeftH = hl2;
          bestRightG = gr;
          bestRightH = hr;
        }
      }
    }
    if (bestBin !== -2) {
      best.lossChange = bestLoss;
      best.feature = feature;
      best.bin = bestBin;
      best.defaultLeft = bestDefaultLeft;
      best.threshold =
        bestBin >= 0
          ? binned.cuts.cutValues[binned.cuts.featurePointers[feature] + bestBin]
          : binned.cuts.minValues[feature];
      best.leftGradient = bestLeftG;
      best.leftHessian = bestLeftH;
      best.rightGradient = bestRightG;
      best.rightHessian = bestRightH;
    }
  }
}
