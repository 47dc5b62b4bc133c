/**
 * Solves A·x = b for a symmetric positive-definite n × n matrix A (row-major; only the lower
 * triangle is read; A is not modified) by Cholesky factorisation A = LLᵀ. Throws a RangeError when
 * A is not numerically positive definite: a pivot ≤ n·ε·max diagonal (singular up to rounding).
 */
export function choleskySolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  let largestDiagonal = 0;
  for (let i = 0; i < n; i++) largestDiagonal = Math.max(largestDiagonal, a[i * n + i]);
  const smallestPivot = n * Number.EPSILON * largestDiagonal;
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      if (i === j) {
        if (!(sum > smallestPivot))
          throw new RangeError("matrix is not positive definite (use a positive penalty)");
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j];
      }
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let sum = x[i];
    for (let k = 0; k < i; k++) sum -= l[i * n + k] * x[k];
    x[i] = sum / l[i * n + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = x[i];
    for (let k = i + 1; k < n; k++) sum -= l[k * n + i] * x[k];
    x[i] = sum / l[i * n + i];
  }
  return x;
}
