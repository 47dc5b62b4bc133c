/**
 * Small dense linear-algebra kernels for the linear models: Householder QR and the one-sided
 * (Hestenes) Jacobi SVD. Jacobi is chosen over an eigen-decomposition of AᵀA because it keeps the
 * small singular values to high relative accuracy, which LDA's rank decision and its inverse
 * within-class scaling (1/σ) depend on.
 */

/** The singular values (descending) and right singular vectors of an m × n matrix, k = min(m, n) of each. */
export interface SingularValueDecomposition {
  /** k singular values, largest first (≥ 0). */
  values: Float64Array;
  /** n × k row-major: column c is the right singular vector of `values[c]`. */
  rightVectors: Float64Array;
  /** n, the length of each right singular vector. */
  columns: number;
}

const JACOBI_MAX_SWEEPS = 80;

/**
 * Dot product of a[aStart…aStart+length) and b[bStart…bStart+length) (0 for length 0). Four
 * running sums break the chain of dependent additions, which otherwise bounds the speed.
 */
export function dotRange(
  a: Float64Array,
  aStart: number,
  b: Float64Array,
  bStart: number,
  length: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    s0 += a[aStart + i] * b[bStart + i];
    s1 += a[aStart + i + 1] * b[bStart + i + 1];
    s2 += a[aStart + i + 2] * b[bStart + i + 2];
    s3 += a[aStart + i + 3] * b[bStart + i + 3];
  }
  for (; i < length; i++) s0 += a[aStart + i] * b[bStart + i];
  return s0 + s1 + (s2 + s3);
}

/**
 * The n × n upper-triangular factor R of A = QR for a column-major m × n matrix with m ≥ n
 * (Householder reflections; A is overwritten). R is returned column-major; RᵀR = AᵀA, so R has A's
 * singular values and right singular vectors. A zero column gives a zero row in R.
 */
export function householderR(columnMajor: Float64Array, m: number, n: number): Float64Array {
  if (m < n) throw new RangeError(`householderR needs m ≥ n, got ${m} × ${n}`);
  const a = columnMajor;
  for (let k = 0; k < n; k++) {
    const columnStart = k * m;
    let norm = 0;
    // Scaled norm: columns of standardised data are tame, but a scaled sum avoids overflow anyway.
    let scale = 0;
    for (let i = k; i < m; i++) scale = Math.max(scale, Math.abs(a[columnStart + i]));
    if (scale === 0) continue;
    for (let i = k; i < m; i++) {
      const value = a[columnStart + i] / scale;
      norm += value * value;
    }
    norm = scale * Math.sqrt(norm);
    const alpha = a[columnStart + k] > 0 ? -norm : norm;
    // v = x − alpha·e1, stored in place of the column below and on the diagonal.
    a[columnStart + k] -= alpha;
    const vNormSquared = dotRange(a, columnStart + k, a, columnStart + k, m - k);
    if (vNormSquared === 0) {
      a[columnStart + k] = alpha;
      continue;
    }
    for (let j = k + 1; j < n; j++) {
      const target = j * m;
      const factor = (2 * dotRange(a, columnStart + k, a, target + k, m - k)) / vNormSquared;
      if (factor === 0) continue;
      for (let i = k; i < m; i++) a[target + i] -= factor * a[columnStart + i];
    }
    a[columnStart + k] = alpha;
  }
  const r = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) r[j * n + i] = a[j * m + i];
  return r;
}

/**
 * One-sided Jacobi on the columns of a column-major m × n matrix, overwritten with AV whose columns
 * are mutually orthogonal (V itself is not kept: callers read the singular vectors off the
 * normalised columns). Rotates until every pair of columns is orthogonal to √m·ε relative accuracy
 * (at most 80 sweeps; in practice under 15).
 */
