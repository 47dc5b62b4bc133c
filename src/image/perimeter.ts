import { pixelQuadHistogram } from "./eulerNumber.js";

/** scikit-image's weights of border-pixel codes (centre 1, 4-neighbours 2 each, diagonals 10 each). */
const PERIMETER_WEIGHTS = (() => {
  const weights = new Float64Array(50);
  for (const code of [5, 7, 15, 17, 25, 27]) weights[code] = 1;
  for (const code of [21, 33]) weights[code] = Math.SQRT2;
  for (const code of [13, 23]) weights[code] = (1 + Math.SQRT2) / 2;
  return weights;
})();

let border = new Uint8Array(256);
let borderPixels = new Int32Array(256);
const codeCounts = new Float64Array(50);

/**
 * Perimeter (pixels) of the foreground of a row-major 0/1 plane as scikit-image's `perimeter`
 * with neighbourhood 4 (regionprops' default): the border pixels (foreground pixels with a
 * 4-neighbour outside the foreground or the image) weighted 1, √2 or (1 + √2)/2 by how they link
 * to other border pixels. A single pixel or an empty image gives 0.
 */
export function perimeter(image: Uint8Array, width: number, height: number): number {
  const pixels = width * height;
  if (border.length < pixels) {
    border = new Uint8Array(Math.max(pixels, 2 * border.length));
    borderPixels = new Int32Array(border.length);
  }
  let borderCount = 0;
  for (let row = 0, index = 0; row < height; row++) {
    for (let column = 0; column < width; column++, index++) {
      if (image[index] === 0) {
        border[index] = 0;
        continue;
      }
      // binary_erosion with border_value 0: pixels on the image edge are never interior.
      const interior =
        row > 0 &&
        row < height - 1 &&
        column > 0 &&
        column < width - 1 &&
        image[index - width] !== 0 &&
        image[index + width] !== 0 &&
        image[index - 1] !== 0 &&
        image[index + 1] !== 0;
      border[index] = interior ? 0 : 1;
      if (!interior) borderPixels[borderCount++] = index;
    }
  }
  codeCounts.fill(0);
  // Only border pixels get a code; the counts are integers, so visiting them from a list instead
  // of scanning the plane changes nothing.
  for (let k = 0; k < borderCount; k++) {
    const index = borderPixels[k];
    const row = (index / width) | 0;
    const column = index - row * width;
    const up = row > 0;
    const down = row < height - 1;
    const left = column > 0;
    const right = column < width - 1;
    let sides = 0;
    let corners = 0;
    if (up) {
      sides += border[index - width];
      if (left) corners += border[index - width - 1];
      if (right) corners += border[index - width + 1];
    }
    if (down) {
      sides += border[index + width];
      if (left) corners += border[index + width - 1];
      if (right) corners += border[index + width + 1];
    }
    if (left) sides += border[index - 1];
    if (right) sides += border[index + 1];
    codeCounts[1 + 2 * sides + 10 * corners]++;
  }
  let total = 0;
  // Summed in code order, as scikit-image's histogram · weights product does.
  for (let code = 0; code < 50; code++) total += codeCounts[code] * PERIMETER_WEIGHTS[code];
  return total;
}

/** scikit-image's perimeter_crofton coefficients for 4 directions, per 2×2 configuration. */
const CROFTON_COEFFICIENTS_4 = [
  0,
  (Math.PI / 4) * (1 + 1 / Math.sqrt(2)),
  Math.PI / (4 * Math.sqrt(2)),
  Math.PI / (2 * Math.sqrt(2)),
  0,
  (Math.PI / 4) * (1 + 1 / Math.sqrt(2)),
  0,
  Math.PI / (4 * Math.sqrt(2)),
  Math.PI / 4,
  Math.PI / 2,
  Math.PI / (4 * Math.sqrt(2)),
  Math.PI / (4 * Math.sqrt(2)),
  Math.PI / 4,
  Math.PI / 2,
  0,
  0,
];

/**
 * Crofton perimeter (pixels) of the foreground of a row-major 0/1 plane, as scikit-image's
 * `perimeter_crofton` with 4 directions (regionprops' default): an integral-geometry estimate from
 * the 2×2 configuration counts. An empty image gives 0. Pass a `pixelQuadHistogram` already
 * computed for the image to reuse it.
 */
export function perimeterCrofton(
  image: Uint8Array,
  width: number,
  height: number,
  histogram: Float64Array = pixelQuadHistogram(image, width, height),
): number {
  let total = 0;
  for (let code = 0; code < 16; code++) total += CROFTON_COEFFICIENTS_4[code] * histogram[code];
  return total;
}
