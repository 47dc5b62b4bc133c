/**
 * Grey-level co-occurrence matrices and their properties, as scikit-image 0.19
 * `feature.graycomatrix` (not symmetric, not normalised) and `feature.graycoprops` compute them.
 *
 * The matrix is kept sparse (the distinct (i, j) pairs, in increasing flat order i·levels + j):
 * a cell image has a few thousand pixel pairs against 65 536 cells for 256 levels. The property
 * sums reproduce NumPy's pairwise summation over the dense matrix exactly (zeros add nothing, so
 * only the tree positions of the nonzero cells matter), which keeps every value bit-identical.
 */

/** The six properties, in scifAI's column order. */
export const GLCM_PROPERTIES = [
  "contrast",
  "dissimilarity",
  "homogeneity",
  "ASM",
  "energy",
  "correlation",
] as const;

/** One of the six GLCM properties. */
export type GlcmProperty = (typeof GLCM_PROPERTIES)[number];

/** A co-occurrence matrix for one (distance, angle), stored sparsely. */
export interface Cooccurrence {
  /** Number of grey levels (the matrix is levels × levels). */
  readonly levels: number;
  /** Flat indices i·levels + j of the nonzero cells, increasing. */
  readonly keys: Float64Array;
  /** Count of pixel pairs (reference level i, neighbour level j) for each key. */
  readonly counts: Float64Array;
  /** Number of pixel pairs counted (the sum of `counts`). */
  readonly total: number;
}

/**
 * Scales a plane to 8 bits as scifAI does, `((x / max(x)) * 255).astype(uint8)`, reproducing
 * NumPy's float → uint8 cast: truncation toward zero, wrap-around modulo 256, and 0 for NaN, ±inf
 * and values outside the int32 range (so a channel whose max is 0 becomes all zeros).
 */
export function scaleToUint8ByMax(
  plane: ArrayLike<number>,
  out: Uint8Array = new Uint8Array(plane.length),
): Uint8Array {
  // Math.max propagates NaN, as np.max does (a zero maximum's sign cannot change the output).
  let maximum = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < plane.length; i++) maximum = Math.max(maximum, plane[i]);
  if (maximum > 0 && maximum < Number.POSITIVE_INFINITY) {
    // A multiplication by 255 / max is within a few ulps of (x / max) · 255, so its integer part
    // is the same unless it lies within 1e-9 of an integer; only then is the division needed.
    const scale = 255 / maximum;
    for (let i = 0; i < plane.length; i++) {
      const value = plane[i];
      const approximate = value * scale;
      const whole = Math.floor(approximate);
      const fraction = approximate - whole;
      out[i] =
        value >= 0 && fraction > 1e-9 && fraction < 1 - 1e-9
          ? whole
          : numpyFloatToUint8((value / maximum) * 255);
    }
    return out;
  }
  for (let i = 0; i < plane.length; i++) out[i] = numpyFloatToUint8((plane[i] / maximum) * 255);
  return out;
}

/** NumPy's (x86-64) float64 → uint8 cast: through int32, out-of-range and NaN give 0. */
export function numpyFloatToUint8(value: number): number {
  const truncated = Math.trunc(value);
  if (!(truncated >= -2147483648 && truncated <= 2147483647)) return 0;
  return (truncated | 0) & 255;
}

/**
 * Pixel offset of a (distance, angle) pair as scikit-image computes it: rows
 * round(sin(angle)·distance), columns round(cos(angle)·distance), with scikit-image's own
 * rounding (see skimageRound). Angle 0 pairs (r, c) with (r, c + distance).
 */
export function glcmOffset(distance: number, angle: number): { rows: number; columns: number } {
  return {
    rows: skimageRound(Math.sin(angle) * distance),
    columns: skimageRound(Math.cos(angle) * distance),
  };
}

/**
 * scikit-image's Cython `round`: truncate(x + 0.5) for x > 0, else truncate(x − 0.5). Unlike C's
 * round it sends 0.49999999999999994 (sin(π/6)) to 1, because x + 0.5 rounds up to 1.
 */
