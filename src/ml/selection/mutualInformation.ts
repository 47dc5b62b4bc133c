import { lowerBound, upperBound } from "../../image/sortedSearch.js";
import { createRandom } from "../../util/random.js";
import type { Matrix } from "../matrix.js";
import { digamma } from "./digamma.js";

/** Options of {@link mutualInfoClassif}. */
export interface MutualInfoOptions {
  /** Neighbours of the k-NN estimator (default 3, as scikit-learn). */
  nNeighbors?: number;
  /** Seed of the jitter added to the features (default 0). */
  seed?: number;
  /**
   * Standard-normal draws (rows × cols, row-major) to use as the jitter instead of the seeded
   * generator's, e.g. NumPy's own draws in a parity test. The seed is then ignored.
   */
  noise?: Float64Array;
}

const EPSILON = 2.220446049250313e-16;

/**
 * Mutual information (nats) between each column of X and the class labels y, estimated as
 * scikit-learn 1.2's `mutual_info_classif` for continuous features: each column is divided by its
 * standard deviation, jittered by 1e-10 · max(1, mean |x|) · N(0, 1) to break ties, then Ross's
 * k-nearest-neighbour estimator ψ(n) + ⟨ψ(k)⟩ − ⟨ψ(n_class)⟩ − ⟨ψ(m)⟩ is applied, clipped at 0.
 * Samples of classes with a single member are ignored (0 when no class has two). The k-th
 * neighbour distance follows sklearn exactly, including the brute-force distance formula it uses
 * for small classes, so with the same jitter (`noise`) the values agree to rounding. Throws on NaN
 * or infinite values.
 */
export function mutualInfoClassif(
  X: Matrix,
  y: ArrayLike<number>,
  options: MutualInfoOptions = {},
): Float64Array {
  const { rows, cols, data } = X;
  const nNeighbors = options.nNeighbors ?? 3;
  if (!Number.isInteger(nNeighbors) || nNeighbors < 1)
    throw new RangeError(`mutualInfoClassif: nNeighbors must be an integer ≥ 1, got ${nNeighbors}`);
  if (y.length !== rows)
    throw new RangeError(`mutualInfoClassif: X has ${rows} rows but y has ${y.length} labels`);
  for (let i = 0; i < data.length; i++)
    if (!Number.isFinite(data[i]))
      throw new RangeError(
        `mutualInfoClassif: X has ${data[i]} at row ${Math.floor(i / cols)}, column ${i % cols}; only finite values are accepted`,
      );
  if (options.noise && options.noise.length !== rows * cols)
    throw new RangeError(
      `mutualInfoClassif: noise has ${options.noise.length} values, expected ${rows * cols}`,
    );
  const out = new Float64Array(cols);
  if (rows === 0) return out;

  const groups = groupByLabel(y);
  const random = createRandom(options.seed ?? 0);
  const column = new Float64Array(rows);
  const deviations = new Float64Array(rows);
  const estimator = new NeighbourCounts(rows, groups, nNeighbors);
  for (let f = 0; f < cols; f++) {
    // sklearn's scale(with_mean=False): divide by the population standard deviation (1 if ~0).
    // sklearn sees the columns as a Fortran-ordered copy, so NumPy sums each column pairwise.
    for (let r = 0; r < rows; r++) column[r] = data[r * cols + f];
    const mean = pairwiseSum(column, 0, rows) / rows;
    for (let r = 0; r < rows; r++) {
      const d = column[r] - mean;
      deviations[r] = d * d;
    }
    let scale = Math.sqrt(pairwiseSum(deviations, 0, rows) / rows);
    if (scale < 10 * EPSILON) scale = 1;
    for (let r = 0; r < rows; r++) {
      column[r] /= scale;
      deviations[r] = Math.abs(column[r]);
    }
    const absoluteSum = pairwiseSum(deviations, 0, rows);
    const amplitude = 1e-10 * Math.max(1, absoluteSum / rows);
    const noise = options.noise;
    for (let r = 0; r < rows; r++) column[r] += amplitude * (noise ? noise[r * cols + f] : random.normal());
    out[f] = estimator.mutualInformation(column);
  }
  return out;
}

