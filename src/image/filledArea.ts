import { fillHoles } from "./fillHoles.js";
import { firstNonzeroColumn, lastNonzeroColumn } from "./rowExtent.js";

/**
 * Pixel count of a row-major 0/1 plane after filling its holes as regionprops' `filled_image`
 * does: `binary_fill_holes` with a full 3×3 structure (8-connected background flood). An empty
 * image gives 0.
 */
export function filledArea(image: Uint8Array, width: number, height: number): number {
  // A hole needs a row with a gap between foreground pixels; most cells have none, and then the
  // filled area is the area, without a flood fill. Each row is read from both ends up to its
  // outermost pixels, then between them only until a gap shows.
  let area = 0;
  let gaps = false;
  for (let row = 0, start = 0; row < height && !gaps; row++, start += width) {
    const first = firstNonzeroColumn(image, start, width);
    if (first < 0) continue;
    const last = lastNonzeroColumn(image, start, width);
    for (let column = first + 1; column < last; column++) {
      if (image[start + column] === 0) {
        gaps = true;
        break;
      }
    }
    area += last - first + 1;
  }
  if (!gaps) return area;
  const filled = fillHoles(image, width, height, 8);
  let total = 0;
  for (let i = 0; i < filled.length; i++) total += filled[i];
  return total;
}