function skimageRound(value: number): number {
  // "+ 0" turns the -0 of trunc(-0.5) into 0.
  return (value > 0 ? Math.trunc(value + 0.5) : Math.trunc(value - 0.5)) + 0;
}

/** Reused counting arrays of cooccurrence (allocating 256 KiB per matrix would dominate). */
let denseScratch = new Uint32Array(0);
let touchedScratch = new Int32Array(0);

/**
 * Sparse co-occurrence matrix of an integer image (levels 0 … levels-1, row-major
 * `height × width`) for one distance (pixels) and angle (radians), as one (d, a) slice of
 * `skimage.feature.graycomatrix(image, [distance], [angle], levels)`. Pairs whose neighbour falls
 * outside the image are not counted; an image too small for the offset gives an empty matrix.
 * Throws a RangeError for a value that is not an integer in [0, levels), as scikit-image does.
 */
export function cooccurrence(
  image: ArrayLike<number>,
  width: number,
  height: number,
  distance: number,
  angle: number,
  levels: number,
): Cooccurrence {
  if (!Number.isInteger(levels) || levels < 1)
    throw new RangeError(`levels must be a positive integer, got ${levels}`);
  // 8-bit images always fit 256 levels; anything else is checked as scikit-image would.
  if (!(image instanceof Uint8Array && levels >= 256)) {
    for (let i = 0; i < width * height; i++) {
      const value = image[i];
      if (!(Number.isInteger(value) && value >= 0 && value < levels)) {
        throw new RangeError(`GLCM image values must be integers in [0, ${levels}), found ${value}`);
      }
    }
  }
  const offset = glcmOffset(distance, angle);
  const startRow = Math.max(0, -offset.rows);
  const endRow = Math.min(height, height - offset.rows);
  const startColumn = Math.max(0, -offset.columns);
  const endColumn = Math.min(width, width - offset.columns);
  const neighbourShift = offset.rows * width + offset.columns;
  const pairCount = Math.max(0, endRow - startRow) * Math.max(0, endColumn - startColumn);

  if (levels * levels <= 1 << 20) {
    // Small matrices: count into a reusable dense array and remember which cells were touched.
    const cells = levels * levels;
    if (denseScratch.length < cells) denseScratch = new Uint32Array(cells);
    const dense = denseScratch;
    if (touchedScratch.length < pairCount) touchedScratch = new Int32Array(pairCount);
    const touched = touchedScratch;
    let distinct = 0;
    for (let row = startRow; row < endRow; row++) {
      for (let column = startColumn; column < endColumn; column++) {
        const index = row * width + column;
        const key = image[index] * levels + image[index + neighbourShift];
        if (dense[key]++ === 0) touched[distinct++] = key;
      }
    }
    const sorted = cells <= 1 << 16 ? radixSort16(touched, distinct) : touched.subarray(0, distinct).sort();
    const keys = new Float64Array(distinct);
    const counts = new Float64Array(distinct);
    for (let k = 0; k < distinct; k++) {
      const key = sorted[k];
      keys[k] = key;
      counts[k] = dense[key];
      dense[key] = 0;
    }
    return { levels, keys, counts, total: pairCount };
  }
  // Large level counts: sort all pair keys and count runs.
  const all = new Float64Array(pairCount);
  let n = 0;
  for (let row = startRow; row < endRow; row++) {
    for (let column = startColumn; column < endColumn; column++) {
      const index = row * width + column;
      all[n++] = image[index] * levels + image[index + neighbourShift];
    }
  }
  all.sort();
  const keys: number[] = [];
  const counts: number[] = [];
  for (let k = 0; k < n; k++) {
    if (keys.length > 0 && keys[keys.length - 1] === all[k]) counts[counts.length - 1]++;
    else {
      keys.push(all[k]);
      counts.push(1);
    }
  }
  return { levels, keys: Float64Array.from(keys), counts: Float64Array.from(counts), total: pairCount };
}