/** Row indices per distinct label, labels in ascending order. */
interface LabelGroups {
  members: Int32Array[];
}

function groupByLabel(y: ArrayLike<number>): LabelGroups {
  const byLabel = new Map<number, number[]>();
  for (let i = 0; i < y.length; i++) {
    const label = y[i];
    if (!Number.isFinite(label))
      throw new RangeError(`mutualInfoClassif: label ${label} of row ${i} is not a number`);
    let list = byLabel.get(label);
    if (!list) byLabel.set(label, (list = []));
    list.push(i);
  }
  const labels = [...byLabel.keys()].sort((a, b) => a - b);
  return { members: labels.map((label) => Int32Array.from(byLabel.get(label)!)) };
}

// The estimator for one column, with buffers shared by all columns.
class NeighbourCounts {
  private readonly groups: LabelGroups;
  private readonly nNeighbors: number;
  private readonly radius: Float64Array;
  private readonly kOf: Float64Array;
  private readonly classSize: Float64Array;
  private readonly used: Int32Array;
  private readonly usedCount: number;
  private readonly sorted: Float64Array;
  private readonly classValues: Float64Array;
  private readonly classOrder: Int32Array;
  private readonly terms: Float64Array;
  private readonly bits = new Float64Array(1);
  private readonly words = new Uint32Array(this.bits.buffer);

  constructor(rows: number, groups: LabelGroups, nNeighbors: number) {
    this.groups = groups;
    this.nNeighbors = nNeighbors;
    this.radius = new Float64Array(rows);
    this.kOf = new Float64Array(rows);
    this.classSize = new Float64Array(rows);
    const used: number[] = [];
    for (const members of groups.members) if (members.length > 1) for (const row of members) used.push(row);
    used.sort((a, b) => a - b);
    this.used = Int32Array.from(used);
    this.usedCount = used.length;
    this.sorted = new Float64Array(used.length);
    this.classValues = new Float64Array(rows);
    this.classOrder = new Int32Array(rows);
    this.terms = new Float64Array(used.length);
  }

  mutualInformation(column: Float64Array): number {
    const n = this.usedCount;
    if (n === 0) return 0;
    for (const members of this.groups.members) {
      const count = members.length;
      if (count < 2) continue;
      const k = Math.min(this.nNeighbors, count - 1);
      // sklearn's NearestNeighbors(algorithm="auto") uses brute force when k ≥ count // 2.
      if (k >= Math.floor(count / 2)) this.bruteForceRadii(column, members, k);
      else this.sortedRadii(column, members, k);
      for (let i = 0; i < count; i++) {
        this.kOf[members[i]] = k;
        this.classSize[members[i]] = count;
      }
    }
    const used = this.used;
    const sorted = this.sorted;
    for (let i = 0; i < n; i++) sorted[i] = column[used[i]];
    sorted.sort();
    const terms = this.terms;
    for (let i = 0; i < n; i++) {
      const row = used[i];
      terms[i] = digamma(this.countWithin(sorted, column[row], this.radius[row]));
    }
    const meanNeighbours = pairwiseSum(terms, 0, n) / n;
    for (let i = 0; i < n; i++) terms[i] = digamma(this.kOf[used[i]]);
    const meanK = pairwiseSum(terms, 0, n) / n;
    for (let i = 0; i < n; i++) terms[i] = digamma(this.classSize[used[i]]);
    const meanClass = pairwiseSum(terms, 0, n) / n;
    const mi = digamma(n) + meanK - meanClass - meanNeighbours;
    return Math.max(0, mi);
  }

