import type { Metadata } from "../io/metadata.js";
import { createRandom } from "../util/random.js";
import { streamCrops } from "./cropStream.js";
import type { CropOptions } from "./crops.js";
import { type CnnModel, softmaxRows } from "./onnxInference.js";

/**
 * Explaining a CNN without gradients: occlusion. A channel (or a patch) is replaced by its mean
 * and the drop of the predicted class's probability measures how much the network relied on it.
 */

/** Per-channel occlusion importance, per predicted class and overall. */
export interface ChannelOcclusion {
  readonly channels: readonly string[];
  readonly classes: readonly string[];
  /**
   * channels × classes, row-major: the mean over cells predicted as the class of
   * p(class | cell) − p(class | cell with the channel replaced by its mean); NaN for a class no
   * cell was predicted as. Positive: the channel supported the prediction.
   */
  readonly meanDrop: Float64Array;
  /** Per channel, the mean drop over all cells (each cell's own predicted class). */
  readonly overall: Float64Array;
  /** Cells predicted as each class. */
  readonly counts: Int32Array;
  /** Cells explained. */
  readonly cells: number;
}

/** One row of {@link channelOcclusionTable}: what a report or CSV shows. */
export interface ChannelOcclusionRow {
  channel: string;
  /** A class name, or "all" for the mean over every cell. */
  class: string;
  meanProbabilityDrop: number;
  cells: number;
}

/** Options shared by the occlusion functions. */
export interface OcclusionOptions {
  /** Crops per inference batch (default 64). */
  readonly batchSize?: number;
}

/**
 * Channel occlusion of `count` crops (float32 NCHW, C × S × S each): for every channel, each
 * crop's channel is replaced by that channel's mean in the crop, and the drop of the probability
 * of the class predicted for the original crop is averaged per predicted class and overall.
 * Names default to "channel_<i>" and "class_<k>". Zero crops give NaN means and zero counts.
 */
export async function channelOcclusion(
  model: CnnModel,
  images: Float32Array,
  count: number,
  channels: number,
  size: number,
  options: OcclusionOptions & { channelNames?: readonly string[]; classNames?: readonly string[] } = {},
): Promise<ChannelOcclusion> {
  const accumulator = new OcclusionAccumulator(channels);
  const batchSize = options.batchSize ?? 64;
  const length = channels * size * size;
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    await accumulator.add(model, images.subarray(start * length, (start + n) * length), n, size);
  }
  return accumulator.result(options.channelNames, options.classNames, model.classCount ?? 0);
}

/**
 * Channel occlusion over a seeded sample of a dataset's cells (default 1,000; all when fewer),
 * read and cropped as for prediction. Unreadable cells are skipped. See {@link channelOcclusion}.
 */
export async function channelOcclusionOfDataset(
  model: CnnModel,
  metadata: Metadata,
  crop: CropOptions,
  options: OcclusionOptions & {
    sampleSize?: number;
    seed?: number;
    workers?: number;
    channelNames?: readonly string[];
    classNames?: readonly string[];
  } = {},
): Promise<ChannelOcclusion> {
  const total = metadata.rows.length;
  const sample = Math.min(total, options.sampleSize ?? 1000);
  const rows = Int32Array.from(createRandom(options.seed ?? 0).sampleIndices(total, sample)).sort();
  const accumulator = new OcclusionAccumulator(crop.channels.length);
  const stream = streamCrops(
    { rows, file: (row) => metadata.rows[row].file },
    {
      root: metadata.root,
      crop,
      workers: options.workers ?? 1,
      batchSize: options.batchSize ?? 64,
      recycle: true,
    },
  );
  for await (const batch of stream) {
    if (batch.rows.length > 0) await accumulator.add(model, batch.images, batch.rows.length, crop.size);
  }
  return accumulator.result(options.channelNames, options.classNames, model.classCount ?? 0);
}