let radixScratch = new Int32Array(0);
const radixCounts = new Int32Array(257);

/** Sorts the first `n` keys (all below 2^16) with two 8-bit counting passes; returns the sorted view. */
function radixSort16(keys: Int32Array, n: number): Int32Array {
  if (radixScratch.length < n) radixScratch = new Int32Array(keys.length);
  let from: Int32Array = keys;
  let to: Int32Array = radixScratch;
  for (let shift = 0; shift < 16; shift += 8) {
    radixCounts.fill(0);
    for (let k = 0; k < n; k++) radixCounts[((from[k] >> shift) & 255) + 1]++;
    for (let b = 1; b < 257; b++) radixCounts[b] += radixCounts[b - 1];
    for (let k = 0; k < n; k++) to[radixCounts[(from[k] >> shift) & 255]++] = from[k];
    const swap = from;
    from = to;
    to = swap;
  }
  // After two passes the sorted keys are back in `keys`.
  return from.subarray(0, n);
}

/**
 * The dense GLCM of `skimage.feature.graycomatrix(image, distances, angles, levels)` with
 * symmetric=False and normed=False: counts in scikit-image's layout P[i, j, d, a], flattened
 * row-major (index ((i·levels + j)·distances + d)·angles + a).
 */
export function graycomatrix(
  image: ArrayLike<number>,
  width: number,
  height: number,
  distances: readonly number[],
  angles: readonly number[],
  levels: number,
): Uint32Array {
  const nd = distances.length;
  const na = angles.length;
  const matrix = new Uint32Array(levels * levels * nd * na);
  for (let d = 0; d < nd; d++) {
    for (let a = 0; a < na; a++) {
      const slice = cooccurrence(image, width, height, distances[d], angles[a], levels);
      for (let k = 0; k < slice.keys.length; k++) matrix[(slice.keys[k] * nd + d) * na + a] = slice.counts[k];
    }
  }
  return matrix;
}

/** Sparse form of one dense levels × levels count matrix (row-major, any non-negative counts). */
export function cooccurrenceFromDense(matrix: ArrayLike<number>, levels: number): Cooccurrence {
  const keys: number[] = [];
  const counts: number[] = [];
  let total = 0;
  for (let key = 0; key < levels * levels; key++) {
    const count = matrix[key];
    if (count !== 0) {
      keys.push(key);
      counts.push(count);
      total += count;
    }
  }
  return { levels, keys: Float64Array.from(keys), counts: Float64Array.from(counts), total };
}

/**
 * How NumPy adds up the cells of one matrix inside `graycoprops`. For a graycomatrix of a single
 * (distance, angle) the sum over (i, j) is a contiguous reduction, done pairwise; when it holds
 * several (distance, angle) slices NumPy iterates over the slices innermost and adds the cells of
 * each slice one after the other, in (i, j) order.
 */
export type GlcmSummation = "pairwise" | "sequential";

/**
 * The six `graycoprops` properties of a co-occurrence matrix, written in GLCM_PROPERTIES order
 * into `out` at `offset`: contrast, dissimilarity, homogeneity, ASM, energy, correlation. The
 * matrix is normalised to sum 1 first; an empty matrix gives 0 for the first five and
 * correlation 1, which is also the correlation whenever a marginal standard deviation is
 * below 1e-15. Dimensionless except contrast (levels²) and dissimilarity (levels).
 * `summation` picks NumPy's order of additions (see GlcmSummation) for last-bit agreement.
 */
