import { join } from "node:path";
import { percentiles } from "../image/statistics.js";
import { loadHdf5 } from "../io/hdf5Library.js";
import { createRandom } from "../util/random.js";
import { HdfLibraryNeeded, readCropSource } from "./cellImageReader.js";
import { type CropScaling, copyKeptPixels, cropPadGeometry } from "./crops.js";

/** How min–max bounds are sampled from the data. */
export interface ScalingSampleOptions {
  /** Percentile (0–100) giving each channel's lower bound: 0 = the minimum. */
  readonly lowerPercentile: number;
  /** Percentile (0–100) giving each channel's upper bound: 100 = the maximum. */
  readonly upperPercentile: number;
  /** Cells drawn (without replacement) to estimate the bounds (default 500; all when fewer). */
  readonly sampleSize?: number;
  /** Seed of the draw (default 0). */
  readonly seed?: number;
}

/** Sampled min–max scaling and how many cells it came from. */
export interface SampledScaling {
  readonly scaling: Extract<CropScaling, { kind: "minmax" }>;
  /** Cells read for the estimate (unreadable ones are skipped). */
  readonly cells: number;
}

/**
 * Per-channel min–max bounds from the pixels the crops keep (padding excluded) of a seeded sample
 * of `files` (relative to `root`): NumPy-exact linear-interpolation percentiles of the pooled raw
 * values. Unreadable files are skipped; throws when no sampled file can be read or the
 * percentiles are out of order.
 */
export async function sampleScalingBounds(
  root: string,
  files: readonly string[],
  channels: readonly number[],
  size: number,
  options: ScalingSampleOptions,
): Promise<SampledScaling> {
  const { lowerPercentile, upperPercentile } = options;
  if (!(lowerPercentile >= 0 && lowerPercentile <= upperPercentile && upperPercentile <= 100))
    throw new RangeError(
      `percentiles must satisfy 0 ≤ lower ≤ upper ≤ 100, got ${lowerPercentile}, ${upperPercentile}`,
    );
  const sampleSize = Math.min(files.length, options.sampleSize ?? 500);
  const picked = Array.from(createRandom(options.seed ?? 0).sampleIndices(files.length, sampleSize)).sort(
    (a, b) => a - b,
  );
  const pools = channels.map(() => new Float64Array(sampleSize * size * size));
  let filled = 0;
  let cells = 0;
  for (const index of picked) {
    try {
      let source: ReturnType<typeof readCropSource>;
      try {
        source = readCropSource(join(root, files[index]));
      } catch (error) {
        if (!(error instanceof HdfLibraryNeeded)) throw error;
        await loadHdf5();
        source = readCropSource(join(root, files[index]));
      }
      const kept = cropPadGeometry(source.height, size).keep * cropPadGeometry(source.width, size).keep;
      channels.forEach((channel, i) => {
        copyKeptPixels(source, channel, size, pools[i], filled);
      });
      filled += kept;
      cells++;
    } catch {
      // An unreadable cell (or one lacking a selected channel) is simply not part of the sample.
    }
  }
  if (cells === 0)
    throw new Error(`none of the ${sampleSize} cells sampled for the scaling bounds could be read`);
  const bounds = new Float64Array(2);
  const lower: number[] = [];
  const upper: number[] = [];
  for (const pool of pools) {
    percentiles(pool, [lowerPercentile, upperPercentile], bounds, 0, filled);
    lower.push(bounds[0]);
    upper.push(bounds[1]);
  }
  return { scaling: { kind: "minmax", lower, upper }, cells };
}
