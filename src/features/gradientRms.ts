import type { MaskedCellImage } from "../image/cellImage.js";
import { sobelRootMeanSquare } from "../image/sobel.js";
import type { FeatureContext } from "./featureContext.js";
import type { FeatureFamily } from "./featureFamily.js";

/**
 * scifAI's GradientRMS, a focus measure: `gradient_RMS_Ch{k}` = sqrt(mean(sobel(channel)²)) over
 * all pixels of channel k (no mask), in pixel intensity units, with scikit-image's Sobel
 * magnitude (reflect borders, divided by sqrt(2)).
 */
export class GradientRMS implements FeatureFamily {
  readonly name = "GradientRMS";
  private scratch = new Float64Array(0);

  columnNames(channels: number): string[] {
    return Array.from({ length: channels }, (_, channel) => `gradient_RMS_Ch${channel + 1}`);
  }

  compute(cell: MaskedCellImage, out: Float64Array, offset: number, _context: FeatureContext): void {
    const pixels = cell.width * cell.height;
    // Grown only: the kernel reads and writes just the first `pixels` values.
    if (this.scratch.length < pixels) this.scratch = new Float64Array(pixels);
    for (let channel = 0; channel < cell.channels; channel++) {
      out[offset + channel] = sobelRootMeanSquare(cell.image[channel], cell.width, cell.height, this.scratch);
    }
  }
}
