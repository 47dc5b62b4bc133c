/**
 * Descriptive statistics with the exact rounding of NumPy 1.24 / SciPy 1.10, so that features built
 * on them match the Python tool to the last bits: sums follow NumPy's buffered pairwise summation,
 * moments follow `scipy.stats`, percentiles NumPy's default linear method.
 */

/** NumPy reduces in buffers of this many elements and sums the buffers one after the other. */
const NUMPY_BUFFER_SIZE = 8192;
/** Below this length NumPy's pairwise summation switches to an 8-accumulator loop. */
const PAIRWISE_BLOCK = 128;
/**
 * A plain left-to-right sum equals NumPy's pairwise sum when every value is an integer and the sum
 * of their magnitudes is at most this: every partial sum is then an exact float64 integer. Pixel
 * data (integers up to 65535) meets it for any realistic cell, which allows single-pass sums.
 */
export const EXACT_INTEGER_SUM_LIMIT = 2 ** 53;

/** `np.finfo(np.float64).resolution`: scipy treats a variance below (resolution·mean)² as zero. */
const FLOAT64_RESOLUTION = 1e-15;

function pairwiseBlock(values: Float64Array, start: number, length: number): number {
  if (length < 8) {
    let total = 0;
    for (let i = start, end = start + length; i < end; i++) total += values[i];
    return total;
  }
  if (length <= PAIRWISE_BLOCK) {
    let r0 = values[start];
    let r1 = values[start + 1];
    let r2 = values[start + 2];
    let r3 = values[start + 3];
    let r4 = values[start + 4];
    let r5 = values[start + 5];
    let r6 = values[start + 6];
    let r7 = values[start + 7];
    const unrolledEnd = start + length - (length % 8);
    let i = start + 8;
    for (; i < unrolledEnd; i += 8) {
      r0 += values[i];
      r1 += values[i + 1];
      r2 += values[i + 2];
      r3 += values[i + 3];
      r4 += values[i + 4];
      r5 += values[i + 5];
      r6 += values[i + 6];
      r7 += values[i + 7];
    }
    let total = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (const end = start + length; i < end; i++) total += values[i];
    return total;
  }
  let half = Math.floor(length / 2);
  half -= half % 8;
  return pairwiseBlock(values, start, half) + pairwiseBlock(values, start + half, length - half);
}

/**
 * Sum of the first `length` values in NumPy's order (`np.sum`: pairwise summation inside buffers of
 * 8192 elements, buffers added in turn), bit-identical to NumPy for float64 data. Empty sum is 0.
 */
export function pairwiseSum(values: Float64Array, length = values.length): number {
  let total = 0;
  for (let start = 0; start < length; start += NUMPY_BUFFER_SIZE) {
    total += pairwiseBlock(values, start, Math.min(NUMPY_BUFFER_SIZE, length - start));
  }
  return total;
}

/**
 * One block of NumPy's pairwise tree over the products (x − xCenter)·(y − yCenter). Leaves that lie
 * wholly outside [activeStart, activeEnd) hold the same product at every position (the caller
 * guarantees x and y are 0 there), so their sum is `constantLeafSum`'s.
 */
