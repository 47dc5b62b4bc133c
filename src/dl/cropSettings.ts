import type { AugmentationOptions } from "./augmentations.js";
import type { ScalingChoice } from "./exportCrops.js";

/**
 * Parsing of the crop settings the deep-learning commands share (channel lists, scaling,
 * augmentations). Every parser throws a RangeError whose message names the option and the value.
 */

/** "0,3,4" → [0, 3, 4]: 0-based channel indices, whole numbers ≥ 0, at least one. */
export function parseChannelList(text: string, option = "--channels"): number[] {
  const parts = text.split(",").map((part) => part.trim());
  const channels = parts.map(Number);
  if (parts.some((part) => part === "") || channels.some((c) => !Number.isInteger(c) || c < 0))
    throw new RangeError(`${option} must list 0-based channel numbers separated by commas, got '${text}'`);
  return channels;
}

/** "a, b" → ["a", "b"]; empty names are rejected. */
export function parseNameList(text: string, option: string): string[] {
  const names = text.split(",").map((part) => part.trim());
  if (names.some((name) => name === "")) throw new RangeError(`${option} has an empty name in '${text}'`);
  return names;
}

/** "0:4095,10:300" → lower [0, 10], upper [4095, 300]. */
export function parseBounds(text: string, option = "--bounds"): { lower: number[]; upper: number[] } {
  const lower: number[] = [];
  const upper: number[] = [];
  for (const pair of text.split(",")) {
    const [low, high, extra] = pair.split(":").map((part) => Number(part.trim()));
    if (extra !== undefined || !Number.isFinite(low) || !Number.isFinite(high) || high < low)
      throw new RangeError(`${option} takes low:high pairs (low ≤ high) separated by commas, got '${text}'`);
    lower.push(low);
    upper.push(high);
  }
  return { lower, upper };
}

/** Sampling settings of the min–max and percentile scalings. */
export interface ScalingSampling {
  /** "lower,upper" percentiles for `percentile` (default 1,99). */
  readonly percentiles?: string;
  readonly sampleSize?: number;
  readonly seed?: number;
}

/**
 * The scaling asked for on the command line: `--scale F` (a positive number: divide by F, scifAI's
 * default 4095), `--scale minmax` (per-channel bounds: the given `--bounds`, else the minimum and
 * maximum of a sample of cells), `--scale percentile` (the 1st and 99th percentiles of a sample,
 * or `--percentiles`). `--bounds` alone means min–max with those bounds. Bounds must number the
 * selected channels.
 */
export function parseScaling(
  scale: string | undefined,
  bounds: string | undefined,
  channelCount: number,
  sampling: ScalingSampling = {},
): ScalingChoice {
  const given = bounds === undefined ? undefined : parseBounds(bounds);
  if (given && given.lower.length !== channelCount)
    throw new RangeError(`--bounds has ${given.lower.length} pairs for ${channelCount} selected channels`);
  const kind = scale ?? (given ? "minmax" : "4095");
  if (kind === "minmax") {
    if (given) return { kind: "minmax", lower: given.lower, upper: given.upper };
    return {
      kind: "sampled",
      lowerPercentile: 0,
      upperPercentile: 100,
      sampleSize: sampling.sampleSize,
      seed: sampling.seed,
    };
  }
  if (given) throw new RangeError(`--bounds goes with --scale minmax, not --scale ${kind}`);
  if (kind === "percentile") {
    const text = sampling.percentiles ?? "1,99";
    const [lower, upper, extra] = text.split(",").map((part) => Number(part.trim()));
    if (extra !== undefined || !(lower >= 0 && lower <= upper && upper <= 100))
      throw new RangeError(`--percentiles takes 'lower,upper' with 0 ≤ lower ≤ upper ≤ 100, got '${text}'`);
    return {
      kind: "sampled",
      lowerPercentile: lower,
      upperPercentile: upper,
      sampleSize: sampling.sampleSize,
      seed: sampling.seed,
    };
  }
  const factor = Number(kind);
  if (!(Number.isFinite(factor) && factor > 0))
    throw new RangeError(`--scale must be a positive number, 'minmax' or 'percentile', got '${kind}'`);
  return { kind: "divide", factor };
}

/**
 * "flips,rotations,noise=0.02,crop=0.7" → augmentation options: `flips`, `rotations`,
 * `noise=STD` (Gaussian noise of that standard deviation), `crop=MIN` (random resized crop of
 * MIN–1 of the area, aspect 3/4–4/3).
 */
export function parseAugmentations(text: string): AugmentationOptions {
  const options: { -readonly [K in keyof AugmentationOptions]: AugmentationOptions[K] } = {};
  for (const item of text.split(",").map((part) => part.trim())) {
    const [name, value] = item.split("=");
    if (name === "flips" && value === undefined) options.flips = true;
    else if (name === "rotations" && value === undefined) options.rotations = true;
    else if (name === "noise" && value !== undefined && Number(value) > 0) options.noiseStd = Number(value);
    else if (name === "crop" && value !== undefined && Number(value) > 0 && Number(value) <= 1)
      options.resizedCrop = { minScale: Number(value), maxScale: 1 };
    else
      throw new RangeError(
        `--augment takes flips, rotations, noise=STD and crop=MIN (0 < MIN ≤ 1) separated by commas, got '${item}'`,
      );
  }
  return options;
}
