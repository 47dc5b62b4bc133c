import { fillHoles } from "./fillHoles.js";

/**
 * Pixel count of a row-major 0/1 plane after filling its holes as regionprops' `filled_image`
 * does: `binary_fill_holes` with a full 3×3 structure (8-connected background flood). An empty
 * image gives 0.
 */
export function filledArea(image: Uint8Array, width: number, height: number): number {
  // A hole needs a row with a gap between foreground pixels; most cells have none, and then the
  // filled area is the area, without a flood fill.
  let area = 0;
  let gaps = false;
  for (let row = 0, start = 0; row < height; row++, start += width) {
    let first = -1;
    let last = -1;
    let count = 0;
    for (let column = 0; column < width; column++) {
      if (image[start + column] === 0) continue;
      if (first < 0) first = column;
      last = column;
      count++;
    }
    area += count;
    if (count > 0 && last - first + 1 !== count) gaps = true;
  }
  if (!gaps) return area;
  const filled = fillHoles(image, width, height, 8);
  let total = 0;
  for (let i = 0; i < filled.length; i++) total += filled[i];
  return total;
}