function centeredProductBlock(
  x: Float64Array,
  xCenter: number,
  y: Float64Array,
  yCenter: number,
  start: number,
  length: number,
  activeStart: number,
  activeEnd: number,
): number {
  if (length <= PAIRWISE_BLOCK && (start >= activeEnd || start + length <= activeStart)) {
    return constantLeafSum(length);
  }
  if (length < 8) {
    let total = 0;
    for (let i = start, end = start + length; i < end; i++) total += (x[i] - xCenter) * (y[i] - yCenter);
    return total;
  }
  if (length <= PAIRWISE_BLOCK) {
    let r0 = (x[start] - xCenter) * (y[start] - yCenter);
    let r1 = (x[start + 1] - xCenter) * (y[start + 1] - yCenter);
    let r2 = (x[start + 2] - xCenter) * (y[start + 2] - yCenter);
    let r3 = (x[start + 3] - xCenter) * (y[start + 3] - yCenter);
    let r4 = (x[start + 4] - xCenter) * (y[start + 4] - yCenter);
    let r5 = (x[start + 5] - xCenter) * (y[start + 5] - yCenter);
    let r6 = (x[start + 6] - xCenter) * (y[start + 6] - yCenter);
    let r7 = (x[start + 7] - xCenter) * (y[start + 7] - yCenter);
    const unrolledEnd = start + length - (length % 8);
    let i = start + 8;
    for (; i < unrolledEnd; i += 8) {
      r0 += (x[i] - xCenter) * (y[i] - yCenter);
      r1 += (x[i + 1] - xCenter) * (y[i + 1] - yCenter);
      r2 += (x[i + 2] - xCenter) * (y[i + 2] - yCenter);
      r3 += (x[i + 3] - xCenter) * (y[i + 3] - yCenter);
      r4 += (x[i + 4] - xCenter) * (y[i + 4] - yCenter);
      r5 += (x[i + 5] - xCenter) * (y[i + 5] - yCenter);
      r6 += (x[i + 6] - xCenter) * (y[i + 6] - yCenter);
      r7 += (x[i + 7] - xCenter) * (y[i + 7] - yCenter);
    }
    let total = r0 + r1 + (r2 + r3) + (r4 + r5 + (r6 + r7));
    for (const end = start + length; i < end; i++) total += (x[i] - xCenter) * (y[i] - yCenter);
    return total;
  }
  let half = Math.floor(length / 2);
  half -= half % 8;
  return (
    centeredProductBlock(x, xCenter, y, yCenter, start, half, activeStart, activeEnd) +
    centeredProductBlock(x, xCenter, y, yCenter, start + half, length - half, activeStart, activeEnd)
  );
}

/** `length` copies of the current call's constant product, as a leaf of the pairwise tree sums them. */
const constantLeaf = new Float64Array(PAIRWISE_BLOCK);
/** Leaf sums of the constant by leaf length; constantLeafKnown[length] is 1 once computed. */
const constantLeafSums = new Float64Array(PAIRWISE_BLOCK + 1);
const constantLeafKnown = new Uint8Array(PAIRWISE_BLOCK + 1);

function constantLeafSum(length: number): number {
  if (constantLeafKnown[length] === 0) {
    // The same leaf loop over equal values gives the same rounding as over the real products.
    constantLeafSums[length] = pairwiseBlock(constantLeaf, 0, length);
    constantLeafKnown[length] = 1;
  }
  return constantLeafSums[length];
}

/**
 * `np.sum((x - xCenter) * (y - yCenter))` over the first `length` elements, bit-identical to NumPy
 * (the centred values are formed as NumPy forms them). When x and y are 0 at every index outside
 * [activeStart, activeEnd), the ≤128-element leaves of NumPy's pairwise tree there all hold the same
 * product and are summed once per leaf length, so the work is proportional to the active range.
 * Empty sum is 0.
 */
export function pairwiseSumOfCenteredProducts(
  x: Float64Array,
  xCenter: number,
  y: Float64Array,
  yCenter: number,
  length = x.length,
  activeStart = 0,
  activeEnd = length,
): number {
  // (±0 − c) is −c for both zeros only when c ≠ 0; otherwise every leaf is summed as it is.
  if (xCenter === 0 || yCenter === 0) {
    activeStart = 0;
    activeEnd = length;
  } else {
    constantLeaf.fill((0 - xCenter) * (0 - yCenter));
    constantLeafKnown.fill(0);
  }
  let total = 0;
  for (let start = 0; start < length; start += NUMPY_BUFFER_SIZE) {
    const blockLength = Math.min(NUMPY_BUFFER_SIZE, length - start);
    total += centeredProductBlock(x, xCenter, y, yCenter, start, blockLength, activeStart, activeEnd);
  }
  return total;
}

/**
 * `np.sum(x * y)` over the first `length` elements, bit-identical to NumPy (pass the same array
 * twice for `np.sum(np.square(x))`). Empty sum is 0.
 */
export function pairwiseSumOfProducts(x: Float64Array, y: Float64Array, length = x.length): number {
  // v − 0 is v bit for bit (−0, ±inf and NaN included), so these are the centred products about 0.
  return pairwiseSumOfCenteredProducts(x, 0, y, 0, length);
}

