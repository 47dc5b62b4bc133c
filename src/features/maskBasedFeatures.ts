import type { MaskedCellImage } from "../image/cellImage.js";
import { convexHullImage } from "../image/convexHull.js";
import { eulerNumber, pixelQuadHistogram } from "../image/eulerNumber.js";
import { feretDiameterMax } from "../image/feretDiameter.js";
import { filledArea } from "../image/filledArea.js";
import { huMoments, inertiaEllipse, normalizedMoments } from "../image/moments.js";
import { perimeter, perimeterCrofton } from "../image/perimeter.js";
import { type RegionProperties, regionProperties } from "../image/regionProperties.js";
import type { FeatureContext } from "./featureContext.js";
import type { FeatureFamily } from "./featureFamily.js";

/** scikit-image regionprops names as scifAI writes them, in column order (32 values per channel). */
const PROPERTY_NAMES: readonly string[] = [
  "area",
  "bbox_area",
  "convex_area",
  "eccentricity",
  "equivalent_diameter",
  "euler_number",
  "extent",
  "feret_diameter_max",
  "filled_area",
  "major_axis_length",
  "max_intensity",
  "mean_intensity",
  "min_intensity",
  "minor_axis_length",
  ...Array.from({ length: 7 }, (_, i) => `moments_hu-${i}`),
  "orientation",
  "perimeter",
  "perimeter_crofton",
  "solidity",
  ...Array.from({ length: 7 }, (_, i) => `weighted_moments_hu-${i}`),
];

/** Values per channel. */
const VALUES_PER_CHANNEL = PROPERTY_NAMES.length;

/** The value scifAI writes for every property of a channel whose mask is empty. */
export const EMPTY_MASK_VALUE = -1;

/** Options of MaskBasedFeatures (the scifAI class takes none). */
export type MaskBasedFeaturesOptions = Record<string, never>;

/**
 * scifAI's MaskBasedFeatures: scikit-image regionprops of the region formed by ALL nonzero pixels
 * of mask channel k (connected or not), with image channel k as intensity image. Columns
 * `mask_based_{prop}_Ch{k}`, 32 per channel; an empty mask channel gives -1 for all 32.
 */
export class MaskBasedFeatures implements FeatureFamily {
  readonly name = "MaskBasedFeatures";
  private readonly nu = new Float64Array(16);
  private readonly hu = new Float64Array(7);
  private readonly quads = new Float64Array(16);

  // biome-ignore lint/complexity/noUselessConstructor: scifAI families take an options object.
  constructor(_options: MaskBasedFeaturesOptions = {}) {}

  columnNames(channels: number): string[] {
    const names: string[] = [];
    for (let channel = 1; channel <= channels; channel++) {
      for (const property of PROPERTY_NAMES) names.push(`mask_based_${property}_Ch${channel}`);
    }
    return names;
  }

  compute(cell: MaskedCellImage, out: Float64Array, offset: number, context: FeatureContext): void {
    for (let channel = 0; channel < cell.channels; channel++) {
      this.computeChannel(cell, channel, out, offset + channel * VALUES_PER_CHANNEL, context);
    }
  }

  private computeChannel(
    cell: MaskedCellImage,
    channel: number,
    out: Float64Array,
    at: number,
    context: FeatureContext,
  ): void {
    const region = channelRegionProperties(context, cell, channel);
    if (region === null) {
      out.fill(EMPTY_MASK_VALUE, at, at + VALUES_PER_CHANNEL);
      return;
    }
    const { image, boxWidth, boxHeight, area } = region;
    const boxArea = boxWidth * boxHeight;
    const hull = convexHullImage(image, boxWidth, boxHeight);
    const ellipse = inertiaEllipse(region.centralMoments);
    const quads = pixelQuadHistogram(image, boxWidth, boxHeight, this.quads);
    out[at++] = area;
    out[at++] = boxArea;
    out[at++] = hull.area;
    out[at++] = ellipse.eccentricity;
    out[at++] = Math.sqrt((4 * area) / Math.PI);
    out[at++] = eulerNumber(image, boxWidth, boxHeight, quads);
    out[at++] = area / boxArea;
    out[at++] = feretDiameterMax(hull.image, boxWidth, boxHeight);
    out[at++] = filledArea(image, boxWidth, boxHeight);
    out[at++] = ellipse.majorAxisLength;
    out[at++] = region.maxIntensity;
    out[at++] = region.meanIntensity;
    out[at++] = region.minIntensity;
    out[at++] = ellipse.minorAxisLength;
    huMoments(normalizedMoments(region.centralMoments, this.nu), this.hu);
    out.set(this.hu, at);
    at += 7;
    out[at++] = ellipse.orientation;
    out[at++] = perimeter(image, boxWidth, boxHeight);
    out[at++] = perimeterCrofton(image, boxWidth, boxHeight, quads);
    out[at++] = area / hull.area;
    huMoments(normalizedMoments(region.weightedCentralMoments, this.nu), this.hu);
    out.set(this.hu, at);
  }
}

/**
 * Region properties of mask channel `channel` (0-based) weighted by image channel `channel`,
 * computed once per cell: MaskBasedFeatures and CenterOfCellsDistances share them through the
 * context under the key `regionProperties:{channel}`. Null when the mask channel is empty.
 */
export function channelRegionProperties(
  context: FeatureContext,
  cell: MaskedCellImage,
  channel: number,
): RegionProperties | null {
  return context.memo(`regionProperties:${channel}`, () =>
    regionProperties(cell.mask[channel], cell.image[channel], cell.width, cell.height),
  );
}