/** The occlusion result as rows (channel, class, mean drop, cells): per class, then "all". */
export function channelOcclusionTable(result: ChannelOcclusion): ChannelOcclusionRow[] {
  const out: ChannelOcclusionRow[] = [];
  result.channels.forEach((channel, c) => {
    result.classes.forEach((name, k) => {
      out.push({
        channel,
        class: name,
        meanProbabilityDrop: result.meanDrop[c * result.classes.length + k],
        cells: result.counts[k],
      });
    });
    out.push({ channel, class: "all", meanProbabilityDrop: result.overall[c], cells: result.cells });
  });
  return out;
}

/** Sums of probability drops per channel and predicted class, batch by batch. */
class OcclusionAccumulator {
  private sums: Float64Array | null = null;
  private counts: Int32Array | null = null;
  private readonly overallSums: Float64Array;
  private cells = 0;
  private classCount = 0;

  constructor(private readonly channels: number) {
    this.overallSums = new Float64Array(channels);
  }

  async add(model: CnnModel, images: Float32Array, n: number, size: number): Promise<void> {
    const channels = this.channels;
    const plane = size * size;
    const length = channels * plane;
    const base = await model.run(images, n, channels, size);
    const classCount = base.logits.length / n;
    if (this.sums === null) {
      this.classCount = classCount;
      this.sums = new Float64Array(channels * classCount);
      this.counts = new Int32Array(classCount);
    }
    const baseProbabilities = softmaxRows(base.logits, n, classCount);
    const predicted = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      predicted[i] = argmax(baseProbabilities, i * classCount, classCount);
      this.counts![predicted[i]]++;
    }
    const occluded = new Float32Array(n * length);
    for (let c = 0; c < channels; c++) {
      occluded.set(images.subarray(0, n * length));
      for (let i = 0; i < n; i++) {
        const at = i * length + c * plane;
        occluded.fill(planeMean(images, at, plane), at, at + plane);
      }
      const probabilities = softmaxRows((await model.run(occluded, n, channels, size)).logits, n, classCount);
      for (let i = 0; i < n; i++) {
        const k = predicted[i];
        const drop = baseProbabilities[i * classCount + k] - probabilities[i * classCount + k];
        this.sums![c * classCount + k] += drop;
        this.overallSums[c] += drop;
      }
    }
    this.cells += n;
  }

  result(
    channelNames: readonly string[] | undefined,
    classNames: readonly string[] | undefined,
    fallbackClasses: number,
  ) {
    const classCount = this.sums ? this.classCount : (classNames?.length ?? fallbackClasses);
    const channels = channelNames
      ? [...channelNames]
      : Array.from({ length: this.channels }, (_, c) => `channel_${c}`);
    const classes = classNames ? [...classNames] : Array.from({ length: classCount }, (_, k) => `class_${k}`);
    if (channels.length !== this.channels)
      throw new RangeError(`${channels.length} channel names for ${this.channels} channels`);
    if (classes.length !== classCount)
      throw new RangeError(`${classes.length} class names for ${classCount} classes`);
    const counts = this.counts ?? new Int32Array(classCount);
    const meanDrop = new Float64Array(this.channels * classCount);
    for (let c = 0; c < this.channels; c++)
      for (let k = 0; k < classCount; k++)
        meanDrop[c * classCount + k] =
          counts[k] > 0 ? this.sums![c * classCount + k] / counts[k] : Number.NaN;
    const overall = this.overallSums.map((sum) => (this.cells > 0 ? sum / this.cells : Number.NaN));
    return { channels, classes, meanDrop, overall, counts, cells: this.cells } satisfies ChannelOcclusion;
  }
}

/** An occlusion map of one crop. */
export interface OcclusionMap {
  /** Side S of the crop and of the map. */
  readonly size: number;
  /** The class explained (the predicted one unless chosen). */
  readonly classIndex: number;
  /** Its probability for the unoccluded crop. */
  readonly baseProbability: number;
  /**
   * S × S, row-major: per pixel, the mean over the patches covering it of the probability drop
   * when that patch is occluded (positive: the region supported the class).
   */
  readonly values: Float64Array;
  readonly patch: number;
  readonly stride: number;
  /** Number of patch positions evaluated. */
  readonly patches: number;
}

