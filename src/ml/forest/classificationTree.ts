import type { RankedColumns } from "./rankedColumns.js";

/** Where the builder draws its feature order from: a uniform integer in [0, bound). */
export interface RandomIntegerSource {
  integer(bound: number): number;
}

/**
 * A fitted classification tree in scikit-learn's layout (node 0 is the root, children are
 * created depth-first, left before right). A row goes left at an internal node when its value,
 * rounded to float32, is ≤ `thresholds[node]`. Only leaves carry class probabilities.
 */
export interface ClassificationTree {
  /** Left child per node, −1 at a leaf. */
  leftChildren: Int32Array;
  /** Right child per node, −1 at a leaf. */
  rightChildren: Int32Array;
  /** Feature compared at an internal node, −1 at a leaf. */
  features: Int32Array;
  /** Split threshold at an internal node (midpoint of two float32 values, as sklearn), 0 at a leaf. */
  thresholds: Float64Array;
  /** Weighted number of training samples in the node (sklearn's weighted_n_node_samples). */
  nodeWeights: Float64Array;
  /** Impurity of the node (Gini, or entropy in bits with the entropy criterion). */
  impurities: Float64Array;
  /** Row of the node in `leafProbabilities`, −1 for internal nodes. */
  leafIndices: Int32Array;
  /** Class fractions of the leaves, leafCount × classCount row-major (each row sums to 1). */
  leafProbabilities: Float64Array;
}

/** Hyper-parameters of one tree, already resolved to counts. */
export interface TreeGrowthOptions {
  /** Maximum depth (Infinity for none). */
  maxDepth: number;
  /** A node with fewer (distinct, in-bag) samples is not split. */
  minSamplesSplit: number;
  /** Each child keeps at least this many (distinct, in-bag) samples. */
  minSamplesLeaf: number;
  /** Non-constant features examined per split (sklearn's max_features after resolution). */
  maxFeatures: number;
  /** A split must decrease the weighted impurity by at least this much. */
  minImpurityDecrease: number;
  /** Impurity measure (default "gini"); "entropy" is sklearn's entropy and log_loss, in bits. */
  criterion?: SplitCriterion;
}

/** Impurity measures of the splitter. */
export type SplitCriterion = "gini" | "entropy";

// sklearn's FEATURE_THRESHOLD: values closer than this are treated as equal, no split between them.
const FEATURE_THRESHOLD = 1e-7;
// sklearn's EPSILON (float64 machine epsilon): nodes this pure are leaves.
const EPSILON = 2.220446049250313e-16;
// Below this many samples, insertion sort beats the bucket sorts.
const INSERTION_SORT_LIMIT = 24;
const RADIX_BITS = 11;
const RADIX_BUCKETS = 1 << RADIX_BITS;

/**
 * Grows scikit-learn-style classification trees (BestSplitter + Gini + depth-first builder) on
 * ranked columns. One builder serves all trees of a forest: its buffers are allocated once and
 * reused, so growing a tree allocates only the output arrays.
 */
export class ClassificationTreeBuilder {
  private readonly columns: RankedColumns;
  private readonly labels: Int32Array;
  private readonly classCount: number;
  private readonly options: TreeGrowthOptions;
  // Rows of the tree's sample (weight > 0); a node owns samples[start … end).
  private readonly samples: Uint32Array;
  private readonly featureOrder: Int32Array;
  private readonly constantFeatures: Int32Array;
  private keysA: Uint32Array;
  private indexA: Uint32Array;
  private keysB: Uint32Array;
  private indexB: Uint32Array;
  private readonly bucketCounts: Int32Array;
  private readonly classTotals: Float64Array;
  private readonly leftCounts: Float64Array;
  // Set by sortNode: the buffers holding the sorted keys and rows.
  private sortedKeys: Uint32Array;
  private sortedRows: Uint32Array;
  // Output, grown by doubling.
  private capacity = 0;
  private nodeCount = 0;
  private leftChildren = new Int32Array(0);
  private rightChildren = new Int32Array(0);
  private nodeFeatures = new Int32Array(0);
  private thresholds = new Float64Array(0);
  private nodeWeights = new Float64Array(0);
  private impurities = new Float64Array(0);
  private leafIndices = new Int32Array(0);
  private leafProbabilities = new Float64Array(0);
  private leafCount = 0;
  // Depth-first stack: start, end, depth, parent, isLeft and known-constant count per entry.
  private stack = new Int32Array(6 * 64);
  // The best split of the current node.
  private bestFeature = -1;
  private bestPosition = -1;
  private bestRank = 0;
  private bestThreshold = 0;
  private bestLeftWeight = 0;
  private bestLeftImpurity = 0;
  private bestRightImpurity = 0;
  private readonly entropy: boolean;
  private readonly rightCounts: Float64Array;