export function glcmProperties(
  matrix: Cooccurrence,
  out: Float64Array = new Float64Array(GLCM_PROPERTIES.length),
  offset = 0,
  summation: GlcmSummation = "pairwise",
): Float64Array {
  const { levels, keys, counts } = matrix;
  const n = keys.length;
  const cells = levels * levels;
  // graycoprops divides by the sum, replacing a zero sum by 1.
  const sum = matrix.total === 0 ? 1 : matrix.total;
  if (termScratch.length < n * 12) termScratch = new Float64Array(n * 12);
  // Per entry: probability, row level, column level, then six first-pass and three second-pass terms.
  const probability = termScratch.subarray(0, n);
  const rowOf = termScratch.subarray(n, 2 * n);
  const columnOf = termScratch.subarray(2 * n, 3 * n);
  // First pass: contrast, dissimilarity, homogeneity, ASM and the two marginal means, each term
  // computed as NumPy does (P · weight, with the weight computed first).
  const first = termScratch.subarray(3 * n, 9 * n);
  for (let k = 0; k < n; k++) {
    const p = counts[k] / sum;
    const i = Math.floor(keys[k] / levels);
    const j = keys[k] - i * levels;
    probability[k] = p;
    rowOf[k] = i;
    columnOf[k] = j;
    const d = i - j;
    const at = k * 6;
    first[at] = p * (d * d);
    first[at + 1] = p * Math.abs(d);
    first[at + 2] = p * (1 / (1 + d * d));
    first[at + 3] = p * p;
    first[at + 4] = i * p;
    first[at + 5] = j * p;
  }
  const firstSums = new Float64Array(6);
  sumColumns(keys, first, n, 6, cells, summation, firstSums);
  const meanRow = firstSums[4];
  const meanColumn = firstSums[5];
  // Second pass: the marginal variances and the covariance, around those means.
  const second = termScratch.subarray(9 * n, 12 * n);
  for (let k = 0; k < n; k++) {
    const p = probability[k];
    const di = rowOf[k] - meanRow;
    const dj = columnOf[k] - meanColumn;
    const at = k * 3;
    second[at] = p * (di * di);
    second[at + 1] = p * (dj * dj);
    second[at + 2] = p * (di * dj);
  }
  const secondSums = new Float64Array(3);
  sumColumns(keys, second, n, 3, cells, summation, secondSums);
  const stdRow = Math.sqrt(secondSums[0]);
  const stdColumn = Math.sqrt(secondSums[1]);
  const correlation = stdRow < 1e-15 || stdColumn < 1e-15 ? 1 : secondSums[2] / (stdRow * stdColumn);
  out[offset] = firstSums[0];
  out[offset + 1] = firstSums[1];
  out[offset + 2] = firstSums[2];
  out[offset + 3] = firstSums[3];
  out[offset + 4] = Math.sqrt(firstSums[3]);
  out[offset + 5] = correlation;
  return out;
}

/**
 * The six properties of one (distance, angle) GLCM of an 8-bit image, as
 * glcmProperties(cooccurrence(…), out, offset, "pairwise") gives them, bit for bit, without
 * building the sparse matrix when it is 256 × 256 (eight full NumPy buffers): the pairs are
 * counted into a dense array and a bitmap of occupied cells, and the terms go from the counts
 * straight into the leaves of NumPy's pairwise tree.
 */
