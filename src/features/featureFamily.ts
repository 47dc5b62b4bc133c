import type { MaskedCellImage } from "../image/cellImage.js";
import type { FeatureContext } from "./featureContext.js";

/**
 * One scifAI feature family (a scikit-learn transformer in the Python tool). Schema first: the
 * column names depend only on the channel count and the family's parameters, never on pixels.
 */
export interface FeatureFamily {
  /** The scifAI class name, e.g. "MaskBasedFeatures". */
  readonly name: string;
  /**
   * Column names for cells with `channels` channels, in scifAI order, using 1-based `Ch{k}` and
   * `R{k}` tokens (channel renaming happens later, on tokens).
   */
  columnNames(channels: number): string[];
  /**
   * Computes the family for one cell and writes exactly `columnNames(cell.channels).length`
   * values into `out` from `offset`. Values that cannot be computed are NaN (or the family's
   * documented sentinel); it must not throw for any valid cell.
   */
  compute(cell: MaskedCellImage, out: Float64Array, offset: number, context: FeatureContext): void;
}
