import { percentile } from "../image/statistics.js";
import { createRandom } from "../util/random.js";
import { PCA } from "./embedding/pca.js";
import { chiSquareInverseSf } from "./statistics/chiSquareDistribution.js";

/** Options of {@link robustOutliers}. */
export interface RobustOutlierOptions {
  /**
   * Share of well-behaved (Gaussian) cells that would exceed the cut-off: cells whose robust squared
   * distance is above χ²_k's upper `tailProbability` quantile are flagged (default 0.001).
   */
  tailProbability?: number;
  /** Keep the fewest principal components explaining at least this share of the variance (default 0.9). */
  varianceExplained?: number;
  /** At most this many components (default 10). */
  maxComponents?: number;
  /** Fit the components on at most this many cells, a seeded subsample (default 20,000); every cell is scored. */
  fitRows?: number;
  /** Seed of that subsample (default 0). */
  seed?: number;
  /** Robust z-scores are clipped to ±this while fitting the components, so outliers cannot tilt them (default 10). */
  clip?: number;
}

/** Result of {@link robustOutliers}. */
export interface RobustOutlierResult {
  /** 1 for a flagged cell: an outlier, or a cell with a missing/infinite value in a used feature. */
  flags: Uint8Array;
  /** Robust squared distance of every cell (NaN for cells with missing values). */
  squaredDistances: Float64Array;
  /** The cut-off on the squared distance: χ²_k upper `tailProbability` quantile. */
  threshold: number;
  /** Components k used. */
  components: number;
  /** Share of the (clipped, robustly scaled) variance the k components explain. */
  varianceExplained: number;
  /** Features used, and features left out because they do not vary (zero MAD and standard deviation). */
  usedFeatures: string[];
  constantFeatures: string[];
  /** Cells flagged because a used feature is NaN or infinite. */
  missing: number;
  /** Cells flagged as outliers (not counting `missing`). */
  outliers: number;
  /** Cells the components were fitted on. */
  fitRows: number;
}

/** Scale of a normal distribution's MAD: 1.4826 · MAD estimates σ. */
const MAD_TO_SIGMA = 1 / 0.6744897501960817;

let scratch = new Float64Array(1024);

/**
 * Median and σ estimate (1.4826·MAD; the population standard deviation when the MAD is 0) of the
 * finite values; scale 0 when nothing varies. Plain loops over one scratch buffer: typed-array
 * `filter`/`map` with callbacks cost ~30× more on a million values.
 */
function robustLocationScale(values: Float64Array): { center: number; scale: number } {
  if (scratch.length < values.length) scratch = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) scratch[n++] = v;
  }
  if (n === 0) return { center: Number.NaN, scale: 0 };
  const center = percentile(scratch, 50, n);
  for (let i = 0; i < n; i++) scratch[i] = Math.abs(scratch[i] - center);
  let scale = MAD_TO_SIGMA * percentile(scratch, 50, n);
  if (!(scale > 0)) {
    let mean = 0;
    for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) mean += values[i];
    mean /= n;
    let sum = 0;
    for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) sum += (values[i] - mean) ** 2;
    scale = Math.sqrt(sum / n);
  }
  return { center, scale };
}

/**
 * Deterministic multivariate outlier detection by a robust Mahalanobis distance in principal
 * component space. Each feature is robustly standardised (median, 1.4826·MAD); principal components
 * are fitted on those values clipped to ±`clip` (so a few extreme cells cannot tilt them; on a seeded
 * subsample when there are more than `fitRows` cells); each cell's scores on the fewest components
 * explaining `varianceExplained` of the variance are robustly standardised again, and the sum of
 * their squares — for Gaussian data a χ²_k variable — is compared with χ²_k's upper
 * `tailProbability` quantile. Chosen over the study's DBSCAN on a UMAP (whose eps depends on the
 * UMAP's arbitrary scale and which needs a seeded embedding of every cell) because it is exact,
 * linear in the number of cells, and its cut-off has a stated false-positive rate. Cells with a
 * missing or infinite value in a used feature are flagged and counted apart. Features that do not
 * vary are left out (listed). Throws a RangeError when no feature varies or columns differ in length.
 */