export function glcmPropertiesOfImage(
  image: Uint8Array,
  width: number,
  height: number,
  distance: number,
  angle: number,
  levels: number,
  out: Float64Array,
  offset: number,
): void {
  if (!(levels === FUSED_LEVELS && width * height < 1 << 16)) {
    glcmProperties(cooccurrence(image, width, height, distance, angle, levels), out, offset, "pairwise");
    return;
  }
  const { rows, columns } = glcmOffset(distance, angle);
  const startRow = Math.max(0, -rows);
  const endRow = Math.min(height, height - rows);
  const startColumn = Math.max(0, -columns);
  const endColumn = Math.min(width, width - columns);
  const neighbourShift = rows * width + columns;
  const pairCount = Math.max(0, endRow - startRow) * Math.max(0, endColumn - startColumn);
  if (orderedKeys.length < pairCount) {
    orderedKeys = new Int32Array(pairCount);
    orderedProbability = new Float64Array(pairCount);
  }
  // Each counted key also sets its bit in a bitmap of the 2^16 cells, whose scan in the first
  // pass lists the distinct keys in increasing order.
  const dense = fusedCounts;
  const occupied = occupiedKeys;
  for (let row = startRow; row < endRow; row++) {
    for (let index = row * width + startColumn, end = row * width + endColumn; index < end; index++) {
      const key = (image[index] << 8) | image[index + neighbourShift];
      dense[key]++;
      occupied[key >> 5] |= 1 << (key & 31);
    }
  }
  // graycoprops divides by the sum, replacing a zero sum by 1; count / sum for the frequent
  // small counts is computed once per image (the same division).
  const sum = pairCount === 0 ? 1 : pairCount;
  for (let count = 1; count < SMALL_COUNTS; count++) smallCountProbability[count] = count / sum;
  const distinct = fusedFirstPass(sum);
  const sums = fusedSums;
  const contrast = sums[0];
  const dissimilarity = sums[1];
  const homogeneity = sums[2];
  const asm = sums[3];
  fusedSecondPass(distinct, sums[4], sums[5]);
  const stdRow = Math.sqrt(sums[0]);
  const stdColumn = Math.sqrt(sums[1]);
  const correlation = stdRow < 1e-15 || stdColumn < 1e-15 ? 1 : sums[2] / (stdRow * stdColumn);
  out[offset] = contrast;
  out[offset + 1] = dissimilarity;
  out[offset + 2] = homogeneity;
  out[offset + 3] = asm;
  out[offset + 4] = Math.sqrt(asm);
  out[offset + 5] = correlation;
}

/** The level count of glcmPropertiesOfImage's fast path: 256² cells fill eight NumPy buffers. */
const FUSED_LEVELS = 256;
const FUSED_CELLS = FUSED_LEVELS * FUSED_LEVELS;

/** Counts of glcmPropertiesOfImage (fewer than 2^16 pairs), all zero between calls. */
const fusedCounts = new Uint16Array(FUSED_CELLS);
/** Bitmap of the occupied cells of glcmPropertiesOfImage (all zero between calls). */
const occupiedKeys = new Int32Array(FUSED_CELLS / 32);

/** Number of small counts whose probability glcmPropertiesOfImage tabulates per image. */
const SMALL_COUNTS = 64;
const smallCountProbability = new Float64Array(SMALL_COUNTS);
/** The distinct keys of glcmPropertiesOfImage in increasing order, and their probabilities. */
let orderedKeys = new Int32Array(0);
let orderedProbability = new Float64Array(0);
/** 1 / (1 + d²) for d = −255 … 255, at index d + 255. */
const HOMOGENEITY_WEIGHTS = Float64Array.from({ length: 511 }, (_, k) => 1 / (1 + (k - 255) * (k - 255)));

/** Results of the fused passes (six first-pass sums, then reused for the three second-pass sums). */
const fusedSums = new Float64Array(6);
/** NumPy's eight lanes of the current leaf, up to six terms each; all zero between leaves. */
const fusedLanes = new Float64Array(48);
/**
 * NumPy's pairwise tree over the leaves of one pass, built as the occupied leaves arrive in
 * increasing order: a stack of subtree sums (up to 7 in a 64-leaf buffer, `width` terms each) and
 * a leaf index of each. Empty subtrees are exact zeros and never enter it.
 */
const treeStack = new Float64Array(8 * 6);
const treeStackLeaf = new Int32Array(8);
let treeStackSize = 0;

/**
 * Adds the leaf sum of the eight lanes, in NumPy's order ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), to
 * the tree of the pass, and zeroes the lanes for the next leaf. Two subtrees are added as soon as
 * no later leaf can fall between them: when their lowest common ancestor is below the one of the
 * newer subtree and `leaf` (a ^ b < b ^ c compares those levels: they always differ here).
 */
