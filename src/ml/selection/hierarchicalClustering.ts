/** Linkage criteria computed by the nearest-neighbour-chain algorithm (as SciPy does for them). */
export type LinkageMethod = "average" | "complete" | "weighted";

/** Position of pair (i, j), i ≠ j, in a condensed distance matrix of n observations (SciPy's order). */
export function condensedIndex(n: number, i: number, j: number): number {
  if (i > j) {
    const swap = i;
    i = j;
    j = swap;
  }
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

/** The condensed form (upper triangle, row by row) of an n × n row-major distance matrix; the diagonal is ignored. */
export function condensedFromSquare(square: ArrayLike<number>, n: number): Float64Array {
  if (square.length !== n * n)
    throw new RangeError(`a ${n} × ${n} matrix has ${n * n} values, got ${square.length}`);
  const out = new Float64Array((n * (n - 1)) / 2);
  let at = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[at++] = square[i * n + j];
  return out;
}

/** Number of observations of a condensed matrix with `length` entries; throws when no n fits. */
export function observationCount(length: number): number {
  const n = Math.round((1 + Math.sqrt(1 + 8 * length)) / 2);
  if ((n * (n - 1)) / 2 !== length)
    throw new RangeError(`a condensed distance matrix cannot have ${length} entries`);
  return n;
}

// Lance–Williams updates: distance from cluster i to the merge of x and y.
function mergedDistance(method: LinkageMethod, dxi: number, dyi: number, nx: number, ny: number): number {
  if (method === "average") return (nx * dxi + ny * dyi) / (nx + ny);
  if (method === "complete") return Math.max(dxi, dyi);
  return 0.5 * (dxi + dyi);
}

/**
 * Agglomerative clustering of n observations from a condensed distance matrix, with SciPy 1.10's
 * `linkage(y, method)` result: (n − 1) × 4 row-major [cluster a, cluster b, height, size], merges
 * sorted by height (stable), new clusters numbered n, n + 1, … and a < b in each row. Same
 * nearest-neighbour-chain algorithm and tie-breaking as SciPy, so ties merge in the same order.
 * Throws on non-finite distances. n = 1 gives an empty matrix.
 */
export function linkage(condensed: ArrayLike<number>, method: LinkageMethod = "average"): Float64Array {
  const n = observationCount(condensed.length);
  for (let i = 0; i < condensed.length; i++)
    if (!Number.isFinite(condensed[i]))
      throw new RangeError("linkage: the condensed distance matrix must contain only finite values");
  if (method !== "average" && method !== "complete" && method !== "weighted")
    throw new RangeError(`linkage: unknown method '${method}'`);
  const merges = n - 1;
  const Z = new Float64Array(4 * Math.max(0, merges));
  if (merges <= 0) return Z;
  const D = Float64Array.from(condensed);
  const size = new Int32Array(n).fill(1);
  const chain = new Int32Array(n);
  let chainLength = 0;
  for (let k = 0; k < merges; k++) {
    if (chainLength === 0) {
      chainLength = 1;
      for (let i = 0; i < n; i++)
        if (size[i] > 0) {
          chain[0] = i;
          break;
        }
    }
    let x = 0;
    let y = 0;
    let currentMin = Number.POSITIVE_INFINITY;
    // Follow nearest neighbours until two clusters are each other's nearest.
    for (;;) {
      x = chain[chainLength - 1];
      // The previous chain element wins ties, which keeps the chain from cycling.
      if (chainLength > 1) {
        y = chain[chainLength - 2];
        currentMin = D[condensedIndex(n, x, y)];
      } else currentMin = Number.POSITIVE_INFINITY;
      for (let i = 0; i < n; i++) {
        if (size[i] === 0 || i === x) continue;
        const distance = D[condensedIndex(n, x, i)];
        if (distance < currentMin) {
          currentMin = distance;
          y = i;
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) {
      const swap = x;
      x = y;
      y = swap;
    }
    const nx = size[x];
    const ny = size[y];
    Z[4 * k] = x;
    Z[4 * k + 1] = y;
    Z[4 * k + 2] = currentMin;
    Z[4 * k + 3] = nx + ny;
    size[x] = 0;
    size[y] = nx + ny;
    for (let i = 0; i < n; i++) {
      if (size[i] === 0 || i === y) continue;
      D[condensedIndex(n, i, y)] = mergedDistance(
        method,
        D[condensedIndex(n, i, x)],
        D[condensedIndex(n, i, y)],
        nx,
        ny,
      );
    }
  }
  const sorted = sortMergesByHeight(Z, merges);
  relabel(sorted, n);
  return sorted;
}

// Stable sort of the merge rows by height (NumPy's mergesort argsort).
function sortMergesByHeight(Z: Float64Array, merges: number): Float64Array {
  const order = Array.from({ length: merges }, (_, i) => i);
  order.sort((a, b) => Z[4 * a + 2] - Z[4 * b + 2] || a - b);
  const out = new Float64Array(4 * merges);
  for (let i = 0; i < merges; i++) out.set(Z.subarray(4 * order[i], 4 * order[i] + 4), 4 * i);
  return out;
}

// Replaces the observation indices of the chain algorithm by cluster ids in merge order (SciPy's
// `label`): a union-find over 2n − 1 nodes where the k-th merge creates node n + k.
function relabel(Z: Float64Array, n: number): void {
  const parent = new Int32Array(2 * n - 1);
  const clusterSize = new Int32Array(2 * n - 1).fill(1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    let root = x;
    while (parent[root] !== root) root = parent[root];
    while (parent[x] !== root) {
      const next = parent[x];
      parent[x] = root;
      x = next;
    }
    return root;
  };
  let nextLabel = n;
  for (let k = 0; k < n - 1; k++) {
    const a = find(Z[4 * k]);
    const b = find(Z[4 * k + 1]);
    Z[4 * k] = Math.min(a, b);
    Z[4 * k + 1] = Math.max(a, b);
    parent[a] = nextLabel;
    parent[b] = nextLabel;
    clusterSize[nextLabel] = clusterSize[a] + clusterSize[b];
    Z[4 * k + 3] = clusterSize[nextLabel];
    nextLabel++;
  }
}

/**
 * Flat clusters as SciPy's `fcluster(Z, maxClusters, criterion="maxclust")`: the lowest cut height
 * (among the merge heights) that leaves at most `maxClusters` clusters; labels 1…k numbered in
 * the dendrogram's left-to-right order. With tied heights there can be fewer than maxClusters
 * clusters (use {@link cutIntoClusters} for exactly k).
 */
export function fclusterMaxclust(Z: Float64Array, maxClusters: number): Int32Array {
  const n = Z.length / 4 + 1;
  if (!Number.isInteger(maxClusters) || maxClusters < 1)
    throw new RangeError(`maxClusters must be an integer ≥ 1, got ${maxClusters}`);
  const labels = new Int32Array(n);
  if (maxClusters >= n) {
    for (let i = 0; i < n; i++) labels[i] = i + 1;
    return labels;
  }
  const maxHeight = maxHeightBelow(Z, n);
  // maxHeight is non-decreasing along Z's rows for a monotone linkage, so the lowest admissible
  // threshold is found by bisection over the rows, as SciPy does.
  let lower = -1;
  let upper = n - 2;
  while (upper - lower > 1) {
    const middle = (lower + upper) >> 1;
    if (clusterCountAtCut(Z, n, maxHeight, maxHeight[middle]) > maxClusters) lower = middle;
    else upper = middle;
  }
  assignMonocrit(Z, n, maxHeight, maxHeight[upper], labels);
  return labels;
}

/**
 * Exactly k flat clusters (1 ≤ k ≤ n), as SciPy's `cut_tree(Z, n_clusters=k)`: the clusters left
 * after the n − k lowest merges, where merges of equal height are taken in cut_tree's order (the
 * one its breadth-first walk from the root reaches last comes first). Labels 0…k−1 number the
 * clusters in order of their smallest observation.
 */
export function cutIntoClusters(Z: Float64Array, k: number): Int32Array {
  const n = Z.length / 4 + 1;
  if (!Number.isInteger(k) || k < 1 || k > n)
    throw new RangeError(`k must be an integer in [1, ${n}], got ${k}`);
  const order = cutTreeMergeOrder(Z, n);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  for (let m = 0; m < n - k; m++) {
    const row = order[m];
    parent[Z[4 * row]] = n + row;
    parent[Z[4 * row + 1]] = n + row;
  }
  const rootLabel = new Int32Array(2 * n - 1).fill(-1);
  const labels = new Int32Array(n);
  let next = 0;
  for (let i = 0; i < n; i++) {
    let root = i;
    while (parent[root] !== root) root = parent[root];
    if (rootLabel[root] < 0) rootLabel[root] = next++;
    labels[i] = rootLabel[root];
  }
  return labels;
}

// The merge rows in SciPy's _order_cluster_tree order: visited breadth-first from the root (right
// child queued before left), each inserted before the already listed merges of equal height.
function cutTreeMergeOrder(Z: Float64Array, n: number): Int32Array {
  const merges = n - 1;
  const visit = new Int32Array(merges);
  const queue = new Int32Array(merges);
  let head = 0;
  let tail = 0;
  if (merges > 0) queue[tail++] = merges - 1;
  let visited = 0;
  while (head < tail) {
    const row = queue[head++];
    visit[row] = visited++;
    const left = Z[4 * row];
    const right = Z[4 * row + 1];
    if (right >= n) queue[tail++] = right - n;
    if (left >= n) queue[tail++] = left - n;
  }
  const order = Array.from({ length: merges }, (_, i) => i);
  order.sort((a, b) => Z[4 * a + 2] - Z[4 * b + 2] || visit[b] - visit[a]);
  return Int32Array.from(order);
}

// For every merge row, the largest height in its subtree (SciPy's get_max_dist_for_each_cluster).
function maxHeightBelow(Z: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n - 1);
  for (let k = 0; k < n - 1; k++) {
    // Children come before their parent in Z, so a forward pass suffices.
    let height = Z[4 * k + 2];
    const a = Z[4 * k];
    const b = Z[4 * k + 1];
    if (a >= n && out[a - n] > height) height = out[a - n];
    if (b >= n && out[b - n] > height) height = out[b - n];
    out[k] = height;
  }
  return out;
}

// Number of flat clusters when every subtree whose max height ≤ threshold forms one cluster.
function clusterCountAtCut(Z: Float64Array, n: number, maxHeight: Float64Array, threshold: number): number {
  let count = 0;
  const stack = [2 * n - 2];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node < n || maxHeight[node - n] <= threshold) {
      count++;
      continue;
    }
    stack.push(Z[4 * (node - n)], Z[4 * (node - n) + 1]);
  }
  return count;
}

