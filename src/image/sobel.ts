/**
 * Sobel edge magnitude as scikit-image 0.19 `filters.sobel` computes it on a 2-D float64 image:
 * each axis is convolved (SciPy `ndimage.convolve`, mode 'reflect') with the 3×3 kernel
 * [1, 0, -1] ⊗ [1, 2, 1] / 4, and the magnitude is sqrt(g_row² + g_col²) / sqrt(2). No border
 * masking happens without a mask argument. The arithmetic follows SciPy's order term by term, so
 * the result is bit-identical to the Python one.
 */

import { pairwiseSum } from "./statistics.js";

const SQRT_2 = Math.sqrt(2);

/**
 * Sobel edge magnitude of a row-major `height × width` plane (same units as the pixels), written
 * into `out` (allocated when omitted). Borders use half-sample reflection (the edge pixel
 * repeats); NaN or inf pixels propagate to their 3×3 neighbourhood.
 */
export function sobel(
  plane: Float64Array,
  width: number,
  height: number,
  out: Float64Array = new Float64Array(width * height),
): Float64Array {
  sobelPass(plane, width, height, out, false);
  return out;
}

/**
 * Writes the Sobel magnitude of every pixel into `out`, or its square when `squared` (the
 * magnitude is rounded first, then squared, as NumPy does for `np.square(sobel(x))`).
 */
function sobelPass(
  plane: Float64Array,
  width: number,
  height: number,
  out: Float64Array,
  squared: boolean,
): void {
  for (let row = 0; row < height; row++) {
    // Reflect mode maps row -1 to row 0 and row `height` to row `height - 1` (and the same for
    // columns, which the sliding window below starts and ends with).
    const up = (row > 0 ? row - 1 : 0) * width;
    const here = row * width;
    const down = (row < height - 1 ? row + 1 : height - 1) * width;
    let upLeft = plane[up];
    let upMiddle = plane[up];
    let hereLeft = plane[here];
    let hereMiddle = plane[here];
    let downLeft = plane[down];
    let downMiddle = plane[down];
    for (let column = 0; column < width; column++) {
      const right = column < width - 1 ? column + 1 : column;
      const upRight = plane[up + right];
      const hereRight = plane[here + right];
      const downRight = plane[down + right];
      // SciPy accumulates the nonzero weights of the flipped kernel in row-major order; starting
      // from the first product instead of 0 can only change the sign of a zero, which squaring drops.
      let alongRows = -0.25 * upLeft;
      alongRows += -0.5 * upMiddle;
      alongRows += -0.25 * upRight;
      alongRows += 0.25 * downLeft;
      alongRows += 0.5 * downMiddle;
      alongRows += 0.25 * downRight;
      let alongColumns = -0.25 * upLeft;
      alongColumns += 0.25 * upRight;
      alongColumns += -0.5 * hereLeft;
      alongColumns += 0.5 * hereRight;
      alongColumns += -0.25 * downLeft;
      alongColumns += 0.25 * downRight;
      const magnitude = Math.sqrt(alongRows * alongRows + alongColumns * alongColumns) / SQRT_2;
      out[here + column] = squared ? magnitude * magnitude : magnitude;
      upLeft = upMiddle;
      upMiddle = upRight;
      hereLeft = hereMiddle;
      hereMiddle = hereRight;
      downLeft = downMiddle;
      downMiddle = downRight;
    }
  }
}

/**
 * Root mean square of the Sobel magnitude over all pixels, `sqrt(mean(sobel(plane)²))`, in pixel
 * units (scifAI's GradientRMS). The mean uses NumPy's pairwise summation so the value matches
 * NumPy to the last bit. An empty plane gives NaN.
 */
export function sobelRootMeanSquare(
  plane: Float64Array,
  width: number,
  height: number,
  scratch: Float64Array = new Float64Array(width * height),
): number {
  const pixels = width * height;
  if (pixels === 0) return Number.NaN;
  if (!squaredSobelOfIntegers(plane, width, height, scratch)) sobelPass(plane, width, height, scratch, true);
  return Math.sqrt(pairwiseSum(scratch, pixels) / pixels);
}