function jacobiOrthogonalizeColumns(a: Float64Array, m: number, n: number): void {
  const tolerance = Math.sqrt(m) * Number.EPSILON;
  const squaredNorms = new Float64Array(n);
  for (let sweep = 0; sweep < JACOBI_MAX_SWEEPS; sweep++) {
    let rotated = false;
    // Squared column norms are recomputed each sweep and, in between, updated by each rotation's
    // closed form (‖a_p‖² − tγ, ‖a_q‖² + tγ), saving two of the three dot products per pair.
    for (let p = 0; p < n; p++) squaredNorms[p] = dotRange(a, p * m, a, p * m, m);
    for (let p = 0; p < n - 1; p++) {
      const pStart = p * m;
      for (let q = p + 1; q < n; q++) {
        const qStart = q * m;
        const alpha = squaredNorms[p];
        const beta = squaredNorms[q];
        const gamma = dotRange(a, pStart, a, qStart, m);
        if (gamma === 0 || Math.abs(gamma) <= tolerance * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // The rotation that zeroes the (p, q) entry of AᵀA, with the smaller angle.
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        squaredNorms[p] = alpha - t * gamma;
        squaredNorms[q] = beta + t * gamma;
        for (let i = 0; i < m; i++) {
          const x = a[pStart + i];
          const y = a[qStart + i];
          a[pStart + i] = c * x - s * y;
          a[qStart + i] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
}

/**
 * Singular values and right singular vectors of a row-major m × n matrix (the input is not changed).
 * For m ≥ n: Householder QR, then one-sided Jacobi on Rᵀ (n × n); for m < n: Jacobi on Aᵀ. Either
 * way the normalised rotated columns are A's right singular vectors. Vectors of zero singular
 * values are zero or arbitrary; callers keep only those above a rank threshold.
 */
export function singularValueDecomposition(
  rowMajor: Float64Array,
  m: number,
  n: number,
): SingularValueDecomposition {
  if (rowMajor.length !== m * n) throw new RangeError(`expected ${m} × ${n} values, got ${rowMajor.length}`);
  const k = Math.min(m, n);
  const values = new Float64Array(k);
  const rightVectors = new Float64Array(n * k);
  if (k === 0) return { values, rightVectors, columns: n };
  // Jacobi runs on the columns of Bᵀ-shaped data whose left singular vectors are A's right ones:
  // B = Rᵀ (n × n) after QR when m ≥ n, B = Aᵀ (n × m) otherwise. Then B·W = U·Σ, and the
  // normalised columns of the rotated B are A's right singular vectors, its norms the values.
  // (Jacobi on Rᵀ rather than R also needs fewer sweeps; Drmač & Veselić, 2008.)
  let rotated: Float64Array;
  if (m >= n) {
    const columnMajor = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) columnMajor[j * m + i] = rowMajor[i * n + j];
    const r = householderR(columnMajor, m, n);
    rotated = new Float64Array(n * n);
    // Column c of Rᵀ is row c of R (R is column-major: R[i][j] = r[j·n + i]).
    for (let c = 0; c < n; c++) for (let i = c; i < n; i++) rotated[c * n + i] = r[i * n + c];
  } else {
    // Columns of Aᵀ are A's rows: already contiguous in the row-major input.
    rotated = Float64Array.from(rowMajor);
  }
  jacobiOrthogonalizeColumns(rotated, n, k);
  const unsortedValues = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const norm = Math.sqrt(dotRange(rotated, c * n, rotated, c * n, n));
    unsortedValues[c] = norm;
    if (norm > 0) for (let i = 0; i < n; i++) rotated[c * n + i] /= norm;
  }
  const vectorsColumnMajor = rotated;
  const order = Array.from({ length: k }, (_, i) => i).sort(
    (x, y) => unsortedValues[y] - unsortedValues[x] || x - y,
  );
  for (let c = 0; c < k; c++) {
    const source = order[c];
    values[c] = unsortedValues[source];
    for (let i = 0; i < n; i++) rightVectors[i * k + c] = vectorsColumnMajor[source * n + i];
  }
  return { values, rightVectors, columns: n };
}

/** C = A · B for row-major A (m × k) and B (k × n); returns a new m × n row-major array. */
export function multiply(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    const cRow = i * n;
    for (let l = 0; l < k; l++) {
      const factor = a[i * k + l];
      if (factor === 0) continue;
      const bRow = l * n;
      for (let j = 0; j < n; j++) c[cRow + j] += factor * b[bRow + j];
    }
  }
  return c;
}
