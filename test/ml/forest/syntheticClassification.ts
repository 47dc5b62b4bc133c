import { type Matrix, matrix } from "../../../src/ml/matrix.js";

// The integer-hash data set of test/reference/forest_selection_vectors.py, rebuilt bit for bit:
// every operation below is exact or rounds once, in the same order as the Python script.

/** The 32-bit "lowbias32" hash of the vector script. */
export function mix32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** A uniform number in [0, 1) that depends only on its four integers. */
export function hashUniform(seed: number, i: number, j: number, k: number): number {
  let h = mix32(seed);
  h = mix32(h + i);
  h = mix32(h + j);
  h = mix32(h + k);
  return h / 4294967296;
}

/** The centred sum of four hash uniforms times √3 (mean 0, variance 1). */
export function hashNormal(seed: number, i: number, j: number): number {
  const sum =
    hashUniform(seed, i, j, 0) +
    hashUniform(seed, i, j, 1) +
    hashUniform(seed, i, j, 2) +
    hashUniform(seed, i, j, 3);
  return (sum - 2) * Math.sqrt(3);
}

/**
 * The script's `synthetic()`: classes with shifted means on the first `informative` columns,
 * `redundant` averages of pairs of them, the last column floor(2·x₀) (ties), the rest noise.
 */
export function syntheticClassification(
  rows: number,
  cols: number,
  classes: number,
  informative: number,
  redundant: number,
  seed: number,
): { X: Matrix; y: Int32Array } {
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) y[i] = Math.floor(hashUniform(seed, i, 0, 99) * classes);
  const centres: number[][] = [];
  for (let c = 0; c < classes; c++) {
    const centre: number[] = [];
    for (let j = 0; j < informative; j++) centre.push((hashUniform(seed, 1000 + c, j, 7) * 2 - 1) * 1.5);
    centres.push(centre);
  }
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const at = i * cols;
    for (let j = 0; j < cols; j++) {
      if (j < informative) data[at + j] = centres[y[i]][j] + hashNormal(seed, i, j);
      else if (j < informative + redundant) {
        const a = j - informative;
        data[at + j] = data[at + (a % informative)] * 0.5 + data[at + ((a + 1) % informative)] * 0.5;
      } else if (j === cols - 1) data[at + j] = Math.floor(data[at] * 2);
      else data[at + j] = hashNormal(seed, i, j);
    }
  }
  return { X: matrix(data, rows, cols), y };
}
