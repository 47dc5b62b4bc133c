import type { BinnedMatrix } from "./binnedMatrix.js";
import { allocateHistogram, buildHistogram, subtractHistogram } from "./histogram.js";
import { findBestSplit, nodeWeight, SplitCandidate, type SplitParameters } from "./splitEvaluator.js";
import type { RegressionTree } from "./treeEnsemble.js";

/** Parameters of growing one tree (XGBoost's names in camelCase, already float32-rounded). */
export interface TreeGrowthParameters extends SplitParameters {
  maxDepth: number;
  learningRate: number;
  /** Minimum loss reduction of a split (XGBoost's gamma / min_split_loss). */
  gamma: number;
}

/** A grown tree and where the training rows ended. */
export interface GrownTree {
  tree: RegressionTree;
  /** For every node, the rows that reached it are rowIndex[rowBegin[node] … rowEnd[node]) of the grower. */
  rowBegin: Int32Array;
  rowEnd: Int32Array;
  /** For every internal node, the bin code bound of its split (codes ≤ bound go left). */
  splitBins: Int32Array;
}

// XGBoost's kRtEps: a split must reduce the loss by more than this.
const MINIMUM_LOSS_CHANGE = 1e-6;

/**
 * Grows regression trees depth-wise on a binned matrix like XGBoost 1.7's `hist` updater: level
 * by level, every node whose best split is valid is split, node ids are assigned breadth-first,
 * histograms are built for the smaller child only and the sibling's is the parent's minus it.
 * Buffers are reused from tree to tree; no allocation happens per row.
 */
export class TreeGrower {
  /** Row ids of the last grown tree, grouped by node (see {@link GrownTree}). */
  readonly rowIndex: Uint32Array;
  private readonly scratch: Uint32Array;
  private readonly histogramPool: Float64Array[] = [];
  private readonly allFeatures: Int32Array;

  /** A grower for one binned training matrix; throws when maxDepth < 1. */
  constructor(
    private readonly binned: BinnedMatrix,
    private readonly parameters: TreeGrowthParameters,
  ) {
    if (!Number.isInteger(parameters.maxDepth) || parameters.maxDepth < 1)
      throw new RangeError(`maxDepth must be an integer ≥ 1, got ${parameters.maxDepth}`);
    this.rowIndex = new Uint32Array(binned.rows);
    this.scratch = new Uint32Array(binned.rows);
    this.allFeatures = Int32Array.from({ length: binned.cols }, (_, f) => f);
  }

  private acquireHistogram(): Float64Array {
    return this.histogramPool.pop() ?? allocateHistogram(this.binned);
  }

