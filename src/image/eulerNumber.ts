/**
 * Counts of the 16 configurations of 2×2 pixel windows over a row-major 0/1 plane padded with one
 * ring of zeros, as scikit-image's euler_number and perimeter_crofton build them (bit 1: the
 * window's bottom-right pixel, 2: top-right, 4: bottom-left, 8: top-left). Every window that
 * touches the plane is counted; bin 0 also counts the all-background windows of the padding.
 */
export function pixelQuadHistogram(
  image: Uint8Array,
  width: number,
  height: number,
  out: Float64Array = new Float64Array(16),
): Float64Array {
  out.fill(0);
  let nonzeroWindows = 0;
  // Windows inside the foreground (code 15) are the commonest: a local count keeps their
  // increments out of memory (the counts are integers, so the order of increments is free).
  let full = 0;
  for (let row = 0; row <= height; row++) {
    const here = row * width;
    const above = here - width;
    const hasAbove = row > 0;
    const hasHere = row < height;
    let previousColumn = 0;
    for (let column = 0; column <= width; column++) {
      const inside = column < width;
      const bottomRight = hasHere && inside && image[here + column] !== 0 ? 1 : 0;
      const topRight = hasAbove && inside && image[above + column] !== 0 ? 2 : 0;
      // Bits 4 and 8 are this window's left column, i.e. the previous window's right column.
      const right = bottomRight + topRight;
      const code = right + previousColumn * 4;
      previousColumn = right;
      if (code === 15) full++;
      else if (code !== 0) {
        out[code]++;
        nonzeroWindows++;
      }
    }
  }
  out[15] = full;
  out[0] = (height + 2) * (width + 2) - nonzeroWindows - full;
  return out;
}

/** scikit-image's EULER_COEFS2D_8: contributions of each 2×2 configuration (8-connectivity). */
const EULER_COEFFICIENTS_8 = [0, 0, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0, 0, 0, -1, 0];

/**
 * Euler number of a row-major 0/1 plane with 8-connected foreground (regionprops' choice for
 * 2-D): objects minus holes, where holes are 4-connected background components enclosed by it.
 * An empty image gives 0. Pass a `pixelQuadHistogram` already computed for the image to reuse it.
 */
export function eulerNumber(
  image: Uint8Array,
  width: number,
  height: number,
  histogram: Float64Array = pixelQuadHistogram(image, width, height),
): number {
  let euler = 0;
  for (let code = 0; code < 16; code++) euler += EULER_COEFFICIENTS_8[code] * histogram[code];
  return euler;
}
