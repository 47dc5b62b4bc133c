import { baseMarginOf } from "../ml/gbdt/objectives.js";
import { outputGroupsOf, type RegressionTree, type TreeEnsemble } from "../ml/gbdt/treeEnsemble.js";
import type { Matrix } from "../ml/matrix.js";

/**
 * SHAP values of a tree ensemble: rows × groups × columns, with columns = features + 1 and the
 * bias (expected margin) in the last column of each block. Value (r, g, j) sits at
 * `values[(r * groups + g) * columns + j]`; this is XGBoost's `pred_contribs=True` layout.
 */
export interface ShapValues {
  values: Float64Array;
  rows: number;
  /** Output groups: the class count for multi:softprob, otherwise 1. */
  groups: number;
  /** numFeature + 1 (the bias last). */
  columns: number;
}

/** Options of {@link treeShap}. */
export interface TreeShapOptions {
  /** Use only the first trees (default all), e.g. those up to the best iteration. */
  treeLimit?: number;
  /**
   * Leaves whose path has at most this many distinct features get their contributions tabulated
   * for every pattern of satisfied conditions (2^m patterns × m values); longer paths are
   * computed row by row. Default 8; 0 computes everything row by row (slower, same values).
   */
  tabulatedPathLength?: number;
}

// Upper bound on the tabulated contributions held at once (doubles, 256 MB); beyond it the trees
// are explained in chunks.
const TABLE_BUDGET = 32 * 1024 * 1024;
// Rows explained together, tree by tree (their float32 copies and SHAP blocks stay in cache).
const ROW_BLOCK = 64;

/**
 * The leaves of one tree with what TreeSHAP needs about their paths. Along the path of a leaf,
 * the distinct split features form its "unique path" of m elements: element j has a zero
 * fraction z_j (the product of the covers' child/parent ratios at the splits on that feature) and
 * a one fraction o_j ∈ {0, 1} (1 when the row follows the path at every split on that feature).
 * The leaf adds v · (o_j − z_j) · U_j(o, z) to feature j, where U_j is the unwound path sum of
 * Lundberg's Algorithm 2; it depends on the row only through the bit pattern o.
 */
interface PreparedTree {
  tree: RegressionTree;
  group: number;
  /** Cover-weighted mean of the leaf values: the tree's expected value. */
  expectedValue: number;
  /** Internal nodes in preorder (parents before children). */
  internalNodes: Int32Array;
  /**
   * Per internal node, the bit of its feature's element in the unique path from the root: the
   * numbering by first occurrence is shared by every leaf below the node.
   */
  nodeBit: Int32Array;
  leafNode: Int32Array;
  leafValue: Float64Array;
  /** Distinct features on the leaf's path (m). */
  elementCount: Int32Array;
  elementStart: Int32Array;
  elementFeature: Int32Array;
  elementZero: Float64Array;
  /** Offset of the leaf's contributions (2^m patterns × m) in the tree's table, −1 when not tabulated. */
  tableOffset: Int32Array;
  tableSize: number;
  table: Float64Array | null;
}

/**
 * Exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2) over the trees' covers
 * (`sumHessians`), giving XGBoost's `pred_contribs=True`: per row and output group, the
 * contribution of every feature to the margin plus the bias, so that each block sums to the row's
 * margin. Features are rounded to float32 before comparison and NaN follows the default
 * direction, as in prediction. Leaf contributions are tabulated per pattern of satisfied path
 * conditions (the idea of Fast TreeSHAP v2, Yang 2021), so a row costs O(trees × leaves × depth).
 */
export function treeShap(
  model: TreeEnsemble | { ensemble: TreeEnsemble },
  X: Matrix,
  options: TreeShapOptions = {},
): ShapValues {
  const ensemble = "ensemble" in model ? model.ensemble : model;
  return new TreeShapExplainer(ensemble, options).explain(X);
}

/** Prepares an ensemble once (expected values, unique paths) to explain many matrices. */
export class TreeShapExplainer {
  readonly groups: number;
  readonly columns: number;
  private readonly prepared: PreparedTree[];
  private readonly bias: Float64Array;
  private readonly tabulatedPathLength: number;
  private readonly weights: Float64Array;
  private readonly contributions: Float64Array;

  /** Prepares the first `treeLimit` trees of `ensemble`. */
  constructor(
    private readonly ensemble: TreeEnsemble,
    options: TreeShapOptions = {},
  ) {
    this.groups = outputGroupsOf(ensemble);
    this.columns = ensemble.numFeature + 1;
    this.tabulatedPathLength = Math.min(options.tabulatedPathLength ?? 8, 20);
    const treeCount = Math.min(options.treeLimit ?? ensemble.trees.length, ensemble.trees.length);
    this.bias = new Float64Array(this.groups).fill(baseMarginOf(ensemble.objective, ensemble.baseScore));
    this.prepared = [];
    let longest = 0;
    for (let t = 0; t < treeCount; t++) {
      const prepared = prepareTree(ensemble.trees[t], ensemble.treeGroups[t], this.tabulatedPathLength);
      this.prepared.push(prepared);
      this.bias[prepared.group] += prepared.expectedValue;
      for (const m of prepared.elementCount) longest = Math.max(longest, m);
    }
    this.weights = new Float64Array(longest + 1);
    this.contributions = new Float64Array(longest);
  }