/**
 * Occlusion map of one crop (C × S × S float32): a `patch` × `patch` window (default S/8,
 * at least 1) slides with `stride` (default patch/2) so that the last window touches the far
 * edges; inside it every channel is replaced by that channel's mean over the crop, and the drop of
 * the chosen class's probability (default: the predicted class) is spread over the window's
 * pixels and averaged per pixel (captum's Occlusion). Throws for a patch larger than the crop.
 */
export async function occlusionMap(
  model: CnnModel,
  image: Float32Array,
  channels: number,
  size: number,
  options: OcclusionOptions & { patch?: number; stride?: number; classIndex?: number } = {},
): Promise<OcclusionMap> {
  const patch = options.patch ?? Math.max(1, Math.round(size / 8));
  const stride = options.stride ?? Math.max(1, Math.floor(patch / 2));
  if (!(Number.isInteger(patch) && patch >= 1 && patch <= size))
    throw new RangeError(`patch must be a whole number in 1…${size}, got ${patch}`);
  if (!(Number.isInteger(stride) && stride >= 1))
    throw new RangeError(`stride must be a whole number ≥ 1, got ${stride}`);
  const plane = size * size;
  const length = channels * plane;
  const crop = image.subarray(0, length);
  const base = await model.run(crop, 1, channels, size);
  const classCount = base.logits.length;
  const baseProbabilities = softmaxRows(base.logits, 1, classCount);
  const classIndex = options.classIndex ?? argmax(baseProbabilities, 0, classCount);
  if (!(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < classCount))
    throw new RangeError(`class index must be in 0…${classCount - 1}, got ${classIndex}`);
  const baseProbability = baseProbabilities[classIndex];
  const means = Array.from({ length: channels }, (_, c) => planeMean(crop, c * plane, plane));
  const positions: number[] = [];
  for (let p = 0; p + patch <= size; p += stride) positions.push(p);
  if (positions.at(-1)! + patch < size) positions.push(size - patch);
  const windows: [number, number][] = [];
  for (const top of positions) for (const left of positions) windows.push([top, left]);

  const sums = new Float64Array(plane);
  const coverage = new Float64Array(plane);
  const batchSize = options.batchSize ?? 64;
  for (let start = 0; start < windows.length; start += batchSize) {
    const part = windows.slice(start, start + batchSize);
    const batch = new Float32Array(part.length * length);
    part.forEach(([top, left], i) => {
      batch.set(crop, i * length);
      for (let c = 0; c < channels; c++) {
        for (let y = top; y < top + patch; y++) {
          const at = i * length + c * plane + y * size + left;
          batch.fill(means[c], at, at + patch);
        }
      }
    });
    const probabilities = softmaxRows(
      (await model.run(batch, part.length, channels, size)).logits,
      part.length,
      classCount,
    );
    part.forEach(([top, left], i) => {
      const drop = baseProbability - probabilities[i * classCount + classIndex];
      for (let y = top; y < top + patch; y++) {
        for (let x = left; x < left + patch; x++) {
          sums[y * size + x] += drop;
          coverage[y * size + x]++;
        }
      }
    });
  }
  const values = new Float64Array(plane);
  for (let i = 0; i < plane; i++) values[i] = coverage[i] > 0 ? sums[i] / coverage[i] : 0;
  return { size, classIndex, baseProbability, values, patch, stride, patches: windows.length };
}

/** Mean of `length` float32 values from `offset`, in float64. */
function planeMean(values: Float32Array, offset: number, length: number): number {
  let sum = 0;
  for (let i = offset; i < offset + length; i++) sum += values[i];
  return sum / length;
}

/** Index of the first maximum of `length` values from `offset` (NaN never wins; 0 when all are NaN). */
function argmax(values: ArrayLike<number>, offset: number, length: number): number {
  let best = 0;
  for (let k = 1; k < length; k++) if (values[offset + k] > values[offset + best]) best = k;
  return best;
}
