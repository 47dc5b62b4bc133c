import type { ClassifierKind } from "../ml/classifier.js";
import type { LabeledDataset } from "../ml/labeledDataset.js";
import { type Matrix, takeColumns, takeRows } from "../ml/matrix.js";
import { f1Score } from "../ml/metrics/precisionRecallF1.js";
import { prepareFeatures } from "../ml/modelFile.js";
import { createClassifier } from "../ml/models/classifierRegistry.js";
import { StandardScaler } from "../ml/preprocessing/standardScaler.js";
import { compositeKey } from "../ml/split/compositeKey.js";
import { stratifiedSplit } from "../ml/split/stratifiedSplit.js";
import type { PointDatum } from "../report/svg/groupedPointChart.js";
import { createRandom } from "../util/random.js";
import { featureChannelsOf } from "./featureChannels.js";

/** Options of {@link channelAblation}. */
export interface ChannelAblationOptions {
  /** One name per channel, in channel order (also resolves marker names in feature names). */
  channelNames: readonly string[];
  /** Channels in every subset (default: the first, bright field). */
  fixed?: readonly string[];
  /** Explicit channel subsets to score instead of every subset of the others plus `fixed`. */
  subsets?: readonly (readonly string[])[];
  /** Model kind (default "gbdt", as the paper) and its hyper-parameters. */
  model?: ClassifierKind;
  modelOptions?: Record<string, unknown>;
  /** Overrides `nEstimators` of gbdt / rf (fewer trees make the ablation affordable). */
  nEstimators?: number;
  /** One fit per seed and subset (default 0–4: the paper's five fits). */
  seeds?: readonly number[];
  /**
   * Fixed train / test rows (the same for every seed; seeds then vary only the model), or a
   * stratified split drawn per seed (default test 30%, stratified on label + experiment + donor
   * where present) so that the spread includes the split's variation.
   */
  split?:
    | { train: ArrayLike<number>; test: ArrayLike<number> }
    | { testSize?: number; stratifyBy?: readonly string[] };
  /** At most this many training rows per fit (a seeded sample); default all. */
  maxRows?: number;
  /** Scaler fitted on the training rows (default "standard"). */
  scaler?: "standard" | "none";
  /** Called after each fit with (fits done, fits in all, subset label). */
  onProgress?: (done: number, total: number, subset: string) => void;
}

/** Scores of one channel subset. */
export interface AblationSubsetResult {
  channels: string[];
  /** Channel names joined by "+", in channel order, e.g. "BF+MHCII+P-CD3zeta". */
  label: string;
  /** Features whose channels all lie in the subset. */
  featureCount: number;
  /** Macro F1 on the test rows, one per seed (NaN when no feature is left). */
  scores: Float64Array;
  mean: number;
  /** Sample standard deviation over seeds (ddof 1; NaN for one seed). */
  std: number;
  /** Wall time of the subset's fits, in seconds. */
  seconds: number;
}

/** Macro F1 per channel subset. */
export interface ChannelAblationResult {
  /** By decreasing mean score, then fewer channels. */
  results: AblationSubsetResult[];
  seeds: number[];
  model: ClassifierKind;
  /** Features that name no channel: kept in every subset (their channel set is empty). */
  channelFreeFeatures: number;
  /** Training and test rows per fit (after `maxRows`). */
  trainRows: number;
  testRows: number;
  seconds: number;
}

/**
 * Every subset of the channels besides `fixed`, each with `fixed` added, ordered by size and then
 * by channel order; e.g. 5 channels with BF fixed give 16 subsets from "BF" to all five.
 * Throws on unknown or repeated names.
 */
export function channelSubsets(channelNames: readonly string[], fixed: readonly string[]): string[][] {
  const fixedIndices = indicesOf(channelNames, fixed);
  const others = channelNames.map((_, i) => i).filter((i) => !fixedIndices.includes(i));
  if (others.length > 20)
    throw new RangeError(`${others.length} free channels give too many subsets; list them`);
  const masks = Array.from({ length: 1 << others.length }, (_, m) => m);
  const members = (m: number) => others.filter((_, bit) => (m >> bit) & 1);
  masks.sort((a, b) => {
    const ma = members(a);
    const mb = members(b);
    if (ma.length !== mb.length) return ma.length - mb.length;
    for (let i = 0; i < ma.length; i++) if (ma[i] !== mb[i]) return ma[i] - mb[i];
    return 0;
  });
  return masks.map((m) => {
    const chosen = new Set([...fixedIndices, ...members(m)]);
    return channelNames.filter((_, i) => chosen.has(i));
  });
}

/**
 * Channel ablation: for each channel subset, the features whose channels all lie in it (see
 * featureChannels; masks count as their channel) train a model on the training rows (fillna(0),
 * scaler fitted on train), scored by macro F1 on the test rows, once per seed. All subsets share
 * each seed's rows, so their scores are paired. Throws on unknown channel names or bad splits.
 */