function pushLeaf(width: number, leaf: number, touched: number): void {
  const lanes = fusedLanes;
  const stack = treeStack;
  let top = treeStackSize;
  if (top > 0 && (treeStackLeaf[top - 1] ^ leaf) >= LEAVES_PER_BUFFER) {
    finishBuffer(width);
    top = 0;
  }
  while (top >= 2 && (treeStackLeaf[top - 2] ^ treeStackLeaf[top - 1]) < (treeStackLeaf[top - 1] ^ leaf)) {
    mergeTop(width, top);
    top--;
  }
  const base = top * width;
  if ((touched & (touched - 1)) === 0) {
    // One lane: the other seven are exact +0 (a lane starts at +0 and so is never −0), so the
    // leaf sum is that lane.
    const at = (31 - Math.clz32(touched)) * width;
    for (let q = 0; q < width; q++) {
      stack[base + q] = lanes[at + q];
      lanes[at + q] = 0;
    }
  } else {
    for (let q = 0; q < width; q++) {
      stack[base + q] =
        lanes[q] +
        lanes[width + q] +
        (lanes[2 * width + q] + lanes[3 * width + q]) +
        (lanes[4 * width + q] + lanes[5 * width + q] + (lanes[6 * width + q] + lanes[7 * width + q]));
    }
    for (let q = 0; q < 8 * width; q++) lanes[q] = 0;
  }
  treeStackLeaf[top] = leaf;
  treeStackSize = top + 1;
}

/** Replaces the two subtrees on top of a stack of `size` by their sum (left + right). */
function mergeTop(width: number, size: number): void {
  const stack = treeStack;
  const left = (size - 2) * width;
  const right = (size - 1) * width;
  for (let q = 0; q < width; q++) stack[left + q] = stack[left + q] + stack[right + q];
}

/** Completes the tree of the current buffer and adds its root to fusedSums, as NumPy adds buffers. */
function finishBuffer(width: number): void {
  let size = treeStackSize;
  if (size === 0) return;
  for (; size >= 2; size--) mergeTop(width, size);
  for (let q = 0; q < width; q++) fusedSums[q] += treeStack[q];
  treeStackSize = 0;
}

/**
 * First pass of glcmProperties (contrast, dissimilarity, homogeneity, ASM, marginal means) into
 * fusedSums, reading the bitmap of glcmPropertiesOfImage word by word (so keys come in increasing
 * order) and clearing it and the counts. Lane r of a leaf adds cells r, r + 8, … in turn as
 * NumPy's unrolled loop does; empty cells add exact zeros and are skipped. Lists the keys and
 * their probabilities for the second pass; returns how many there are.
 */
function fusedFirstPass(sum: number): number {
  fusedSums.fill(0);
  const dense = fusedCounts;
  const occupied = occupiedKeys;
  const keys = orderedKeys;
  const probability = orderedProbability;
  const lanes = fusedLanes;
  let k = 0;
  let leaf = -1;
  // Lanes of the current leaf that received a term (bit r for lane r).
  let touched = 0;
  for (let word = 0; word < occupied.length; word++) {
    let bits = occupied[word];
    if (bits === 0) continue;
    occupied[word] = 0;
    if (word >> 2 !== leaf) {
      if (leaf >= 0) pushLeaf(6, leaf, touched);
      leaf = word >> 2;
      touched = 0;
    }
    // 8 words per matrix row: the reference level is the same for the whole word.
    const i = word >> 3;
    const base = word << 5;
    while (bits !== 0) {
      const lowest = bits & -bits;
      bits ^= lowest;
      const key = base | (31 - Math.clz32(lowest));
      const count = dense[key];
      dense[key] = 0;
      const p = count < SMALL_COUNTS ? smallCountProbability[count] : count / sum;
      keys[k] = key;
      probability[k++] = p;
      const j = key & 255;
      const d = i - j;
      const at = (key & 7) * 6;
      touched |= 1 << (key & 7);
      lanes[at] += p * (d * d);
      lanes[at + 1] += p * Math.abs(d);
      lanes[at + 2] += p * HOMOGENEITY_WEIGHTS[d + 255];
      lanes[at + 3] += p * p;
      lanes[at + 4] += i * p;
      lanes[at + 5] += j * p;
    }
  }
  if (leaf >= 0) pushLeaf(6, leaf, touched);
  finishBuffer(6);
  return k;
}