// SciPy's cluster_monocrit: a subtree whose max height ≤ cutoff is one cluster; numbers start at
// 1 and follow SciPy's walk, which numbers a node's non-singleton children (left, then right)
// before its singleton children (left, then right).
function assignMonocrit(
  Z: Float64Array,
  n: number,
  maxHeight: Float64Array,
  cutoff: number,
  labels: Int32Array,
): void {
  let clusterCount = 0;
  // Frames of an explicit depth-first walk: node, cluster number inherited (0 = none), stage.
  const nodes = new Int32Array(n);
  const numbers = new Int32Array(n);
  const stages = new Int8Array(n);
  let top = 0;
  nodes[0] = 2 * n - 2;
  numbers[0] = 0;
  stages[0] = 0;
  while (top >= 0) {
    const row = nodes[top] - n;
    const left = Z[4 * row];
    const right = Z[4 * row + 1];
    if (stages[top] === 0) {
      if (numbers[top] === 0 && maxHeight[row] <= cutoff) numbers[top] = ++clusterCount;
      stages[top] = 1;
      if (left >= n) {
        top++;
        nodes[top] = left;
        numbers[top] = numbers[top - 1];
        stages[top] = 0;
        continue;
      }
    }
    if (stages[top] === 1) {
      stages[top] = 2;
      if (right >= n) {
        top++;
        nodes[top] = right;
        numbers[top] = numbers[top - 1];
        stages[top] = 0;
        continue;
      }
    }
    const number = numbers[top];
    if (left < n) labels[left] = number !== 0 ? number : ++clusterCount;
    if (right < n) labels[right] = number !== 0 ? number : ++clusterCount;
    top--;
  }
}