  /** Prepares buffers for trees over `columns` with labels 0…classCount−1. */
  constructor(columns: RankedColumns, labels: Int32Array, classCount: number, options: TreeGrowthOptions) {
    this.columns = columns;
    this.labels = labels;
    this.classCount = classCount;
    this.options = options;
    const n = columns.rows;
    this.samples = new Uint32Array(n);
    this.featureOrder = new Int32Array(columns.cols);
    this.constantFeatures = new Int32Array(columns.cols);
    this.keysA = new Uint32Array(n);
    this.indexA = new Uint32Array(n);
    this.keysB = new Uint32Array(n);
    this.indexB = new Uint32Array(n);
    this.sortedKeys = this.keysA;
    this.sortedRows = this.indexA;
    this.bucketCounts = new Int32Array(Math.max(RADIX_BUCKETS, 4096 + 2 * n) + 1);
    this.classTotals = new Float64Array(classCount);
    this.leftCounts = new Float64Array(classCount);
    this.rightCounts = new Float64Array(classCount);
    this.entropy = (options.criterion ?? "gini") === "entropy";
  }

  /** Impurity of class weights `counts` summing to `weight`, as sklearn's node_impurity / children_impurity. */
  private impurityOf(counts: Float64Array, weight: number): number {
    if (this.entropy) {
      let entropy = 0;
      for (let k = 0; k < this.classCount; k++) {
        if (counts[k] <= 0) continue;
        const fraction = counts[k] / weight;
        entropy -= fraction * (Math.log(fraction) / Math.LN2);
      }
      return entropy;
    }
    let squares = 0;
    for (let k = 0; k < this.classCount; k++) squares += counts[k] * counts[k];
    return 1 - squares / (weight * weight);
  }

  /**
   * Grows one tree on the rows with positive `weights` (bootstrap counts × class weights), drawing
   * features from `random`. Adds each split's weighted impurity decrease to `importances`
   * (unnormalised, indexed by feature). Throws when no weight is positive.
   */
  grow(weights: Float64Array, random: RandomIntegerSource, importances: Float64Array): ClassificationTree {
    const n = this.columns.rows;
    let sampleCount = 0;
    for (let r = 0; r < n; r++) if (weights[r] > 0) this.samples[sampleCount++] = r;
    if (sampleCount === 0) throw new RangeError("cannot grow a tree: every sample weight is zero");
    for (let f = 0; f < this.columns.cols; f++) this.featureOrder[f] = f;
    this.nodeCount = 0;
    this.leafCount = 0;
    this.ensureCapacity(Math.min(2 * sampleCount + 1, 1024));
    const { maxDepth, minSamplesSplit, minSamplesLeaf, minImpurityDecrease } = this.options;
    const classCount = this.classCount;
    const totals = this.classTotals;

    let stackSize = 0;
    const push = (
      start: number,
      end: number,
      depth: number,
      parent: number,
      isLeft: number,
      constants: number,
    ) => {
      if (6 * (stackSize + 1) > this.stack.length) {
        const grown = new Int32Array(this.stack.length * 2);
        grown.set(this.stack);
        this.stack = grown;
      }
      const at = 6 * stackSize;
      this.stack[at] = start;
      this.stack[at + 1] = end;
      this.stack[at + 2] = depth;
      this.stack[at + 3] = parent;
      this.stack[at + 4] = isLeft;
      this.stack[at + 5] = constants;
      stackSize++;
    };
    push(0, sampleCount, 0, -1, 0, 0);

    while (stackSize > 0) {
      stackSize--;
      const at = 6 * stackSize;
      const start = this.stack[at];
      const end = this.stack[at + 1];
      const depth = this.stack[at + 2];
      const parent = this.stack[at + 3];
      const isLeft = this.stack[at + 4];
      const knownConstants = this.stack[at + 5];

      totals.fill(0);
      let nodeWeight = 0;
      for (let i = start; i < end; i++) {
        const row = this.samples[i];
        const w = weights[row];
        totals[this.labels[row]] += w;
        nodeWeight += w;
      }
      let squares = 0;
      for (let c = 0; c < classCount; c++) squares += totals[c] * totals[c];
      const impurity = this.impurityOf(totals, nodeWeight);

      const size = end - start;
      let isLeaf =
        depth >= maxDepth || size < minSamplesSplit || size < 2 * minSamplesLeaf || impurity <= EPSILON;
      let constantsAfter = knownConstants;
      if (!isLeaf) {
        constantsAfter = this.findBestSplit(start, end, weights, nodeWeight, squares, knownConstants, random);
        if (this.bestPosition < 0) isLeaf = true;
        else {
          const leftWeight = this.bestLeftWeight;
          const rightWeight = nodeWeight - leftWeight;
          const leftImpurity = this.bestLeftImpurity;
          const rightImpurity = this.bestRightImpurity;
          const rootWeight = this.nodeCount === 0 ? nodeWeight : this.nodeWeights[0];
          const improvement =
            (nodeWeight / rootWeight) *
            (impurity -
              (rightWeight / nodeWeight) * rightImpurity -
              (leftWeight / nodeWeight) * leftImpurity);
          if (improvement + EPSILON < minImpurityDecrease) isLeaf = true;
        }
      }

      const node = this.addNode(parent, isLeft, nodeWeight, impurity);
      if (isLeaf) {
        this.makeLeaf(node, nodeWeight);
        continue;
      }
      const feature = this.bestFeature;
      const leftWeight = this.bestLeftWeight;
      const rightWeight = nodeWeight - leftWeight;
      const leftImpurity = this.bestLeftImpurity;
      const rightImpurity = this.bestRightImpurity;
      this.nodeFeatures[node] = feature;
      this.thresholds[node] = this.bestThreshold;
      importances[feature] += nodeWeight * impurity - leftWeight * leftImpurity - rightWeight * rightImpurity;
      const split = this.partition(start, end, feature, this.bestRank);
      push(split, end, depth + 1, node, 0, constantsAfter);
      push(start, split, depth + 1, node, 1, constantsAfter);
    }
    return this.output();
  }

