/**
 * Ranks as `scipy.stats.rankdata(method="average")` assigns them (1-based, tied values share the
 * mean of their ranks), and the tie-correction term Σ(t³ − t) that rank tests need.
 * Ranks are whole or half-whole numbers, so every sum of them below 2^52 is exact and agrees with
 * NumPy whatever the summation order.
 */

/** Tie-group sizes up to this cube exactly as doubles (2^17 cubed is 2^51). */
const EXACT_CUBE_LIMIT = 2 ** 17;
/** Flush the running double sum into the BigInt before it could round. */
const EXACT_SUM_LIMIT = 2 ** 52;

/**
 * Accumulates Σ(t³ − t) over tie-group sizes t exactly, as NumPy's int64 arithmetic does, and
 * reports it as the nearest double (what NumPy's int64 → float64 conversion gives).
 */
export class TieCorrection {
  private smallSum = 0;
  private bigSum = 0n;

  /** Adds one tie group of `size` equal values (sizes 0 and 1 add nothing). */
  add(size: number): void {
    if (size < 2) return;
    if (size < EXACT_CUBE_LIMIT) {
      this.smallSum += size * size * size - size;
      if (this.smallSum >= EXACT_SUM_LIMIT) {
        this.bigSum += BigInt(this.smallSum);
        this.smallSum = 0;
      }
    } else {
      const t = BigInt(size);
      this.bigSum += t * t * t - t;
    }
  }

  /** Σ(t³ − t) rounded once to the nearest double. */
  value(): number {
    return this.bigSum === 0n ? this.smallSum : Number(this.bigSum + BigInt(this.smallSum));
  }
}

/** A sorted copy of the values as a Float64Array (ascending; −0 and +0 compare equal later). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** True when any value is NaN. */
export function containsNaN(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) return true;
  return false;
}

/**
 * Average ranks (1-based) of the values, as `scipy.stats.rankdata(values)`: ties get the mean of
 * the ranks they span. Any NaN makes every rank NaN (SciPy's default `nan_policy="propagate"`);
 * an empty input gives an empty array.
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const ranks = new Float64Array(n);
  if (containsNaN(values)) return ranks.fill(Number.NaN);
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a] - values[b] || a - b);
  let start = 0;
  while (start < n) {
    const value = values[order[start]];
    let end = start + 1;
    while (end < n && values[order[end]] === value) end++;
    // Ranks start + 1 … end share their mean.
    const rank = (start + 1 + end) / 2;
    for (let i = start; i < end; i++) ranks[order[i]] = rank;
    start = end;
  }
  return ranks;
}

/** What a two-sample rank test needs from the pooled ranks of x and y. */
export interface TwoSampleRanks {
  /** Sum of the average ranks of the x values within the pooled sample. */
  rankSumX: number;
  /** Σ(t³ − t) over the tie groups of the pooled sample. */
  tieTerm: number;
  /** True when any value occurs more than once in the pooled sample. */
  hasTies: boolean;
}

/**
 * Ranks x and y together (as `rankdata(concatenate([x, y]))`) and returns the rank sum of x and
 * the tie term, from sorted copies merged in one pass: O((n1 + n2) log) with no index sort.
 * Returns null when either sample contains NaN.
 */
export function twoSampleRanks(x: ArrayLike<number>, y: ArrayLike<number>): TwoSampleRanks | null {
  if (containsNaN(x) || containsNaN(y)) return null;
  const xs = sortedCopy(x);
  const ys = sortedCopy(y);
  const n1 = xs.length;
  const n2 = ys.length;
  const ties = new TieCorrection();
  let hasTies = false;
  let rankSumX = 0;
  let before = 0;
  let i = 0;
  let j = 0;
  while (i < n1 || j < n2) {
    const value = j >= n2 || (i < n1 && xs[i] <= ys[j]) ? xs[i] : ys[j];
    let countX = 0;
    while (i < n1 && xs[i] === value) {
      i++;
      countX++;
    }
    let countY = 0;
    while (j < n2 && ys[j] === value) {
      j++;
      countY++;
    }
    const size = countX + countY;
    if (size > 1) {
      hasTies = true;
      ties.add(size);
    }
    rankSumX += countX * (before + (size + 1) / 2);
    before += size;
  }
  return { rankSumX, tieTerm: ties.value(), hasTies };
}