/** Arithmetic mean of the first `length` values as `np.mean`; NaN when empty. */
export function mean(values: Float64Array, length = values.length): number {
  return length === 0 ? Number.NaN : pairwiseSum(values, length) / length;
}

/**
 * Accumulates Σd², Σd³, Σd⁴ (d = x − center) with NumPy's pairwise tree, one traversal for the three
 * sums; each power is formed as `scipy.stats` forms it (d·d, (d·d)·d, (d·d)·(d·d)).
 */
function centralPowerBlock(
  values: Float64Array,
  start: number,
  length: number,
  center: number,
  out: Float64Array,
): void {
  if (length < 8) {
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    for (let i = start, end = start + length; i < end; i++) {
      const d = values[i] - center;
      const d2 = d * d;
      s2 += d2;
      s3 += d2 * d;
      s4 += d2 * d2;
    }
    out[0] = s2;
    out[1] = s3;
    out[2] = s4;
    return;
  }
  if (length <= PAIRWISE_BLOCK) {
    // Eight lanes per power, exactly as NumPy's unrolled loop assigns elements to accumulators;
    // two lanes at a time, so the twelve running sums of one half stay in registers.
    const lanes2 = laneScratch2;
    const lanes3 = laneScratch3;
    const lanes4 = laneScratch4;
    const unrolledEnd = start + length - (length % 8);
    for (let pair = 0; pair < 8; pair += 2) {
      let a = values[start + pair] - center;
      let b = values[start + pair + 1] - center;
      let a2 = a * a;
      let b2 = b * b;
      let a2Sum = a2;
      let a3Sum = a2 * a;
      let a4Sum = a2 * a2;
      let b2Sum = b2;
      let b3Sum = b2 * b;
      let b4Sum = b2 * b2;
      for (let i = start + 8 + pair; i < unrolledEnd; i += 8) {
        a = values[i] - center;
        b = values[i + 1] - center;
        a2 = a * a;
        b2 = b * b;
        a2Sum += a2;
        a3Sum += a2 * a;
        a4Sum += a2 * a2;
        b2Sum += b2;
        b3Sum += b2 * b;
        b4Sum += b2 * b2;
      }
      lanes2[pair] = a2Sum;
      lanes2[pair + 1] = b2Sum;
      lanes3[pair] = a3Sum;
      lanes3[pair + 1] = b3Sum;
      lanes4[pair] = a4Sum;
      lanes4[pair + 1] = b4Sum;
    }
    let s2 =
      lanes2[0] + lanes2[1] + (lanes2[2] + lanes2[3]) + (lanes2[4] + lanes2[5] + (lanes2[6] + lanes2[7]));
    let s3 =
      lanes3[0] + lanes3[1] + (lanes3[2] + lanes3[3]) + (lanes3[4] + lanes3[5] + (lanes3[6] + lanes3[7]));
    let s4 =
      lanes4[0] + lanes4[1] + (lanes4[2] + lanes4[3]) + (lanes4[4] + lanes4[5] + (lanes4[6] + lanes4[7]));
    for (let i = unrolledEnd, end = start + length; i < end; i++) {
      const d = values[i] - center;
      const d2 = d * d;
      s2 += d2;
      s3 += d2 * d;
      s4 += d2 * d2;
    }
    out[0] = s2;
    out[1] = s3;
    out[2] = s4;
    return;
  }
  let half = Math.floor(length / 2);
  half -= half % 8;
  centralPowerBlock(values, start, half, center, out);
  const left2 = out[0];
  const left3 = out[1];
  const left4 = out[2];
  centralPowerBlock(values, start + half, length - half, center, out);
  out[0] = left2 + out[0];
  out[1] = left3 + out[1];
  out[2] = left4 + out[2];
}

const laneScratch2 = new Float64Array(8);
const laneScratch3 = new Float64Array(8);
const laneScratch4 = new Float64Array(8);
const blockScratch = new Float64Array(3);

/**
 * Central moments m2, m3, m4 about `center` (normally the mean) of the first `length` values, as
 * `scipy.stats._moment` computes them (means of d², d³, d⁴ with NumPy summation), written to
 * out[0..2]. Empty input gives NaN.
 */