  // sklearn's BestSplitter.node_split: examines features in random order until maxFeatures
  // non-constant ones were seen (more when only constants came up), keeping the first split with
  // the largest Gini proxy −wR·giniR − wL·giniL (sklearn's formula, so that exactly tied splits
  // tie here too). Returns the number of known-constant features for the children.
  private findBestSplit(
    start: number,
    end: number,
    weights: Float64Array,
    nodeWeight: number,
    nodeSquares: number,
    knownConstants: number,
    random: RandomIntegerSource,
  ): number {
    const { ranks, rows, distinctValues, distinctOffsets } = this.columns;
    const features = this.featureOrder;
    const constantFeatures = this.constantFeatures;
    const labels = this.labels;
    const totals = this.classTotals;
    const left = this.leftCounts;
    const right = this.rightCounts;
    const classCount = this.classCount;
    const { minSamplesLeaf, maxFeatures } = this.options;
    const size = end - start;
    this.bestFeature = -1;
    this.bestPosition = -1;
    let bestProxy = Number.NEGATIVE_INFINITY;

    let remaining = features.length;
    let foundConstants = 0;
    let drawnConstants = 0;
    let totalConstants = knownConstants;
    let visited = 0;
    while (
      remaining > totalConstants &&
      (visited < maxFeatures || visited <= foundConstants + drawnConstants)
    ) {
      visited++;
      let j = drawnConstants + random.integer(remaining - foundConstants - drawnConstants);
      if (j < knownConstants) {
        const swap = features[drawnConstants];
        features[drawnConstants] = features[j];
        features[j] = swap;
        drawnConstants++;
        continue;
      }
      j += foundConstants;
      const feature = features[j];
      const base = feature * rows;
      const keys = this.keysA;
      const rowsOut = this.indexA;
      let minRank = 0xffffffff;
      let maxRank = 0;
      for (let i = 0; i < size; i++) {
        const row = this.samples[start + i];
        const rank = ranks[base + row];
        keys[i] = rank;
        rowsOut[i] = row;
        if (rank < minRank) minRank = rank;
        if (rank > maxRank) maxRank = rank;
      }
      const offset = distinctOffsets[feature];
      if (distinctValues[offset + maxRank] <= distinctValues[offset + minRank] + FEATURE_THRESHOLD) {
        features[j] = features[totalConstants];
        features[totalConstants] = feature;
        foundConstants++;
        totalConstants++;
        continue;
      }
      remaining--;
      features[j] = features[remaining];
      features[remaining] = feature;

      this.sortNode(size, minRank, maxRank - minRank + 1);
      const sortedKeys = this.sortedKeys;
      const sortedRows = this.sortedRows;
      left.fill(0);
      let leftWeight = 0;
      let leftSquares = 0;
      let rightSquares = nodeSquares;
      for (let i = 0; i < size - 1; i++) {
        const row = sortedRows[i];
        const c = labels[row];
        const w = weights[row];
        const before = left[c];
        leftSquares += w * (2 * before + w);
        rightSquares += w * (w - 2 * (totals[c] - before));
        left[c] = before + w;
        leftWeight += w;
        const position = i + 1;
        if (position < minSamplesLeaf) continue;
        if (size - position < minSamplesLeaf) break;
        const rankHere = sortedKeys[i];
        const rankNext = sortedKeys[i + 1];
        if (rankNext === rankHere) continue;
        const valueHere = distinctValues[offset + minRank + rankHere];
        const valueNext = distinctValues[offset + minRank + rankNext];
        if (valueNext <= valueHere + FEATURE_THRESHOLD) continue;
        const rightWeight = nodeWeight - leftWeight;
        let proxy: number;
        if (this.entropy) {
          // sklearn's default proxy: −wR·impurityR − wL·impurityL from the children's class weights.
          for (let k = 0; k < classCount; k++) right[k] = totals[k] - left[k];
          proxy =
            -rightWeight * this.impurityOf(right, rightWeight) -
            leftWeight * this.impurityOf(left, leftWeight);
        } else {
          proxy =
            -rightWeight * (1 - rightSquares / (rightWeight * rightWeight)) -
            leftWeight * (1 - leftSquares / (leftWeight * leftWeight));
        }
        if (proxy > bestProxy) {
          bestProxy = proxy;
          this.bestFeature = feature;
          this.bestPosition = position;
          this.bestRank = minRank + rankHere;
          let threshold = valueHere / 2 + valueNext / 2;
          if (threshold === valueNext || !Number.isFinite(threshold)) threshold = valueHere;
          this.bestThreshold = threshold;
          this.bestLeftWeight = leftWeight;
          // Recomputed from the counts (not the running sums) so that impurities are exact.
          for (let k = 0; k < classCount; k++) right[k] = totals[k] - left[k];
          this.bestLeftImpurity = this.impurityOf(left, leftWeight);
          this.bestRightImpurity = this.impurityOf(right, nodeWeight - leftWeight);
        }
      }
    }
    // Restore the known constants in their original order and record the new ones (sklearn's
    // invariant, so that siblings and children see the same constant prefix).
    for (let i = 0; i < knownConstants; i++) features[i] = constantFeatures[i];
    for (let i = knownConstants; i < knownConstants + foundConstants; i++) constantFeatures[i] = features[i];
    return totalConstants;
  }

