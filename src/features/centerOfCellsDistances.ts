import type { MaskedCellImage } from "../image/cellImage.js";
import type { FeatureContext } from "./featureContext.js";
import type { FeatureFamily } from "./featureFamily.js";
import { channelRegionProperties } from "./maskBasedFeatures.js";

/** The value scifAI writes for a pair in which either mask channel is empty. */
export const EMPTY_MASK_DISTANCE = -1;

/** Options of CenterOfCellsDistances (the scifAI class takes none). */
export type CenterOfCellsDistancesOptions = Record<string, never>;

/**
 * scifAI's CenterOfCellsDistances: for every unordered channel pair a < b, the Euclidean distance
 * (pixels) between the centroids of mask a and mask b (`cell_distance_Ch{a}_Ch{b}`), then between
 * their intensity-weighted centroids (`weighted_cell_distance_Ch{a}_Ch{b}`, mask a weighted by
 * image a, mask b by image b). -1 for both when either mask is empty; NaN when a weighted centroid
 * is undefined (the mask's intensities sum to 0).
 */
export class CenterOfCellsDistances implements FeatureFamily {
  readonly name = "CenterOfCellsDistances";

  // biome-ignore lint/complexity/noUselessConstructor: scifAI families take an options object.
  constructor(_options: CenterOfCellsDistancesOptions = {}) {}

  columnNames(channels: number): string[] {
    const names: string[] = [];
    for (let a = 1; a <= channels; a++) {
      for (let b = a + 1; b <= channels; b++) {
        names.push(`cell_distance_Ch${a}_Ch${b}`, `weighted_cell_distance_Ch${a}_Ch${b}`);
      }
    }
    return names;
  }

  compute(cell: MaskedCellImage, out: Float64Array, offset: number, context: FeatureContext): void {
    let at = offset;
    for (let a = 0; a < cell.channels; a++) {
      const first = channelRegionProperties(context, cell, a);
      for (let b = a + 1; b < cell.channels; b++) {
        const second = channelRegionProperties(context, cell, b);
        if (first === null || second === null) {
          out[at++] = EMPTY_MASK_DISTANCE;
          out[at++] = EMPTY_MASK_DISTANCE;
          continue;
        }
        out[at++] = distance(
          first.centroidRow,
          first.centroidColumn,
          second.centroidRow,
          second.centroidColumn,
        );
        out[at++] = distance(
          first.weightedCentroidRow,
          first.weightedCentroidColumn,
          second.weightedCentroidRow,
          second.weightedCentroidColumn,
        );
      }
    }
  }
}

/** Euclidean distance with scifAI's operation order: (b − a)² summed per axis, then the root. */
function distance(rowA: number, columnA: number, rowB: number, columnB: number): number {
  const dRow = rowB - rowA;
  const dColumn = columnB - columnA;
  return Math.sqrt(dRow * dRow + dColumn * dColumn);
}
