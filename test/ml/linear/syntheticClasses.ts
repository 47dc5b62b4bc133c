import type { Matrix } from "../../../src/ml/matrix.js";

/**
 * The integer-hash uniform of test/reference/linear_models_vectors.py (Wellons' lowbias32 on a
 * seed/index mix): exact integer arithmetic, so both languages get the same doubles.
 */
export function hashUniform(seed: number, index: number): number {
  let h = (Math.imul(seed, 0x9e3779b1) + Math.imul(index, 0x85ebca77) + 0x165667b1) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/**
 * The script's synthetic classification problem: class k has a uniform random mean vector scaled by
 * `separation`; features are the class mean plus Irwin–Hall noise (sum of four uniforms − 2) with a
 * moving-average correlation to the previous column. Only + − × of exact values: bit-identical to
 * the Python generator.
 */
export function syntheticClasses(
  seed: number,
  rows: number,
  cols: number,
  classes: number,
  separation: number,
): { X: Matrix; y: Int32Array } {
  const means = new Float64Array(classes * cols);
  for (let k = 0; k < classes; k++)
    for (let j = 0; j < cols; j++)
      means[k * cols + j] = (hashUniform(seed + 1, k * cols + j) - 0.5) * separation;
  const data = new Float64Array(rows * cols);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const label = Math.floor(hashUniform(seed + 2, i) * classes);
    y[i] = label;
    let previous = 0;
    for (let j = 0; j < cols; j++) {
      const base = (i * cols + j) * 4;
      const z =
        hashUniform(seed, base) +
        hashUniform(seed, base + 1) +
        hashUniform(seed, base + 2) +
        hashUniform(seed, base + 3) -
        2.0;
      data[i * cols + j] = means[label * cols + j] + z + 0.5 * previous;
      previous = z;
    }
  }
  return { X: { data, rows, cols }, y };
}
