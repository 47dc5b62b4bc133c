import type { CellImage, MaskedCellImage } from "../image/cellImage.js";
import { FeatureContext } from "./featureContext.js";
import type { FeatureFamily } from "./featureFamily.js";
import { type SegmentationOptions, segmentCell } from "./segmentation.js";

/** A step that changes a cell before features are computed (intensity correction, channel selection…). */
export interface CellTransform {
  readonly name: string;
  /** Number of channels this step outputs for `channels` input channels. */
  outputChannels(channels: number): number;
  /** Returns the transformed cell; must not modify its input. */
  transformCell(cell: CellImage): CellImage;
}

/** A pipeline step: a cell transform, or the feature family (usually a FeatureUnion) that ends it. */
export type PipelineStep = CellTransform | FeatureFamily;

function isFeatureFamily(step: PipelineStep): step is FeatureFamily {
  return "columnNames" in step && "compute" in step;
}

/** Options of a Pipeline. */
export interface PipelineOptions {
  /** Segmentation used for cells without a mask (scifAI: min_size 100, disk radius 5). */
  segmentation?: SegmentationOptions;
}

/**
 * scifAI's `Pipeline([("features", featureUnion)])`: zero or more cell transforms, then one
 * feature family. A cell without a mask is segmented (after the transforms) before features.
 */
export class Pipeline {
  readonly transforms: readonly CellTransform[];
  readonly features: FeatureFamily;

  constructor(
    readonly steps: readonly (readonly [string, PipelineStep])[],
    private readonly options: PipelineOptions = {},
  ) {
    if (steps.length === 0) throw new Error("a Pipeline needs at least one step");
    const last = steps[steps.length - 1][1];
    if (!isFeatureFamily(last))
      throw new Error(`the last Pipeline step must compute features, got '${steps.at(-1)![0]}'`);
    const middle = steps.slice(0, -1).map(([name, step]) => {
      if (isFeatureFamily(step))
        throw new Error(`Pipeline step '${name}' computes features but is not the last step`);
      return step;
    });
    this.transforms = middle;
    this.features = last;
  }

  /** Channels reaching the features for cells with `channels` input channels. */
  featureChannels(channels: number): number {
    return this.transforms.reduce((c, t) => t.outputChannels(c), channels);
  }

  /** Feature column names (1-based `Ch{k}` tokens) for cells with `channels` input channels. */
  columnNames(channels: number): string[] {
    return this.features.columnNames(this.featureChannels(channels));
  }

  /** Runs the transforms, segments when the cell has no mask, and writes the features into `out` at `offset`. */
  computeInto(cell: CellImage, out: Float64Array, offset = 0): void {
    const prepared = this.prepare(cell);
    this.features.compute(prepared, out, offset, new FeatureContext(prepared));
  }

  /** The cell as the features see it: transformed, with its mask (computed by segmentation when absent). */
  prepare(cell: CellImage): MaskedCellImage {
    let current = cell;
    for (const transform of this.transforms) current = transform.transformCell(current);
    if (current.mask) return current as MaskedCellImage;
    return { ...current, mask: segmentCell(current, this.options.segmentation) };
  }
}
