/**
 * Image moments up to order 3 as scikit-image 0.19 computes them for regionprops: central,
 * normalised and Hu moments, and the inertia ellipse (axis lengths, eccentricity, orientation).
 *
 * Moments are stored as a 4×4 row-major Float64Array: index = rowPower * 4 + columnPower, where
 * the row coordinate is the first image axis (scikit-image's `mu[p, q]`).
 */

/** Number of values in a moment table (orders 0…3 along each axis). */
export const MOMENT_TABLE_SIZE = 16;

/** (row − centerRow)^1…3 per row, reused between calls. */
let rowPowers = new Float64Array(192);

/**
 * Central moments μ[p][q] = Σ image[r, c]·(r − centerRow)^p·(c − centerColumn)^q, p, q ∈ 0…3, of a
 * dense row-major image (coordinates are its pixel indices). Sums run per column first, as
 * scikit-image's matrix products do. An all-zero image gives all-zero moments; a NaN centre gives NaN.
 */
export function centralMoments(
  image: Float64Array | Uint8Array,
  width: number,
  height: number,
  centerRow: number,
  centerColumn: number,
  out: Float64Array = new Float64Array(MOMENT_TABLE_SIZE),
): Float64Array {
  if (rowPowers.length < 3 * height) rowPowers = new Float64Array(3 * height);
  const powers = rowPowers;
  for (let row = 0; row < height; row++) {
    const dr = row - centerRow;
    const dr2 = dr * dr;
    powers[3 * row] = dr;
    powers[3 * row + 1] = dr2;
    powers[3 * row + 2] = dr2 * dr;
  }
  out.fill(0);
  // Column by column, each column's four sums stay in registers and take the rows in order, and
  // the column then adds to the table in column order: the same additions, in the same order, as
  // summing all columns first.
  for (let column = 0; column < width; column++) {
    let sum0 = 0;
    let sum1 = 0;
    let sum2 = 0;
    let sum3 = 0;
    for (let row = 0, index = column; row < height; row++, index += width) {
      const value = image[index];
      if (value === 0) continue;
      sum0 += value;
      sum1 += value * powers[3 * row];
      sum2 += value * powers[3 * row + 1];
      sum3 += value * powers[3 * row + 2];
    }
    const dc = column - centerColumn;
    const dc2 = dc * dc;
    const dc3 = dc2 * dc;
    addColumn(out, 0, sum0, dc, dc2, dc3);
    addColumn(out, 4, sum1, dc, dc2, dc3);
    addColumn(out, 8, sum2, dc, dc2, dc3);
    addColumn(out, 12, sum3, dc, dc2, dc3);
  }
  return out;
}

/** Adds one column's Σ value·dr^p times dc^0…3 to row `at` of the moment table. */
function addColumn(out: Float64Array, at: number, sum: number, dc: number, dc2: number, dc3: number): void {
  out[at] += sum;
  out[at + 1] += sum * dc;
  out[at + 2] += sum * dc2;
  out[at + 3] += sum * dc3;
}

/**
 * Scale-invariant moments ν[p][q] = μ[p][q] / μ00^((p+q)/2 + 1) for p + q ≥ 2; NaN for p + q < 2,
 * as scikit-image sets them. μ00 = 0 gives NaN or ±inf, as NumPy's division does.
 */
export function normalizedMoments(
  mu: Float64Array,
  out: Float64Array = new Float64Array(MOMENT_TABLE_SIZE),
): Float64Array {
  const mu00 = mu[0];
  for (let p = 0; p < 4; p++) {
    for (let q = 0; q < 4; q++) {
      const order = p + q;
      out[p * 4 + q] = order < 2 ? Number.NaN : mu[p * 4 + q] / mu00 ** (order / 2 + 1);
    }
  }
  return out;
}

/** The seven Hu invariants of normalised moments ν (scikit-image's formulae and operation order). */
export function huMoments(nu: Float64Array, out: Float64Array = new Float64Array(7)): Float64Array {
  const nu02 = nu[2];
  const nu03 = nu[3];
  const nu11 = nu[5];
  const nu12 = nu[6];
  const nu20 = nu[8];
  const nu21 = nu[9];
  const nu30 = nu[12];
  let t0 = nu30 + nu12;
  let t1 = nu21 + nu03;
  let q0 = t0 * t0;
  let q1 = t1 * t1;
  const n4 = 4 * nu11;
  const s = nu20 + nu02;
  const d = nu20 - nu02;
  out[0] = s;
  out[1] = d * d + n4 * nu11;
  out[3] = q0 + q1;
  out[5] = d * (q0 - q1) + n4 * t0 * t1;
  t0 *= q0 - 3 * q1;
  t1 *= 3 * q0 - q1;
  q0 = nu30 - 3 * nu12;
  q1 = 3 * nu21 - nu03;
  out[2] = q0 * q0 + q1 * q1;
  out[4] = q0 * t0 + q1 * t1;
  out[6] = q1 * t0 - q0 * t1;
  return out;
}

