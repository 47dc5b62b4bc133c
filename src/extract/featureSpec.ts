import { renameChannels, validateChannelNames } from "../features/channelNames.js";
import { featureUnionFor } from "../features/featureSets.js";
import { Pipeline } from "../features/pipeline.js";
import type { SegmentationOptions } from "../features/segmentation.js";

/**
 * What to compute, as plain data that can cross to worker threads and be stored with an output
 * for resuming: built-in families by name, channel names for the columns, segmentation settings.
 */
export interface FeatureSpec {
  /** "readme", "all", or family names in order (see FAMILY_FACTORIES). */
  features: string | readonly string[];
  /** Marker names replacing `Ch{k}` tokens in column names (one per channel), if any. */
  channelNames?: readonly string[];
  /** Segmentation for cells without a mask. */
  segmentation?: SegmentationOptions;
}

/** Builds the pipeline a FeatureSpec describes. */
export function pipelineFor(spec: FeatureSpec): Pipeline {
  return new Pipeline([["features", featureUnionFor(spec.features)]], { segmentation: spec.segmentation });
}

/** The output column names of `pipeline` for `channels` channels, renamed by `channelNames` when given. */
export function featureColumnNames(
  pipeline: Pipeline,
  channels: number,
  channelNames?: readonly string[],
): string[] {
  const names = pipeline.columnNames(channels);
  if (!channelNames) return names;
  validateChannelNames(channelNames, pipeline.featureChannels(channels));
  return renameChannels(names, channelNames);
}