/**
 * Second pass of glcmProperties (row variance, column variance, covariance) into fusedSums[0..2],
 * over the `count` keys fusedFirstPass listed.
 */
function fusedSecondPass(count: number, meanRow: number, meanColumn: number): void {
  fusedSums.fill(0);
  const keys = orderedKeys;
  const probability = orderedProbability;
  const lanes = fusedLanes;
  let k = 0;
  while (k < count) {
    const leaf = keys[k] >> 7;
    let touched = 0;
    const leafEnd = (leaf + 1) << 7;
    // A leaf is half a matrix row: one reference level.
    const di = (leaf >> 1) - meanRow;
    const di2 = di * di;
    for (; k < count && keys[k] < leafEnd; k++) {
      const key = keys[k];
      const p = probability[k];
      const dj = (key & 255) - meanColumn;
      const at = (key & 7) * 3;
      touched |= 1 << (key & 7);
      lanes[at] += p * di2;
      lanes[at + 1] += p * (dj * dj);
      lanes[at + 2] += p * (di * dj);
    }
    pushLeaf(3, leaf, touched);
  }
  finishBuffer(3);
}

/** Reused per-entry terms of glcmProperties (typed-array allocation is slow on V8). */
let termScratch = new Float64Array(0);

/** NumPy reduces contiguous float64 data in buffers of this many elements. */
const NUMPY_BUFFER = 8192;

/**
 * Column sums of `values` (`count` rows of `width` terms, row k belonging to dense position
 * keys[k] of a `length`-long array that is zero elsewhere), in NumPy's order: sequential in key
 * order, or `np.sum`'s buffered pairwise summation, visiting only the branches of its summation
 * tree that hold a nonzero term (zeros change no partial sum).
 */
function sumColumns(
  keys: Float64Array,
  values: Float64Array,
  count: number,
  width: number,
  length: number,
  summation: GlcmSummation,
  out: Float64Array,
): void {
  out.fill(0);
  if (summation === "sequential") {
    for (let k = 0; k < count; k++) for (let q = 0; q < width; q++) out[q] += values[k * width + q];
    return;
  }
  if (length % NUMPY_BUFFER === 0) {
    perfectTreeSums(keys, values, count, width, length, out);
    return;
  }
  const tree = new PairwiseTree(keys, values, count, width);
  for (let start = 0; start < length && tree.cursor < count; start += NUMPY_BUFFER) {
    tree.node(start, Math.min(NUMPY_BUFFER, length - start), 0);
    for (let q = 0; q < width; q++) out[q] += tree.sums[q];
  }
}

/** Reused leaf sums of perfectTreeSums: allocating them per matrix costs more than the sums. */
let leafScratch = new Float64Array(0);

/** Leaves of NumPy's pairwise tree inside one full 8192-element buffer (128 elements each). */
const LEAVES_PER_BUFFER = NUMPY_BUFFER / 128;

/**
 * The pairwise sums when every buffer is full (256 levels: 65 536 = 8 × 8192): each buffer's
 * tree is then a perfect binary tree over 64 leaves of 128 elements, so the leaves are summed
 * first (8 interleaved lanes each) and combined level by level; empty leaves are exact zeros.
 */