  // Radius per member: just below the distance to its k-th nearest class mate, with sklearn's
  // brute-force squared distance ‖a‖² − 2ab + ‖b‖² (clipped at 0).
  private bruteForceRadii(column: Float64Array, members: Int32Array, k: number): void {
    const count = members.length;
    const distances = this.classValues;
    for (let i = 0; i < count; i++) {
      const a = column[members[i]];
      let m = 0;
      for (let j = 0; j < count; j++) {
        if (j === i) continue;
        const b = column[members[j]];
        const squared = a * a + -2 * (a * b) + b * b;
        distances[m++] = Math.max(squared, 0);
      }
      const kth = kthSmallest(distances, m, k);
      this.radius[members[i]] = this.nextDown(Math.sqrt(kth));
    }
  }

  // Radius per member from the class sorted by value: the k nearest lie in a window around it;
  // squared distances (a − b)² as sklearn's KD-tree computes them.
  private sortedRadii(column: Float64Array, members: Int32Array, k: number): void {
    const count = members.length;
    const values = this.classValues;
    const order = this.classOrder;
    for (let i = 0; i < count; i++) order[i] = i;
    const slice = order.subarray(0, count);
    slice.sort((a, b) => column[members[a]] - column[members[b]] || a - b);
    for (let i = 0; i < count; i++) values[i] = column[members[slice[i]]];
    for (let i = 0; i < count; i++) {
      const x = values[i];
      let left = i - 1;
      let right = i + 1;
      let kth = 0;
      for (let taken = 0; taken < k; taken++) {
        const dl = left >= 0 ? (x - values[left]) * (x - values[left]) : Number.POSITIVE_INFINITY;
        const dr = right < count ? (values[right] - x) * (values[right] - x) : Number.POSITIVE_INFINITY;
        if (dl <= dr) {
          kth = dl;
          left--;
        } else {
          kth = dr;
          right++;
        }
      }
      this.radius[members[slice[i]]] = this.nextDown(Math.sqrt(kth));
    }
  }

  // Points of `sorted` (all used samples) with (x − v)² ≤ radius², itself included, as sklearn's
  // KDTree.query_radius(count_only=True) counts them.
  private countWithin(sorted: Float64Array, x: number, radius: number): number {
    const limit = radius * radius;
    const n = sorted.length;
    // Leftmost index whose squared distance is within the limit (the predicate holds on a
    // contiguous run around x, monotone on each side).
    let low = 0;
    let high = lowerBound(sorted, x);
    while (low < high) {
      const middle = (low + high) >>> 1;
      const d = x - sorted[middle];
      if (d * d <= limit) high = middle;
      else low = middle + 1;
    }
    const first = low;
    low = upperBound(sorted, x);
    high = n;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const d = sorted[middle] - x;
      if (d * d <= limit) low = middle + 1;
      else high = middle;
    }
    return low - first;
  }

  // The largest double below a positive finite value (NumPy's nextafter(r, 0)); 0 stays 0.
  private nextDown(value: number): number {
    if (value <= 0) return 0;
    const { bits, words } = this;
    bits[0] = value;
    // Little-endian: words[0] is the low half of the bit pattern.
    if (words[0] === 0) {
      words[0] = 0xffffffff;
      words[1] -= 1;
    } else words[0] -= 1;
    return bits[0];
  }
}

// The k-th smallest (1-based) of values[0 … count) by partial selection; reorders values.
function kthSmallest(values: Float64Array, count: number, k: number): number {
  for (let i = 0; i < k; i++) {
    let best = i;
    for (let j = i + 1; j < count; j++) if (values[j] < values[best]) best = j;
    const swap = values[i];
    values[i] = values[best];
    values[best] = swap;
  }
  return values[k - 1];
}

/**
 * Sum of values[start … start + count) in NumPy's pairwise order (8 accumulators per block of up to
 * 128, halves above), so that means match NumPy's to the last bit.
 */
export function pairwiseSum(values: Float64Array, start: number, count: number): number {
  if (count < 8) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += values[start + i];
    return sum;
  }
  if (count <= 128) {
    const r = [
      values[start],
      values[start + 1],
      values[start + 2],
      values[start + 3],
      values[start + 4],
      values[start + 5],
      values[start + 6],
      values[start + 7],
    ];
    let i = 8;
    for (; i < count - (count % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += values[start + i + j];
    let sum = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < count; i++) sum += values[start + i];
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half);
}
