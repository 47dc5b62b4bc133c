import type { CellImage } from "../image/cellImage.js";
import { removeSmallObjects } from "../image/connectedComponents.js";
import { fillHoles } from "../image/fillHoles.js";
import { binaryClosing, disk } from "../image/morphology.js";
import { thresholdOtsu } from "../image/otsu.js";
import { sobel } from "../image/sobel.js";

/** Parameters of scifAI's SegmentationGenerator. */
export interface SegmentationOptions {
  /** Connected components (4-connectivity) smaller than this many pixels are dropped (default 100). */
  minSize?: number;
  /** Radius in pixels of the disk used for the morphological closing (default 5). */
  diskRadius?: number;
}

/**
 * Segments every channel of a cell as scifAI's `segment_all_channels` does when a file has no
 * mask: channel 0 (bright field) thresholds its Sobel edge map at the Otsu threshold, the others
 * threshold the channel itself; then components under `minSize` pixels are removed
 * (4-connectivity), the result is closed with a disk of `diskRadius` and its holes are filled.
 * Returns one 0/1 plane per channel. A constant channel (or one holding NaN) gives an empty mask.
 */
export function segmentCell(cell: CellImage, options: SegmentationOptions = {}): Uint8Array[] {
  const minSize = options.minSize ?? 100;
  const footprint = disk(options.diskRadius ?? 5);
  const { width, height } = cell;
  const pixels = width * height;
  const masks: Uint8Array[] = [];
  for (let channel = 0; channel < cell.channels; channel++) {
    const source = channel === 0 ? sobel(cell.image[channel], width, height) : cell.image[channel];
    const threshold = thresholdOtsu(source);
    const foreground = new Uint8Array(pixels);
    for (let i = 0; i < pixels; i++) foreground[i] = source[i] > threshold ? 1 : 0;
    const kept = removeSmallObjects(foreground, width, height, minSize, 1);
    const closed = binaryClosing(kept, width, height, footprint);
    masks.push(fillHoles(closed, width, height));
  }
  return masks;
}