/** The ellipse with the same second moments as a region (scikit-image regionprops, 2-D). */
export interface InertiaEllipse {
  /** Largest eigenvalue of the inertia tensor (pixels²), clipped at 0. */
  readonly largestEigenvalue: number;
  /** Smallest eigenvalue of the inertia tensor (pixels²), clipped at 0. */
  readonly smallestEigenvalue: number;
  /** 4·√(largest eigenvalue), in pixels. */
  readonly majorAxisLength: number;
  /** 4·√(smallest eigenvalue), in pixels. */
  readonly minorAxisLength: number;
  /** √(1 − λ2/λ1); 0 when λ1 = 0 (a single pixel). */
  readonly eccentricity: number;
  /** Angle in radians, in [−π/2, π/2], between the row axis and the major axis. */
  readonly orientation: number;
}

/**
 * The inertia ellipse of central moments μ (μ00 must be the area): eigenvalues of the inertia
 * tensor [[μ02, −μ11], [−μ11, μ20]] / μ00 as LAPACK's dsyevd gives them, and the derived lengths.
 * A single pixel gives zero lengths, eccentricity 0 and orientation π/4.
 */
export function inertiaEllipse(mu: Float64Array): InertiaEllipse {
  const mu00 = mu[0];
  const mu20 = mu[8];
  const mu02 = mu[2];
  // scikit-image forms each diagonal entry as (μ20 + μ02) − μii; the rounding of that difference
  // is part of the reference values.
  const trace = mu20 + mu02;
  const a = (trace - mu20) / mu00;
  const c = (trace - mu02) / mu00;
  const b = -mu[5] / mu00;
  symmetricEigenvalues(a, b, c, eigenvalues);
  const largest = Math.max(eigenvalues[0], eigenvalues[1], 0);
  const smallest = Math.max(Math.min(eigenvalues[0], eigenvalues[1]), 0);
  let orientation: number;
  if (a - c === 0) orientation = b < 0 ? -Math.PI / 4 : Math.PI / 4;
  else orientation = 0.5 * Math.atan2(-2 * b, c - a);
  return {
    largestEigenvalue: largest,
    smallestEigenvalue: smallest,
    majorAxisLength: 4 * Math.sqrt(largest),
    minorAxisLength: 4 * Math.sqrt(smallest),
    eccentricity: largest === 0 ? 0 : Math.sqrt(1 - smallest / largest),
    orientation,
  };
}

const eigenvalues = new Float64Array(2);
/** LAPACK's dlamch('E'): the unit roundoff of float64. */
const LAPACK_EPSILON = 2 ** -53;

/**
 * Eigenvalues of the symmetric matrix [[a, b], [b, c]] by the path LAPACK's dsterf takes for a
 * 2×2 tridiagonal block (split test, squared off-diagonal, then dlae2), so that the rounding
 * matches NumPy's eigvalsh. Writes the two values, unordered, into `out`.
 */
export function symmetricEigenvalues(a: number, b: number, c: number, out: Float64Array): Float64Array {
  const absB = Math.abs(b);
  if (absB === 0 || absB <= Math.sqrt(Math.abs(a)) * Math.sqrt(Math.abs(c)) * LAPACK_EPSILON) {
    out[0] = a;
    out[1] = c;
    return out;
  }
  const offDiagonalSquared = b * b;
  if (offDiagonalSquared <= LAPACK_EPSILON * LAPACK_EPSILON * Math.abs(a * c)) {
    out[0] = a;
    out[1] = c;
    return out;
  }
  const rootOffDiagonal = Math.sqrt(offDiagonalSquared);
  // dsterf iterates from the end with the larger magnitude; dlae2 sees the diagonal in that order.
  if (Math.abs(c) < Math.abs(a)) dlae2(c, rootOffDiagonal, a, out);
  else dlae2(a, rootOffDiagonal, c, out);
  return out;
}

/** LAPACK dlae2: eigenvalues of [[a, b], [b, c]], the smaller one without cancellation. */
function dlae2(a: number, b: number, c: number, out: Float64Array): void {
  const sum = a + c;
  const absDifference = Math.abs(a - c);
  const twiceB = Math.abs(b + b);
  const larger = Math.abs(a) > Math.abs(c) ? a : c;
  const smaller = Math.abs(a) > Math.abs(c) ? c : a;
  let root: number;
  if (absDifference > twiceB)
    root = absDifference * Math.sqrt(1 + (twiceB / absDifference) * (twiceB / absDifference));
  else if (absDifference < twiceB)
    root = twiceB * Math.sqrt(1 + (absDifference / twiceB) * (absDifference / twiceB));
  else root = twiceB * Math.SQRT2;
  let first: number;
  let second: number;
  if (sum < 0) {
    first = 0.5 * (sum - root);
    second = (larger / first) * smaller - (b / first) * b;
  } else if (sum > 0) {
    first = 0.5 * (sum + root);
    second = (larger / first) * smaller - (b / first) * b;
  } else {
    first = 0.5 * root;
    second = -0.5 * root;
  }
  out[0] = first;
  out[1] = second;
}