  /** SHAP values of every row of X (see {@link ShapValues}); X needs at least numFeature columns. */
  explain(X: Matrix): ShapValues {
    const numFeature = this.ensemble.numFeature;
    if (X.cols < numFeature) throw new RangeError(`the model needs ${numFeature} features, X has ${X.cols}`);
    const { groups, columns } = this;
    const values = new Float64Array(X.rows * groups * columns);
    for (let r = 0; r < X.rows; r++)
      for (let g = 0; g < groups; g++) values[(r * groups + g) * columns + numFeature] = this.bias[g];
    const cols = X.cols;
    const block = new Float32Array(ROW_BLOCK * cols);
    let maxNodes = 1;
    for (const p of this.prepared) maxNodes = Math.max(maxNodes, p.tree.leftChildren.length);
    const patterns = new Int32Array(maxNodes);
    // Trees are explained in chunks whose tables fit the budget; a chunk's tables are freed after it.
    let chunkStart = 0;
    while (chunkStart < this.prepared.length) {
      let chunkEnd = chunkStart;
      let size = 0;
      do size += this.prepared[chunkEnd++].tableSize;
      while (chunkEnd < this.prepared.length && size + this.prepared[chunkEnd].tableSize <= TABLE_BUDGET);
      for (let t = chunkStart; t < chunkEnd; t++)
        fillTable(this.prepared[t], this.weights, this.contributions);
      // Rows in blocks, trees outside rows: a tree's table is read from cache for the whole block.
      for (let first = 0; first < X.rows; first += ROW_BLOCK) {
        const count = Math.min(ROW_BLOCK, X.rows - first);
        block.set(X.data.subarray(first * cols, (first + count) * cols));
        for (let t = chunkStart; t < chunkEnd; t++) {
          const p = this.prepared[t];
          for (let i = 0; i < count; i++)
            this.explainTree(
              p,
              block,
              i * cols,
              patterns,
              values,
              ((first + i) * groups + p.group) * columns,
            );
        }
      }
      for (let t = chunkStart; t < chunkEnd; t++) this.prepared[t].table = null;
      chunkStart = chunkEnd;
    }
    return { values, rows: X.rows, groups, columns };
  }

  private explainTree(
    p: PreparedTree,
    rows: Float32Array,
    rowOffset: number,
    patterns: Int32Array,
    phi: Float64Array,
    offset: number,
  ): void {
    const { leftChildren, rightChildren, splitFeatures, splitConditions, defaultLeft } = p.tree;
    const {
      internalNodes,
      nodeBit,
      leafNode,
      leafValue,
      elementCount,
      elementStart,
      elementFeature,
      tableOffset,
    } = p;
    // A row's pattern of satisfied conditions, pushed down the tree: a child clears the bit of
    // its parent's feature when the row does not go its way.
    patterns[0] = -1;
    for (let i = 0; i < internalNodes.length; i++) {
      const node = internalNodes[i];
      const value = rows[rowOffset + splitFeatures[node]];
      // 1 when the row goes left; arithmetic instead of branches, which the data would mispredict.
      let left = +(value < splitConditions[node]);
      if (Number.isNaN(value)) left = defaultLeft[node];
      const pattern = patterns[node];
      const bit = nodeBit[node];
      patterns[leftChildren[node]] = pattern & ~(bit & (left - 1));
      patterns[rightChildren[node]] = pattern & ~(bit & -left);
    }
    const table = p.table;
    const contributions = this.contributions;
    for (let leaf = 0; leaf < leafValue.length; leaf++) {
      const m = elementCount[leaf];
      if (m === 0) continue;
      const pattern = patterns[leafNode[leaf]] & ((1 << m) - 1);
      const elements = elementStart[leaf];
      const tabulated = tableOffset[leaf];
      if (table !== null && tabulated >= 0) {
        const base = tabulated + pattern * m;
        for (let j = 0; j < m; j++) phi[offset + elementFeature[elements + j]] += table[base + j];
      } else {
        leafContributions(p.elementZero, elements, m, pattern, leafValue[leaf], this.weights, contributions);
        for (let j = 0; j < m; j++) phi[offset + elementFeature[elements + j]] += contributions[j];
      }
    }
  }
}

