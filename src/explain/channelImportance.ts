import { featureChannelsOf } from "./featureChannels.js";
import { type MeanAbsoluteShap, meanAbsoluteShapPerClass } from "./globalImportance.js";
import type { ShapResult } from "./shapValues.js";

export {
  type AblationSubsetResult,
  ablationPoints,
  type ChannelAblationOptions,
  type ChannelAblationResult,
  channelAblation,
  channelSubsets,
} from "./channelAblation.js";
export { featureChannels, featureChannelsOf } from "./featureChannels.js";

/** One importance vector gathered per channel. */
export interface ChannelShares {
  channelNames: string[];
  /** Per channel, the sum of its shares of the features' importances. */
  shares: Float64Array;
  /** Importance of features that name no channel (kept out of `shares`). */
  unassigned: number;
  /** Per channel, the number of features that involve it. */
  featureCounts: Int32Array;
}

/**
 * Gathers per-feature importances per channel: a feature involving k distinct channels (see
 * {@link featureChannels}) gives each of them importance / k, so the channels' shares add up to
 * the total importance of the features that name a channel; the rest is `unassigned`. NaN
 * importances count as 0. Throws on a length mismatch.
 */
export function importanceByChannel(
  importances: ArrayLike<number>,
  featureNames: readonly string[],
  channelNames: readonly string[],
): ChannelShares {
  if (importances.length !== featureNames.length)
    throw new RangeError(`${importances.length} importances for ${featureNames.length} features`);
  const channels = featureChannelsOf(featureNames, channelNames);
  const shares = new Float64Array(channelNames.length);
  const featureCounts = new Int32Array(channelNames.length);
  let unassigned = 0;
  for (let j = 0; j < featureNames.length; j++) {
    const value = Number.isNaN(importances[j]) ? 0 : importances[j];
    const involved = channels[j];
    if (involved.length === 0) {
      unassigned += value;
      continue;
    }
    for (const c of involved) {
      shares[c] += value / involved.length;
      featureCounts[c]++;
    }
  }
  return { channelNames: [...channelNames], shares, unassigned, featureCounts };
}

/** Mean |SHAP| per channel and class. */
export interface ChannelShapImportance {
  channelNames: string[];
  classes: string[];
  /** channels × classes, row-major: the channel's share of the class's mean |SHAP| summed over features. */
  perClass: Float64Array;
  /** Per channel, the same over the per-feature mean over classes. */
  overall: Float64Array;
  /** Per class, mean |SHAP| of features naming no channel. */
  unassignedPerClass: Float64Array;
  unassignedOverall: number;
  /** Per channel, the number of features that involve it. */
  featureCounts: Int32Array;
}

/**
 * Mean |SHAP| aggregated per channel and class: each feature's mean |SHAP| (over rows, per class)
 * is split equally among the k distinct channels it involves (k = 2 for a pair feature such as
 * `correlation_distance_R5_MHCII_R6_CD3`, each channel receiving half), and the shares are summed
 * per channel. Per class, the channels' values plus the unassigned value equal the sum of the
 * features' mean |SHAP|. Accepts SHAP values or their precomputed means.
 */
export function shapByChannel(
  shap: ShapResult | MeanAbsoluteShap,
  channelNames: readonly string[],
): ChannelShapImportance {
  const means = "perClass" in shap ? shap : meanAbsoluteShapPerClass(shap);
  const { featureNames, classes } = means;
  const features = featureNames.length;
  const classCount = classes.length;
  const perClass = new Float64Array(channelNames.length * classCount);
  const unassignedPerClass = new Float64Array(classCount);
  for (let k = 0; k < classCount; k++) {
    const shares = importanceByChannel(
      means.perClass.subarray(k * features, (k + 1) * features),
      featureNames,
      channelNames,
    );
    for (let c = 0; c < channelNames.length; c++) perClass[c * classCount + k] = shares.shares[c];
    unassignedPerClass[k] = shares.unassigned;
  }
  const overall = importanceByChannel(means.overall, featureNames, channelNames);
  return {
    channelNames: [...channelNames],
    classes: [...classes],
    perClass,
    overall: overall.shares,
    unassignedPerClass,
    unassignedOverall: overall.unassigned,
    featureCounts: overall.featureCounts,
  };
}