function perfectTreeSums(
  keys: Float64Array,
  values: Float64Array,
  count: number,
  width: number,
  length: number,
  out: Float64Array,
): void {
  const leafValues = (length / 128) * width;
  if (leafScratch.length < leafValues) leafScratch = new Float64Array(leafValues);
  const leaves = leafScratch;
  leaves.fill(0, 0, leafValues);
  const lanes = new Float64Array(8 * width);
  let k = 0;
  // Keys of a full-buffer matrix are below 2^31, so integer bit operations are exact (and much
  // faster than floating-point % on V8).
  while (k < count) {
    const leaf = (keys[k] | 0) >> 7;
    const leafEnd = (leaf + 1) * 128;
    lanes.fill(0);
    for (; k < count && keys[k] < leafEnd; k++) {
      const laneBase = ((keys[k] | 0) & 7) * width;
      const at = k * width;
      for (let q = 0; q < width; q++) lanes[laneBase + q] += values[at + q];
    }
    const base = leaf * width;
    for (let q = 0; q < width; q++) {
      leaves[base + q] =
        lanes[q] +
        lanes[width + q] +
        (lanes[2 * width + q] + lanes[3 * width + q]) +
        (lanes[4 * width + q] + lanes[5 * width + q] + (lanes[6 * width + q] + lanes[7 * width + q]));
    }
  }
  for (let buffer = 0; buffer < length / NUMPY_BUFFER; buffer++) {
    const first = buffer * LEAVES_PER_BUFFER;
    // Halve the leaf row in place: node m of a level = node 2m + node 2m+1 of the level below.
    for (let nodes = LEAVES_PER_BUFFER; nodes > 1; nodes /= 2) {
      for (let m = 0; m < nodes / 2; m++) {
        const target = (first + m) * width;
        const left = (first + 2 * m) * width;
        const right = left + width;
        for (let q = 0; q < width; q++) leaves[target + q] = leaves[left + q] + leaves[right + q];
      }
    }
    for (let q = 0; q < width; q++) out[q] += leaves[first * width + q];
  }
}

/** NumPy's pairwise summation over a sparse array, for several columns of terms at once. */
class PairwiseTree {
  cursor = 0;
  /** One row of `width` partial sums per recursion slot; slot 0 holds the result. */
  readonly sums: Float64Array;
  private readonly lanes: Float64Array;

  constructor(
    private readonly keys: Float64Array,
    private readonly values: Float64Array,
    private readonly count: number,
    private readonly width: number,
  ) {
    // Slots: the recursion below 8192 is at most 7 levels deep and uses two slots per level.
    this.sums = new Float64Array(width * 32);
    this.lanes = new Float64Array(width * 8);
  }

  /** Sums dense positions [start, start + length) into slot `slot`. */
  node(start: number, length: number, slot: number): void {
    const { keys, values, count, width, sums } = this;
    const base = slot * width;
    const end = start + length;
    if (this.cursor >= count || keys[this.cursor] >= end) {
      sums.fill(0, base, base + width);
      return;
    }
    if (length < 8) {
      sums.fill(0, base, base + width);
      while (this.cursor < count && keys[this.cursor] < end) {
        const at = this.cursor++ * width;
        for (let q = 0; q < width; q++) sums[base + q] += values[at + q];
      }
      return;
    }
    if (length <= 128) {
      // Eight interleaved accumulators over the multiple-of-8 prefix, then the rest in order.
      const lanes = this.lanes;
      lanes.fill(0);
      const unrolledEnd = end - (length % 8);
      while (this.cursor < count && keys[this.cursor] < unrolledEnd) {
        const lane = (keys[this.cursor] - start) & 7;
        const at = this.cursor++ * width;
        for (let q = 0; q < width; q++) lanes[lane * width + q] += values[at + q];
      }
      for (let q = 0; q < width; q++) {
        sums[base + q] =
          lanes[q] +
          lanes[width + q] +
          (lanes[2 * width + q] + lanes[3 * width + q]) +
          (lanes[4 * width + q] + lanes[5 * width + q] + (lanes[6 * width + q] + lanes[7 * width + q]));
      }
      while (this.cursor < count && keys[this.cursor] < end) {
        const at = this.cursor++ * width;
        for (let q = 0; q < width; q++) sums[base + q] += values[at + q];
      }
      return;
    }
    let half = Math.floor(length / 2);
    half -= half % 8;
    this.node(start, half, slot + 1);
    this.node(start + half, length - half, slot + 2);
    const left = (slot + 1) * width;
    const right = (slot + 2) * width;
    for (let q = 0; q < width; q++) sums[base + q] = sums[left + q] + sums[right + q];
  }
}