  /**
   * Grows one tree on `gradientPairs` (interleaved gradient, hessian per row of the binned
   * matrix) using the rows in `rows` (ascending; null = all) and the splits of `features`
   * (ascending; null = all).
   */
  grow(gradientPairs: Float64Array, rows: Uint32Array | null, features: Int32Array | null): GrownTree {
    const { binned, parameters, rowIndex } = this;
    const { maxDepth, learningRate, gamma } = parameters;
    const rowCount = rows ? rows.length : binned.rows;
    if (rows) rowIndex.set(rows);
    else for (let i = 0; i < rowCount; i++) rowIndex[i] = i;
    const splitFeatures = features ?? this.allFeatures;
    const buildFeatures = features && features.length < binned.cols ? features : null;

    const left: number[] = [-1];
    const right: number[] = [-1];
    const parent: number[] = [-1];
    const splitFeature: number[] = [0];
    const condition: number[] = [0];
    const defaultLeft: number[] = [0];
    const baseWeight: number[] = [0];
    const lossChange: number[] = [0];
    const sumHessian: number[] = [0];
    const splitBin: number[] = [-1];
    const begin: number[] = [0];
    const end: number[] = [rowCount];
    const nodeGradient: number[] = [0];
    const nodeHessian: number[] = [0];
    const histograms: (Float64Array | null)[] = [null];
    const candidates: (SplitCandidate | null)[] = [null];

    // Root: XGBoost sums the first feature's histogram for dense data, the gradients otherwise.
    const rootHistogram = this.acquireHistogram();
    buildHistogram(binned, gradientPairs, rowIndex, 0, rowCount, buildFeatures, rootHistogram);
    histograms[0] = rootHistogram;
    let rootG = 0;
    let rootH = 0;
    if (binned.dense && (buildFeatures === null || buildFeatures[0] === 0)) {
      for (let b = 0; b < binned.binCounts[0]; b++) {
        rootG += rootHistogram[2 * b];
        rootH += rootHistogram[2 * b + 1];
      }
    } else {
      for (let i = 0; i < rowCount; i++) {
        rootG += gradientPairs[2 * rowIndex[i]];
        rootH += gradientPairs[2 * rowIndex[i] + 1];
      }
    }
    nodeGradient[0] = rootG;
    nodeHessian[0] = rootH;
    const rootWeight = nodeWeight(rootG, rootH, parameters);
    baseWeight[0] = rootWeight;
    condition[0] = Math.fround(rootWeight * learningRate);
    sumHessian[0] = Math.fround(rootH);
    const rootCandidate = new SplitCandidate();
    findBestSplit(binned, rootHistogram, splitFeatures, rootG, rootH, parameters, rootCandidate);
    candidates[0] = rootCandidate;

    let level = [0];
    for (let depth = 0; level.length > 0; depth++) {
      const expanded: number[] = [];
      for (const node of level) {
        const c = candidates[node]!;
        const valid =
          c.feature >= 0 &&
          c.lossChange > MINIMUM_LOSS_CHANGE &&
          c.leftHessian !== 0 &&
          c.rightHessian !== 0 &&
          !(c.lossChange < gamma);
        if (!valid) continue;
        const l = left.length;
        const r = l + 1;
        left[node] = l;
        right[node] = r;
        splitFeature[node] = c.feature;
        condition[node] = c.threshold;
        defaultLeft[node] = c.defaultLeft ? 1 : 0;
        splitBin[node] = c.bin;
        lossChange[node] = c.lossChange;
        const totalG = c.leftGradient + c.rightGradient;
        const totalH = c.leftHessian + c.rightHessian;
        baseWeight[node] = nodeWeight(totalG, totalH, parameters);
        sumHessian[node] = Math.fround(totalH);
        for (const [child, g, h] of [
          [l, c.leftGradient, c.leftHessian],
          [r, c.rightGradient, c.rightHessian],
        ]) {
          const leafValue = Math.fround(nodeWeight(g, h, parameters) * learningRate);
          left[child] = -1;
          right[child] = -1;
          parent[child] = node;
          splitFeature[child] = 0;
          condition[child] = leafValue;
          defaultLeft[child] = 0;
          baseWeight[child] = leafValue;
          lossChange[child] = 0;
          sumHessian[child] = Math.fround(h);
          splitBin[child] = -1;
          nodeGradient[child] = g;
          nodeHessian[child] = h;
          histograms[child] = null;
          candidates[child] = null;
        }
        const leftCount = this.partition(begin[node], end[node], c.feature, c.bin, c.defaultLeft);
        begin[l] = begin[node];
        end[l] = begin[node] + leftCount;
        begin[r] = end[l];
        end[r] = end[node];
        expanded.push(node);
      }
      const next: number[] = [];
      if (depth + 1 < maxDepth) {
        for (const node of expanded) {
          const l = left[node];
          const r = right[node];
          const small = end[l] - begin[l] <= end[r] - begin[r] ? l : r;
          const large = small === l ? r : l;
          const smallHistogram = this.acquireHistogram();
          buildHistogram(
            binned,
            gradientPairs,
            rowIndex,
            begin[small],
            end[small],
            buildFeatures,
            smallHistogram,
          );
          // The larger child takes over its parent's histogram, which is not needed any more.
          const largeHistogram = histograms[node]!;
          histograms[node] = null;
          subtractHistogram(binned, largeHistogram, smallHistogram, buildFeatures, largeHistogram);
          histograms[small] = smallHistogram;
          histograms[large] = largeHistogram;
          for (const child of [l, r]) {
            const candidate = new SplitCandidate();
            findBestSplit(
              binned,
              histograms[child]!,
              splitFeatures,
              nodeGradient[child],
              nodeHessian[child],
              parameters,
              candidate,
            );
            candidates[child] = candidate;
            next.push(child);
          }
        }
      }
      for (const node of level) {
        const histogram = histograms[node];
        if (histogram) this.histogramPool.push(histogram);
        histograms[node] = null;
      }
      level = next;
    }

    const tree: RegressionTree = {
      leftChildren: Int32Array.from(left),
      rightChildren: Int32Array.from(right),
      parents: Int32Array.from(parent),
      splitFeatures: Int32Array.from(splitFeature),
      splitConditions: Float32Array.from(condition),
      defaultLeft: Uint8Array.from(defaultLeft),
      baseWeights: Float32Array.from(baseWeight),
      lossChanges: Float32Array.from(lossChange),
      sumHessians: Float32Array.from(sumHessian),
    };
    return {
      tree,
      rowBegin: Int32Array.from(begin),
      rowEnd: Int32Array.from(end),
      splitBins: Int32Array.from(splitBin),
    };
  }

  /** Stable in-place partition of rowIndex[begin … end): rows going left first; returns their count. */
  private partition(begin: number, end: number, feature: number, bin: number, defaultLeft: boolean): number {
    const { rowIndex, scratch } = this;
    const codes = this.binned.codes;
    const cols = this.binned.cols;
    const missing = this.binned.binCounts[feature];
    let write = begin;
    let rightCount = 0;
    for (let i = begin; i < end; i++) {
      const row = rowIndex[i];
      const code = codes[row * cols + feature];
      if (code === missing ? defaultLeft : code <= bin) rowIndex[write++] = row;
      else scratch[rightCount++] = row;
    }
    for (let i = 0; i < rightCount; i++) rowIndex[write + i] = scratch[i];
    return write - begin;
  }

  /** The leaf of a row of the binned matrix in a grown tree (for rows left out by subsampling). */
  leafOfRow(grown: GrownTree, row: number): number {
    const { tree, splitBins } = grown;
    const codes = this.binned.codes;
    const base = row * this.binned.cols;
    let node = 0;
    while (tree.leftChildren[node] >= 0) {
      const feature = tree.splitFeatures[node];
      const code = codes[base + feature];
      const goLeft =
        code === this.binned.binCounts[feature] ? tree.defaultLeft[node] === 1 : code <= splitBins[node];
      node = goLeft ? tree.leftChildren[node] : tree.rightChildren[node];
    }
    return node;
  }
}