function prepareTree(tree: RegressionTree, group: number, tabulatedPathLength: number): PreparedTree {
  const nodes = tree.leftChildren.length;
  const meanValues = new Float64Array(nodes);
  fillMeanValues(tree, 0, meanValues);
  const internal: number[] = [];
  const nodeBit = new Int32Array(nodes);
  const leafNode: number[] = [];
  const leafValue: number[] = [];
  const elementCount: number[] = [];
  const elementStart: number[] = [];
  const elementFeature: number[] = [];
  const elementZero: number[] = [];
  const tableOffset: number[] = [];
  let tableSize = 0;
  // Depth-first walk (preorder) keeping the path's distinct features and their zero fractions.
  const pathFeatures: number[] = [];
  const pathZeros: number[] = [];
  const visit = (node: number) => {
    const left = tree.leftChildren[node];
    if (left < 0) {
      const m = pathFeatures.length;
      // Patterns of one fractions are 32-bit masks.
      if (m > 30) throw new RangeError(`TreeSHAP supports paths with up to 30 distinct features, found ${m}`);
      leafNode.push(node);
      leafValue.push(tree.splitConditions[node]);
      elementStart.push(elementFeature.length);
      elementCount.push(m);
      elementFeature.push(...pathFeatures);
      elementZero.push(...pathZeros);
      if (m > 0 && m <= tabulatedPathLength) {
        tableOffset.push(tableSize);
        tableSize += (1 << m) * m;
      } else {
        tableOffset.push(-1);
      }
      return;
    }
    internal.push(node);
    const feature = tree.splitFeatures[node];
    let element = pathFeatures.indexOf(feature);
    const isNew = element < 0;
    if (isNew) {
      element = pathFeatures.length;
      pathFeatures.push(feature);
      pathZeros.push(1);
    }
    nodeBit[node] = element < 31 ? 1 << element : 0;
    const zeroBefore = pathZeros[element];
    for (const child of [left, tree.rightChildren[node]]) {
      pathZeros[element] = (zeroBefore * tree.sumHessians[child]) / tree.sumHessians[node];
      visit(child);
    }
    pathZeros[element] = zeroBefore;
    if (isNew) {
      pathFeatures.pop();
      pathZeros.pop();
    }
  };
  visit(0);
  return {
    tree,
    group,
    expectedValue: meanValues[0],
    internalNodes: Int32Array.from(internal),
    nodeBit,
    leafNode: Int32Array.from(leafNode),
    leafValue: Float64Array.from(leafValue),
    elementCount: Int32Array.from(elementCount),
    elementStart: Int32Array.from(elementStart),
    elementFeature: Int32Array.from(elementFeature),
    elementZero: Float64Array.from(elementZero),
    tableOffset: Int32Array.from(tableOffset),
    tableSize,
    table: null,
  };
}

/** Tabulates the contributions of every tabulated leaf for every pattern of one fractions. */
function fillTable(p: PreparedTree, weights: Float64Array, contributions: Float64Array): void {
  if (p.tableSize === 0) return;
  const table = new Float64Array(p.tableSize);
  for (let leaf = 0; leaf < p.leafValue.length; leaf++) {
    const offset = p.tableOffset[leaf];
    if (offset < 0) continue;
    const m = p.elementCount[leaf];
    for (let pattern = 0; pattern < 1 << m; pattern++) {
      leafContributions(
        p.elementZero,
        p.elementStart[leaf],
        m,
        pattern,
        p.leafValue[leaf],
        weights,
        contributions,
      );
      table.set(contributions.subarray(0, m), offset + pattern * m);
    }
  }
  p.table = table;
}

/**
 * The contributions v · (o_j − z_j) · U_j of a leaf with value v to its m path elements, where
 * o_j is bit j of `pattern`: the path is extended element by element (after the root's dummy
 * element with z = o = 1) and each element's share is unwound from it (ExtendPath and
 * UnwoundPathSum of Lundberg's Algorithm 2).
 */
function leafContributions(
  zero: Float64Array,
  start: number,
  m: number,
  pattern: number,
  leafValue: number,
  weights: Float64Array,
  out: Float64Array,
): void {
  weights[0] = 1;
  for (let d = 1; d <= m; d++) {
    const zeroFraction = zero[start + d - 1];
    const oneFraction = (pattern >> (d - 1)) & 1;
    weights[d] = 0;
    const scale = 1 / (d + 1);
    for (let i = d - 1; i >= 0; i--) {
      weights[i + 1] += oneFraction * weights[i] * (i + 1) * scale;
      weights[i] = zeroFraction * weights[i] * (d - i) * scale;
    }
  }
  for (let j = 1; j <= m; j++) {
    const zeroFraction = zero[start + j - 1];
    const oneFraction = (pattern >> (j - 1)) & 1;
    let total = 0;
    if (oneFraction !== 0) {
      let next = weights[m];
      for (let i = m - 1; i >= 0; i--) {
        const tmp = (next * (m + 1)) / (i + 1);
        total += tmp;
        next = weights[i] - (tmp * zeroFraction * (m - i)) / (m + 1);
      }
    } else if (zeroFraction !== 0) {
      for (let i = m - 1; i >= 0; i--) total += (weights[i] / zeroFraction) * ((m + 1) / (m - i));
    }
    out[j - 1] = total * (oneFraction - zeroFraction) * leafValue;
  }
}

function fillMeanValues(tree: RegressionTree, node: number, out: Float64Array): number {
  const left = tree.leftChildren[node];
  let result: number;
  if (left < 0) {
    result = tree.splitConditions[node];
  } else {
    const right = tree.rightChildren[node];
    result =
      (fillMeanValues(tree, left, out) * tree.sumHessians[left] +
        fillMeanValues(tree, right, out) * tree.sumHessians[right]) /
      tree.sumHessians[node];
  }
  out[node] = result;
  return result;
}