export function centralMoments(
  values: Float64Array,
  center: number,
  out: Float64Array,
  length = values.length,
): void {
  if (length === 0) {
    out[0] = out[1] = out[2] = Number.NaN;
    return;
  }
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let start = 0; start < length; start += NUMPY_BUFFER_SIZE) {
    centralPowerBlock(values, start, Math.min(NUMPY_BUFFER_SIZE, length - start), center, blockScratch);
    s2 += blockScratch[0];
    s3 += blockScratch[1];
    s4 += blockScratch[2];
  }
  out[0] = s2 / length;
  out[1] = s3 / length;
  out[2] = s4 / length;
}

/** Moments of one sample, all with NumPy/SciPy semantics. */
export interface MomentSummary {
  /** `np.mean`; NaN when empty. */
  mean: number;
  /** `np.std` (population, ddof 0); NaN when empty. */
  std: number;
  /** `scipy.stats.skew` (biased); NaN when empty or (numerically) constant. */
  skewness: number;
  /** `scipy.stats.kurtosis` (Fisher, biased); NaN when empty or (numerically) constant. */
  kurtosis: number;
}

const momentScratch = new Float64Array(3);

/**
 * Mean, population standard deviation, skewness and Fisher kurtosis of the first `length` values in
 * one call (two passes over the data). Constant samples (variance ≤ (1e-15·mean)², SciPy's test)
 * give NaN skewness and kurtosis; an empty sample gives NaN everywhere.
 */
export function momentSummary(values: Float64Array, length = values.length): MomentSummary {
  if (length === 0) {
    return { mean: Number.NaN, std: Number.NaN, skewness: Number.NaN, kurtosis: Number.NaN };
  }
  const average = pairwiseSum(values, length) / length;
  centralMoments(values, average, momentScratch, length);
  const m2 = momentScratch[0];
  const m3 = momentScratch[1];
  const m4 = momentScratch[2];
  const threshold = FLOAT64_RESOLUTION * average;
  const constant = m2 <= threshold * threshold;
  return {
    mean: average,
    std: Math.sqrt(m2),
    skewness: constant ? Number.NaN : m3 / m2 ** 1.5,
    kurtosis: constant ? Number.NaN : m4 / (m2 * m2) - 3,
  };
}

/** Population standard deviation (`np.std`, ddof 0) of the first `length` values; NaN when empty. */
export function populationStd(values: Float64Array, length = values.length): number {
  return momentSummary(values, length).std;
}

/** Biased sample skewness (`scipy.stats.skew`); NaN when empty or constant. */
export function skewness(values: Float64Array, length = values.length): number {
  return momentSummary(values, length).skewness;
}

/** Biased Fisher kurtosis (`scipy.stats.kurtosis`, normal → 0); NaN when empty or constant. */
export function kurtosis(values: Float64Array, length = values.length): number {
  return momentSummary(values, length).kurtosis;
}

// ---------------------------------------------------------------------------------------------
// Distinct values: counting for small integer ranges, sorting otherwise.

/** Integer ranges up to this width are counted in a histogram rather than sorted or selected. */
const MAX_HISTOGRAM_RANGE = 1 << 20;
let histogramScratch = new Uint32Array(0);
let sortScratch = new Float64Array(0);
let termScratch = new Float64Array(0);

function histogramOfWidth(width: number): Uint32Array {
  if (histogramScratch.length < width) histogramScratch = new Uint32Array(Math.max(width, 65536));
  return histogramScratch;
}

function sortBuffer(length: number): Float64Array {
  if (sortScratch.length < length) sortScratch = new Float64Array(Math.max(length, 2 * sortScratch.length));
  return sortScratch;
}

function termBuffer(length: number): Float64Array {
  if (termScratch.length < length) termScratch = new Float64Array(Math.max(length, 2 * termScratch.length));
  return termScratch;
}

/** Range and integrality of a sample, to pick the counting path. */
interface Scan {
  min: number;
  max: number;
  integral: boolean;
  hasNaN: boolean;
}

function scan(values: Float64Array, length: number): Scan {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let integral = true;
  let hasNaN = false;
  for (let i = 0; i < length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    // (v | 0) === v holds exactly for integers in the int32 range; NaN fails it too.
    if ((v | 0) !== v) {
      integral = false;
      if (Number.isNaN(v)) hasNaN = true;
    }
  }
  return { min, max, integral, hasNaN };
}