export function channelAblation(
  dataset: LabeledDataset,
  options: ChannelAblationOptions,
): ChannelAblationResult {
  const started = performance.now();
  const { channelNames } = options;
  const kind = options.model ?? "gbdt";
  const seeds = [...(options.seeds ?? [0, 1, 2, 3, 4])];
  if (seeds.length === 0) throw new RangeError("at least one seed is needed");
  const subsets = options.subsets
    ? options.subsets.map((subset) => {
        const chosen = new Set(indicesOf(channelNames, subset));
        return channelNames.filter((_, i) => chosen.has(i));
      })
    : channelSubsets(channelNames, options.fixed ?? channelNames.slice(0, 1));
  const channels = featureChannelsOf(dataset.featureNames, channelNames);
  const channelFreeFeatures = channels.filter((c) => c.length === 0).length;
  const modelOptions: Record<string, unknown> = { ...options.modelOptions };
  if (options.nEstimators !== undefined) modelOptions.nEstimators = options.nEstimators;

  const filled = prepareFeatures(dataset.X, 0, null);
  const classCount = dataset.classes.length;
  const splits = seeds.map((seed) => splitFor(dataset, options, seed));
  const parts = splits.map(({ train, test }) => ({
    train: takeRows(filled, train),
    yTrain: Int32Array.from(train, (r) => dataset.y[r]),
    test: takeRows(filled, test),
    yTest: Int32Array.from(test, (r) => dataset.y[r]),
  }));

  const total = subsets.length * seeds.length;
  let done = 0;
  const results: AblationSubsetResult[] = subsets.map((subset) => {
    const subsetStarted = performance.now();
    const allowed = new Set(indicesOf(channelNames, subset));
    const columns: number[] = [];
    channels.forEach((involved, j) => {
      if (involved.every((c) => allowed.has(c))) columns.push(j);
    });
    const label = subset.join("+");
    const scores = new Float64Array(seeds.length).fill(Number.NaN);
    seeds.forEach((seed, s) => {
      if (columns.length > 0) {
        const part = parts[s];
        let train: Matrix = takeColumns(part.train, columns);
        let test: Matrix = takeColumns(part.test, columns);
        if ((options.scaler ?? "standard") === "standard") {
          const scaler = new StandardScaler();
          train = scaler.fitTransform(train);
          test = scaler.transform(test);
        }
        const classifier = createClassifier(kind, modelOptions, seed).fit(train, part.yTrain, classCount);
        scores[s] = f1Score(part.yTest, classifier.predict(test), "macro");
      }
      options.onProgress?.(++done, total, label);
    });
    const { mean, std } = meanAndSampleStd(scores);
    return {
      channels: subset,
      label,
      featureCount: columns.length,
      scores,
      mean,
      std,
      seconds: (performance.now() - subsetStarted) / 1000,
    };
  });
  results.sort(
    (a, b) =>
      (Number.isNaN(b.mean) ? -1 : b.mean) - (Number.isNaN(a.mean) ? -1 : a.mean) ||
      a.channels.length - b.channels.length,
  );
  return {
    results,
    seeds,
    model: kind,
    channelFreeFeatures,
    trainRows: parts[0].train.rows,
    testRows: parts[0].test.rows,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The ablation as rows of `groupedPointChart` (one per subset, its per-seed scores as replicates). */
export function ablationPoints(result: ChannelAblationResult): PointDatum[] {
  return result.results.map((r) => ({ category: r.label, values: r.scores }));
}

function splitFor(
  dataset: LabeledDataset,
  options: ChannelAblationOptions,
  seed: number,
): { train: Uint32Array; test: Uint32Array } {
  const split = options.split ?? {};
  let train: Uint32Array;
  let test: Uint32Array;
  if ("train" in split) {
    train = Uint32Array.from(split.train);
    test = Uint32Array.from(split.test);
    for (const r of [...train, ...test])
      if (!(r < dataset.y.length))
        throw new RangeError(`split row ${r} outside the ${dataset.y.length} rows`);
  } else {
    const classNames = Array.from(dataset.y, (k) => dataset.classes[k]);
    const by = split.stratifyBy ?? ["experiment", "donor"].filter((c) => dataset.text.has(c));
    const missing = by.filter((c) => c !== "label" && !dataset.text.has(c));
    if (missing.length > 0) throw new Error(`cannot stratify by missing columns: ${missing.join(", ")}`);
    const columns = by.filter((c) => c !== "label").map((c) => dataset.text.get(c)!);
    const parts = stratifiedSplit(compositeKey(classNames, ...columns), {
      testSize: split.testSize ?? 0.3,
      validationSize: 0,
      seed,
    });
    train = parts.train;
    test = parts.test;
  }
  if (train.length === 0 || test.length === 0) throw new RangeError("the split needs training and test rows");
  const maxRows = options.maxRows;
  if (maxRows !== undefined && train.length > maxRows) {
    if (!Number.isInteger(maxRows) || maxRows < 2)
      throw new RangeError(`maxRows must be an integer ≥ 2, got ${maxRows}`);
    const picked = createRandom(seed + 0x5bd1e995)
      .sampleIndices(train.length, maxRows)
      .sort();
    train = Uint32Array.from(picked, (i) => train[i]);
  }
  return { train, test };
}

function indicesOf(channelNames: readonly string[], names: readonly string[]): number[] {
  const out: number[] = [];
  for (const name of names) {
    const index = channelNames.indexOf(name);
    if (index < 0) throw new RangeError(`unknown channel '${name}' (channels: ${channelNames.join(", ")})`);
    if (out.includes(index)) throw new RangeError(`channel '${name}' is listed twice`);
    out.push(index);
  }
  return out;
}

function meanAndSampleStd(values: Float64Array): { mean: number; std: number } {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  if (n < 2) return { mean, std: Number.NaN };
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, std: Math.sqrt(squares / (n - 1)) };
}