  // Sorts keysA/indexA[0 … size) by key − minRank (range distinct keys); leaves the result in
  // sortedKeys/sortedRows with keys shifted to start at 0.
  private sortNode(size: number, minRank: number, range: number): void {
    const keys = this.keysA;
    const rows = this.indexA;
    for (let i = 0; i < size; i++) keys[i] -= minRank;
    if (size <= INSERTION_SORT_LIMIT) {
      for (let i = 1; i < size; i++) {
        const key = keys[i];
        const row = rows[i];
        let j = i - 1;
        while (j >= 0 && keys[j] > key) {
          keys[j + 1] = keys[j];
          rows[j + 1] = rows[j];
          j--;
        }
        keys[j + 1] = key;
        rows[j + 1] = row;
      }
      this.sortedKeys = keys;
      this.sortedRows = rows;
      return;
    }
    const counts = this.bucketCounts;
    if (range <= 4096 + 2 * size) {
      // One counting-sort pass over the key range.
      counts.fill(0, 0, range + 1);
      for (let i = 0; i < size; i++) counts[keys[i] + 1]++;
      for (let b = 1; b <= range; b++) counts[b] += counts[b - 1];
      const outKeys = this.keysB;
      const outRows = this.indexB;
      for (let i = 0; i < size; i++) {
        const key = keys[i];
        const at = counts[key]++;
        outKeys[at] = key;
        outRows[at] = rows[i];
      }
      this.sortedKeys = outKeys;
      this.sortedRows = outRows;
      return;
    }
    // LSD radix sort with 11-bit digits.
    let inKeys = keys;
    let inRows = rows;
    let outKeys = this.keysB;
    let outRows = this.indexB;
    for (let shift = 0; shift < 32 && (range - 1) >>> shift > 0; shift += RADIX_BITS) {
      counts.fill(0, 0, RADIX_BUCKETS + 1);
      for (let i = 0; i < size; i++) counts[((inKeys[i] >>> shift) & (RADIX_BUCKETS - 1)) + 1]++;
      for (let b = 1; b <= RADIX_BUCKETS; b++) counts[b] += counts[b - 1];
      for (let i = 0; i < size; i++) {
        const key = inKeys[i];
        const at = counts[(key >>> shift) & (RADIX_BUCKETS - 1)]++;
        outKeys[at] = key;
        outRows[at] = inRows[i];
      }
      const swapKeys = inKeys;
      inKeys = outKeys;
      outKeys = swapKeys;
      const swapRows = inRows;
      inRows = outRows;
      outRows = swapRows;
    }
    this.sortedKeys = inKeys;
    this.sortedRows = inRows;
  }