/** True when counting beats selecting for this sample (integers whose range is not much wider). */
function useHistogram(info: Scan, length: number): boolean {
  if (!info.integral || length === 0) return false;
  return countingPays(info.max - info.min + 1, length);
}

/** True when a histogram `width` bins wide is worth walking for `length` values. */
function countingPays(width: number, length: number): boolean {
  return width <= MAX_HISTOGRAM_RANGE && width <= 8 * length + 4096;
}

/** Values below this are counted at their own index by countSmallIntegers (16-bit pixel data). */
const SMALL_INTEGER_LIMIT = 1 << 16;
/** Bounds on the values of the last sample countSmallIntegers counted: its nonzero bins lie within. */
let countedMin = 0;
let countedMax = 0;

/**
 * Counts the first `length` values into the histogram at their own index, in one pass, when they
 * are all integers in [0, 2^16) (−0 counts as 0) and their range is narrow enough for counting
 * to pay (as useHistogram decides), setting countedMin and countedMax. Otherwise returns null
 * and leaves the histogram clear, as soon as a value does not fit (NaN, fraction, out of range).
 */
function countSmallIntegers(values: Float64Array, length: number): Uint32Array | null {
  // Four spare bins past the last value let shannonEntropy test bins four at a time.
  const counts = histogramOfWidth(SMALL_INTEGER_LIMIT + 4);
  // The OR of the counted values bounds them (cheaper than tracking the range per value).
  let bits = 0;
  let i = 0;
  for (; i < length; i++) {
    const value = values[i];
    // value & 0xffff equals value exactly for the integers 0 … 65535 (and −0); NaN fails it too.
    const bin = value & 0xffff;
    if (bin !== value) break;
    counts[bin]++;
    bits |= bin;
  }
  const bound = bits === 0 ? 0 : 2 ** (32 - Math.clz32(bits)) - 1;
  if (i < length || length === 0) {
    counts.fill(0, 0, bound + 1);
    return null;
  }
  countedMin = 0;
  countedMax = bound;
  if (countingPays(bound + 1, length)) return counts;
  // Only the exact range decides here (a narrower one may still pay): one more pass for it.
  let min = SMALL_INTEGER_LIMIT;
  let max = 0;
  for (let k = 0; k < length; k++) {
    const value = values[k];
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (countingPays(max - min + 1, length)) {
    countedMin = min;
    countedMax = max;
    return counts;
  }
  counts.fill(0, 0, bound + 1);
  return null;
}

/**
 * Shannon entropy in bits of the first `length` values, as `skimage.measure.shannon_entropy`:
 * −Σ p·log2 p over the relative frequencies of the distinct values (ascending, NumPy summation).
 * Empty input gives 0, as scikit-image does. NaNs count as one distinct value, as `np.unique` does.
 */
export function shannonEntropy(values: Float64Array, length = values.length): number {
  if (length === 0) return 0;
  const terms = termBuffer(length);
  let distinct = 0;
  // −p·log p depends only on a value's count: the frequent small counts are computed once each.
  entropyTermOfCount.fill(Number.NaN);
  const small = countSmallIntegers(values, length);
  if (small !== null) {
    // Bins past countedMax are empty, so runs of four empty bins can be skipped at once.
    for (let bin = countedMin; bin <= countedMax; bin += 4) {
      if ((small[bin] | small[bin + 1] | small[bin + 2] | small[bin + 3]) === 0) continue;
      for (let b = bin; b < bin + 4; b++) {
        const count = small[b];
        if (count === 0) continue;
        small[b] = 0;
        terms[distinct++] = entropyTerm(count, length);
      }
    }
    return pairwiseSum(terms, distinct) / Math.LN2;
  }
  const info = scan(values, length);
  if (useHistogram(info, length)) {
    const offset = info.min;
    const width = info.max - offset + 1;
    const counts = histogramOfWidth(width);
    for (let i = 0; i < length; i++) counts[values[i] - offset]++;
    for (let bin = 0; bin < width; bin++) {
      const count = counts[bin];
      if (count === 0) continue;
      terms[distinct++] = entropyTerm(count, length);
    }
    counts.fill(0, 0, width);
  } else {
    const sorted = sortBuffer(length);
    let finite = 0;
    let nanCount = 0;
    for (let i = 0; i < length; i++) {
      const v = values[i];
      if (Number.isNaN(v)) nanCount++;
      else sorted[finite++] = v;
    }
    const view = sorted.subarray(0, finite);
    view.sort();
    let i = 0;
    while (i < finite) {
      const v = view[i];
      let j = i + 1;
      while (j < finite && view[j] === v) j++;
      terms[distinct++] = entropyTerm(j - i, length);
      i = j;
    }
    if (nanCount > 0) terms[distinct++] = entropyTerm(nanCount, length);
  }
  return pairwiseSum(terms, distinct) / Math.LN2;
}

/** −p·log p (natural log) for small counts of the current shannonEntropy call; NaN = not yet known. */
const entropyTermOfCount = new Float64Array(64);

/** −p·log p with p = count / length, as scikit-image forms it. */
function entropyTerm(count: number, length: number): number {
  if (count < entropyTermOfCount.length) {
    let term = entropyTermOfCount[count];
    if (Number.isNaN(term)) {
      const p = count / length;
      term = -p * Math.log(p);
      entropyTermOfCount[count] = term;
    }
    return term;
  }
  const p = count / length;
  return -p * Math.log(p);
}

// ---------------------------------------------------------------------------------------------
// Order statistics and percentiles.

const INSERTION_SORT_LIMIT = 16;

function insertionSort(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

/**
 * Rearranges a[lo..hi] so that a[k] holds the k-th smallest value for every k in
 * ranks[first..last) (ascending, within lo..hi). Three-way partitions keep ties (pixel data is full
 * of them) linear; a depth limit falls back to sorting to bound the worst case.
 */
function selectRanks(
  a: Float64Array,
  lo: number,
  hi: number,
  ranks: Int32Array,
  first: number,
  last: number,
  depth: number,
): void {
  while (first < last) {
    if (hi - lo < INSERTION_SORT_LIMIT) {
      insertionSort(a, lo, hi);
      return;
    }
    if (depth <= 0) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    depth--;
    const mid = lo + ((hi - lo) >> 1);
    // Median of three as pivot.
    let x = a[lo];
    let y = a[mid];
    const z = a[hi];
    if (x > y) [x, y] = [y, x];
    if (y > z) {
      y = z;
      if (x > y) y = x;
    }
    const pivot = y;
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const v = a[i];
      if (v < pivot) {
        a[i++] = a[lt];
        a[lt++] = v;
      } else if (v > pivot) {
        a[i] = a[gt];
        a[gt--] = v;
      } else {
        i++;
      }
    }
    // ranks in [lt, gt] now hold the pivot; split the rest between both sides.
    let leftEnd = first;
    while (leftEnd < last && ranks[leftEnd] < lt) leftEnd++;
    let rightStart = leftEnd;
    while (rightStart < last && ranks[rightStart] <= gt) rightStart++;
    if (leftEnd - first < last - rightStart) {
      selectRanks(a, lo, lt - 1, ranks, first, leftEnd, depth);
      lo = gt + 1;
      first = rightStart;
    } else {
      selectRanks(a, gt + 1, hi, ranks, rightStart, last, depth);
      hi = lt - 1;
      last = leftEnd;
    }
  }
}

let rankScratch = new Int32Array(64);
let wantedScratch = new Int32Array(64);
let rankValueScratch = new Float64Array(64);

/**
 * Linear-interpolation percentiles (NumPy's default method, `np.percentile(x, q)`) of the first
 * `length` values for every q in `q` (0..100), written to out[outOffset + i]. Bit-identical to NumPy,
 * including its interpolation formula. Empty input or any NaN in the data gives NaN. The input is
 * not modified; integer data with a moderate range is counted, anything else quick-selected.
 */
export function percentiles(
  values: Float64Array,
  q: ArrayLike<number>,
  out: Float64Array,
  outOffset = 0,
  length = values.length,
): void {
  const count = q.length;
  if (length === 0) {
    for (let i = 0; i < count; i++) out[outOffset + i] = Number.NaN;
    return;
  }
  // Each q needs the order statistics at floor(index) and the one after (or the maximum).
  if (rankScratch.length < 2 * count) {
    rankScratch = new Int32Array(2 * count);
    wantedScratch = new Int32Array(2 * count);
    rankValueScratch = new Float64Array(2 * count);
  }
  const ranks = rankScratch;
  for (let i = 0; i < count; i++) {
    const virtualIndex = (length - 1) * (q[i] / 100);
    let previous: number;
    let next: number;
    if (virtualIndex >= length - 1 || Number.isNaN(virtualIndex)) {
      previous = next = length - 1;
    } else if (virtualIndex < 0) {
      previous = next = 0;
    } else {
      previous = Math.floor(virtualIndex);
      next = previous + 1;
    }
    ranks[2 * i] = previous;
    ranks[2 * i + 1] = next;
  }
  const wanted = wantedScratch;
  const unique = sortedDistinct(ranks, 2 * count, wanted);
  const rankValues = rankValueScratch;

  const small = countSmallIntegers(values, length);
  if (small !== null) {
    histogramOrderStatistics(small, countedMin, 0, wanted, unique, rankValues);
    small.fill(0, countedMin, countedMax + 1);
  } else {
    const info = scan(values, length);
    if (info.hasNaN) {
      for (let i = 0; i < count; i++) out[outOffset + i] = Number.NaN;
      return;
    }
    if (useHistogram(info, length)) {
      const offset = info.min;
      const width = info.max - offset + 1;
      const counts = histogramOfWidth(width);
      for (let i = 0; i < length; i++) counts[values[i] - offset]++;
      histogramOrderStatistics(counts, 0, offset, wanted, unique, rankValues);
      counts.fill(0, 0, width);
    } else {
      const work = sortBuffer(length);
      work.set(values.subarray(0, length));
      selectRanks(work, 0, length - 1, wanted, 0, unique, 2 * Math.ceil(Math.log2(length + 1)) + 8);
      for (let r = 0; r < unique; r++) rankValues[r] = work[wanted[r]];
    }
  }

  for (let i = 0; i < count; i++) {
    const virtualIndex = (length - 1) * (q[i] / 100);
    const previousRank = ranks[2 * i];
    const a = rankValues[indexOfRank(wanted, unique, previousRank)];
    const b = rankValues[indexOfRank(wanted, unique, ranks[2 * i + 1])];
    // NumPy's gamma uses index −1 for "above the last" and 0 for "below the first".
    const previousIndex = virtualIndex >= length - 1 ? -1 : previousRank;
    const gamma = virtualIndex - previousIndex;
    const difference = b - a;
    out[outOffset + i] = gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma;
  }
}

/** Writes the distinct values of ranks[0..n) to `into` in increasing order; returns their count. */
function sortedDistinct(ranks: Int32Array, n: number, into: Int32Array): number {
  let unique = 0;
  for (let i = 0; i < n; i++) {
    const rank = ranks[i];
    // Insertion into the short sorted list (two ranks per percentile), skipping duplicates.
    let at = unique;
    while (at > 0 && into[at - 1] > rank) at--;
    if (at > 0 && into[at - 1] === rank) continue;
    into.copyWithin(at + 1, at, unique);
    into[at] = rank;
    unique++;
  }
  return unique;
}

/**
 * The value of each rank of wanted[0..unique) (increasing) from a histogram whose bin k counts
 * the value k + offset, walking the bins from `first` (the lowest nonempty one or below).
 */
function histogramOrderStatistics(
  counts: Uint32Array,
  first: number,
  offset: number,
  wanted: Int32Array,
  unique: number,
  rankValues: Float64Array,
): void {
  let seen = 0;
  let bin = first;
  for (let r = 0; r < unique; r++) {
    const rank = wanted[r];
    while (seen + counts[bin] <= rank) seen += counts[bin++];
    rankValues[r] = bin + offset;
  }
}

function indexOfRank(sorted: Int32Array, length: number, rank: number): number {
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < rank) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One linear-interpolation percentile (`np.percentile(x, q)`, q in 0..100); NaN when empty. */
export function percentile(values: Float64Array, q: number, length = values.length): number {
  const out = new Float64Array(1);
  percentiles(values, [q], out, 0, length);
  return out[0];
}