export function robustOutliers(
  columns: readonly Float64Array[],
  names: readonly string[],
  options: RobustOutlierOptions = {},
): RobustOutlierResult {
  const tailProbability = options.tailProbability ?? 0.001;
  const varianceTarget = options.varianceExplained ?? 0.9;
  const maxComponents = options.maxComponents ?? 10;
  const fitLimit = options.fitRows ?? 20_000;
  const clip = options.clip ?? 10;
  if (!(tailProbability > 0 && tailProbability < 1))
    throw new RangeError(`tailProbability must be in (0, 1), got ${tailProbability}`);
  if (columns.length !== names.length)
    throw new RangeError(`${columns.length} columns but ${names.length} names`);
  const rows = columns.length > 0 ? columns[0].length : 0;
  for (const column of columns)
    if (column.length !== rows) throw new RangeError("feature columns differ in length");

  const used: number[] = [];
  const centers: number[] = [];
  const scales: number[] = [];
  const constantFeatures: string[] = [];
  columns.forEach((column, j) => {
    const { center, scale } = robustLocationScale(column);
    if (scale > 0 && Number.isFinite(scale)) {
      used.push(j);
      centers.push(center);
      scales.push(scale);
    } else constantFeatures.push(names[j]);
  });
  const p = used.length;
  if (p === 0) throw new RangeError("no feature varies: outliers cannot be detected");

  // Cells with a complete row of used features.
  const complete = new Uint8Array(rows);
  let completeCount = 0;
  for (let r = 0; r < rows; r++) {
    let ok = 1;
    for (const j of used) if (!Number.isFinite(columns[j][r])) ok = 0;
    complete[r] = ok;
    completeCount += ok;
  }
  const completeRows = new Uint32Array(completeCount);
  for (let r = 0, k = 0; r < rows; r++) if (complete[r]) completeRows[k++] = r;
  const fitRowIndices =
    completeCount > fitLimit
      ? Uint32Array.from(
          createRandom(options.seed ?? 0).sampleIndices(completeCount, fitLimit),
          (i) => completeRows[i],
        ).sort()
      : completeRows;

  const flags = new Uint8Array(rows);
  const squaredDistances = new Float64Array(rows).fill(Number.NaN);
  const usedFeatures = used.map((j) => names[j]);
  const missing = rows - completeCount;
  for (let r = 0; r < rows; r++) if (!complete[r]) flags[r] = 1;
  if (fitRowIndices.length < 2) {
    return {
      flags,
      squaredDistances,
      threshold: Number.NaN,
      components: 0,
      varianceExplained: Number.NaN,
      usedFeatures,
      constantFeatures,
      missing,
      outliers: 0,
      fitRows: fitRowIndices.length,
    };
  }

  const scaledRow = (r: number, out: Float64Array, clipped: boolean) => {
    for (let c = 0; c < p; c++) {
      const z = (columns[used[c]][r] - centers[c]) / scales[c];
      out[c] = clipped ? Math.min(Math.max(z, -clip), clip) : z;
    }
  };
  const fitData = new Float64Array(fitRowIndices.length * p);
  for (let i = 0; i < fitRowIndices.length; i++)
    scaledRow(fitRowIndices[i], fitData.subarray(i * p, (i + 1) * p), true);
  const candidateCount = Math.min(maxComponents, p, fitRowIndices.length);
  const model = new PCA({ components: candidateCount }).fit({
    data: fitData,
    rows: fitRowIndices.length,
    cols: p,
  });
  const ratios = model.explainedVarianceRatio!;
  let k = 0;
  let explained = 0;
  while (k < candidateCount && explained < varianceTarget) explained += ratios[k++];

  // Scores on the k components for every complete cell, then their robust centre and scale.
  const components = model.components!.data;
  const mean = model.mean!;
  const scores = k === 0 ? [] : Array.from({ length: k }, () => new Float64Array(completeCount));
  const row = new Float64Array(p);
  for (let i = 0; i < completeCount; i++) {
    scaledRow(completeRows[i], row, false);
    for (let c = 0; c < k; c++) {
      let sum = 0;
      for (let j = 0; j < p; j++) sum += (row[j] - mean[j]) * components[c * p + j];
      scores[c][i] = sum;
    }
  }
  const scoreScales = scores.map(robustLocationScale);
  const usable = scoreScales.map((s) => s.scale > 0);
  const dof = usable.filter(Boolean).length;
  const threshold = dof > 0 ? chiSquareInverseSf(tailProbability, dof) : Number.NaN;
  let outliers = 0;
  for (let i = 0; i < completeCount; i++) {
    let d2 = 0;
    for (let c = 0; c < k; c++) {
      if (!usable[c]) continue;
      const z = (scores[c][i] - scoreScales[c].center) / scoreScales[c].scale;
      d2 += z * z;
    }
    const r = completeRows[i];
    squaredDistances[r] = d2;
    if (d2 > threshold) {
      flags[r] = 1;
      outliers++;
    }
  }
  return {
    flags,
    squaredDistances,
    threshold,
    components: dof,
    varianceExplained: explained,
    usedFeatures,
    constantFeatures,
    missing,
    outliers,
    fitRows: fitRowIndices.length,
  };
}