/**
 * sobelPass(…, squared) for planes of 32-bit integers (the usual camera counts), with the kernel
 * split into a vertical difference and a vertical [1, 2, 1] smoothing per column, two output rows
 * at a time (they share their middle input rows). For integers below 2^31 every partial sum of
 * sobelPass is a multiple of 0.25 below 2^51, hence exact, so 4·g_row and 4·g_col equal the
 * separable integer sums exactly; and n = (4g_row)² + (4g_col)² rounds to 16× what
 * g_row² + g_col² rounds to (scaling by 16 commutes with rounding), so n / 16 is bit-identical.
 * Returns false, with `out` partly written, as soon as a pixel is not such an integer (fraction,
 * NaN, inf, out of range); the caller then runs sobelPass.
 */
function squaredSobelOfIntegers(
  plane: Float64Array,
  width: number,
  height: number,
  out: Float64Array,
): boolean {
  for (let pair = 0; pair < height; pair += 2) {
    // An odd last row is done with the row before it again (the same values are written twice);
    // a single-row plane reflects onto itself, so both outputs are row 0.
    const row = Math.min(pair, Math.max(height - 2, 0));
    const up = (row > 0 ? row - 1 : 0) * width;
    const first = row * width;
    const second = Math.min(row + 1, height - 1) * width;
    const down = Math.min(row + 2, height - 1) * width;
    // Every pixel is checked once as a value of the rows being output (column 0 here, the others
    // when they enter the window from the right).
    const firstLeft = plane[first];
    const secondLeft = plane[second];
    if ((firstLeft | 0) !== firstLeft || (secondLeft | 0) !== secondLeft) return false;
    // Window state per output row: differences and smoothed sums of the left and middle columns.
    let differenceLeft1 = secondLeft - plane[up];
    let differenceMiddle1 = differenceLeft1;
    let smoothedLeft1 = plane[up] + 2 * firstLeft + secondLeft;
    let smoothedMiddle1 = smoothedLeft1;
    let differenceLeft2 = plane[down] - firstLeft;
    let differenceMiddle2 = differenceLeft2;
    let smoothedLeft2 = firstLeft + 2 * secondLeft + plane[down];
    let smoothedMiddle2 = smoothedLeft2;
    for (let column = 0; column < width; column++) {
      const right = column < width - 1 ? column + 1 : column;
      const upRight = plane[up + right];
      const firstRight = plane[first + right];
      const secondRight = plane[second + right];
      const downRight = plane[down + right];
      if ((firstRight | 0) !== firstRight || (secondRight | 0) !== secondRight) return false;
      const differenceRight1 = secondRight - upRight;
      const smoothedRight1 = upRight + 2 * firstRight + secondRight;
      const differenceRight2 = downRight - firstRight;
      const smoothedRight2 = firstRight + 2 * secondRight + downRight;
      out[first + column] = squaredMagnitude(
        differenceLeft1 + 2 * differenceMiddle1 + differenceRight1,
        smoothedRight1 - smoothedLeft1,
      );
      out[second + column] = squaredMagnitude(
        differenceLeft2 + 2 * differenceMiddle2 + differenceRight2,
        smoothedRight2 - smoothedLeft2,
      );
      differenceLeft1 = differenceMiddle1;
      differenceMiddle1 = differenceRight1;
      smoothedLeft1 = smoothedMiddle1;
      smoothedMiddle1 = smoothedRight1;
      differenceLeft2 = differenceMiddle2;
      differenceMiddle2 = differenceRight2;
      smoothedLeft2 = smoothedMiddle2;
      smoothedMiddle2 = smoothedRight2;
    }
  }
  return true;
}

/** (sqrt(g_row² + g_col²) / √2)² from 4·g_row and 4·g_col, rounded as sobelPass rounds it. */
function squaredMagnitude(alongRows: number, alongColumns: number): number {
  const magnitude = Math.sqrt((alongRows * alongRows + alongColumns * alongColumns) * 0.0625) / SQRT_2;
  return magnitude * magnitude;
}