  // Moves the node's samples with rank ≤ splitRank to the front; returns the first right position.
  private partition(start: number, end: number, feature: number, splitRank: number): number {
    const samples = this.samples;
    const ranks = this.columns.ranks;
    const base = feature * this.columns.rows;
    let i = start;
    let j = end - 1;
    while (i <= j) {
      if (ranks[base + samples[i]] <= splitRank) i++;
      else {
        const swap = samples[i];
        samples[i] = samples[j];
        samples[j] = swap;
        j--;
      }
    }
    return i;
  }

  private addNode(parent: number, isLeft: number, weight: number, impurity: number): number {
    if (this.nodeCount === this.capacity) this.ensureCapacity(2 * this.capacity);
    const node = this.nodeCount++;
    if (parent >= 0) {
      if (isLeft) this.leftChildren[parent] = node;
      else this.rightChildren[parent] = node;
    }
    this.leftChildren[node] = -1;
    this.rightChildren[node] = -1;
    this.nodeFeatures[node] = -1;
    this.thresholds[node] = 0;
    this.nodeWeights[node] = weight;
    this.impurities[node] = impurity;
    this.leafIndices[node] = -1;
    return node;
  }

  private makeLeaf(node: number, nodeWeight: number): void {
    const classCount = this.classCount;
    if ((this.leafCount + 1) * classCount > this.leafProbabilities.length) {
      const grown = new Float64Array(Math.max(2 * this.leafProbabilities.length, 64 * classCount));
      grown.set(this.leafProbabilities);
      this.leafProbabilities = grown;
    }
    const at = this.leafCount * classCount;
    for (let c = 0; c < classCount; c++) this.leafProbabilities[at + c] = this.classTotals[c] / nodeWeight;
    this.leafIndices[node] = this.leafCount++;
  }

  private ensureCapacity(capacity: number): void {
    if (capacity <= this.capacity) return;
    const grow = <T extends Int32Array | Float64Array>(array: T, make: (n: number) => T): T => {
      const grown = make(capacity);
      grown.set(array.subarray(0, this.nodeCount) as never);
      return grown;
    };
    this.leftChildren = grow(this.leftChildren, (n) => new Int32Array(n));
    this.rightChildren = grow(this.rightChildren, (n) => new Int32Array(n));
    this.nodeFeatures = grow(this.nodeFeatures, (n) => new Int32Array(n));
    this.thresholds = grow(this.thresholds, (n) => new Float64Array(n));
    this.nodeWeights = grow(this.nodeWeights, (n) => new Float64Array(n));
    this.impurities = grow(this.impurities, (n) => new Float64Array(n));
    this.leafIndices = grow(this.leafIndices, (n) => new Int32Array(n));
    this.capacity = capacity;
  }

  private output(): ClassificationTree {
    const count = this.nodeCount;
    return {
      leftChildren: this.leftChildren.slice(0, count),
      rightChildren: this.rightChildren.slice(0, count),
      features: this.nodeFeatures.slice(0, count),
      thresholds: this.thresholds.slice(0, count),
      nodeWeights: this.nodeWeights.slice(0, count),
      impurities: this.impurities.slice(0, count),
      leafIndices: this.leafIndices.slice(0, count),
      leafProbabilities: this.leafProbabilities.slice(0, this.leafCount * this.classCount),
    };
  }
}

/** The leaf reached by the row of `data` starting at `offset` (values compared as float32, like sklearn). */
export function leafOfRow(tree: ClassificationTree, data: Float64Array, offset: number): number {
  const left = tree.leftChildren;
  const right = tree.rightChildren;
  const features = tree.features;
  const thresholds = tree.thresholds;
  let node = 0;
  while (left[node] >= 0) {
    node = Math.fround(data[offset + features[node]]) <= thresholds[node] ? left[node] : right[node];
  }
  return node;
}

/** Number of nodes of a tree. */
export function treeNodeCount(tree: ClassificationTree): number {
  return tree.leftChildren.length;
}
