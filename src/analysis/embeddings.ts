import type { Matrix } from "../ml/matrix.js";
import { createRandom } from "../util/random.js";
import { type CellTable, categoryValue, requireNumeric, requireText } from "./cellTable.js";
import { PCA } from "./embedding/pca.js";
import { type UmapOptions, umap } from "./embedding/umap.js";
import { countSelected } from "./rowMask.js";
import { groupLabel, groupRows } from "./sampleGroups.js";
import { silhouette } from "./silhouette.js";

/** Options of {@link embeddings}. */
export interface EmbeddingOptions {
  /** Numeric feature columns to embed (standardised first). */
  features: readonly string[];
  /** Cells that may be drawn (e.g. passed quality control, AND a class filter); default all. */
  keep?: Uint8Array;
  /** At most this many cells are embedded (default 5,000): a seeded subsample stratified by `stratifyBy`. */
  maxCells?: number;
  /** Text column the subsample keeps the proportions of (default "condition"). */
  stratifyBy?: string;
  /** Seed of the subsample and of UMAP (default 0). */
  seed?: number;
  /** Text columns returned for colouring (default: those present of donor, experiment, condition, predicted_class). */
  colorColumns?: readonly string[];
  /** Principal components used for UMAP's input and the batch statistic (default 10, at most the features). */
  components?: number;
  /** UMAP settings (seed defaults to `seed`); false skips UMAP. */
  umap?: Omit<UmapOptions, "nComponents"> | false;
  /** Columns whose combination is the batch label of the silhouette (default experiment and donor). */
  batchColumns?: readonly string[];
}

/** Result of {@link embeddings}. Plain data (arrays of numbers and strings). */
export interface EmbeddingResult {
  /** Cells selectable (mask) and embedded. */
  selectableCells: number;
  cells: number;
  /** Table row of every embedded cell, ascending. */
  rows: number[];
  /** Features embedded, and those left out because they are constant in the subsample. */
  features: string[];
  constantFeatures: string[];
  /** NaN/±∞ values replaced by the column mean (0 after standardising). */
  imputedValues: number;
  pca: { x: number[]; y: number[]; explainedVarianceRatio: number[] };
  umap: { x: number[]; y: number[] } | null;
  /** Per colour column, the text of every embedded cell. */
  colors: Record<string, string[]>;
  /**
   * Batch effect: mean silhouette of the batch labels (donors) on the first `components` principal
   * component scores, in [−1, 1]. Near 0 or below: donors are mixed (no visible batch effect);
   * towards 1: cells group by donor. Null with fewer than 2 labels (or every cell its own label).
   */
  batchEffect: {
    statistic: "silhouette";
    labelColumns: string[];
    components: number;
    score: number;
    perLabel: { label: string; size: number; mean: number }[];
  } | null;
}

/**
 * Rows chosen for an embedding: every selectable row when there are at most `maxCells`, otherwise a
 * seeded subsample stratified by a text column (each stratum keeps its share, largest remainders
 * rounding), returned in ascending row order. Deterministic for a seed.
 */
export function stratifiedSubsample(
  table: CellTable,
  maxCells: number,
  stratifyBy: string,
  seed: number,
  keep?: Uint8Array,
): Uint32Array {
  const strata = groupRows(table, [stratifyBy], keep);
  let total = 0;
  for (const size of strata.sizes) total += size;
  const members = Array.from(strata.sizes, (size) => new Uint32Array(size));
  const fill = new Int32Array(strata.sizes.length);
  for (let r = 0; r < table.rows; r++) {
    const g = strata.groupOf[r];
    if (g >= 0) members[g][fill[g]++] = r;
  }
  if (total <= maxCells) return Uint32Array.from(members.flatMap((m) => Array.from(m))).sort();
  const exact = Array.from(strata.sizes, (size) => (maxCells * size) / total);
  const allocation = exact.map(Math.floor);
  let remaining = maxCells - allocation.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, g) => ({ g, remainder: value - Math.floor(value) }))
    .sort((a, b) => b.remainder - a.remainder || a.g - b.g);
  for (const { g } of byRemainder) {
    if (remaining === 0) break;
    allocation[g]++;
    remaining--;
  }
  const random = createRandom(seed);
  const chosen: number[] = [];
  members.forEach((rows, g) => {
    for (const i of random.sampleIndices(rows.length, allocation[g])) chosen.push(rows[i]);
  });
  return Uint32Array.from(chosen).sort();
}

/**
 * PCA and seeded UMAP of standardised features for a deterministic, condition-stratified subsample
 * of at most `maxCells` cells, with the text columns to colour the points by and a batch-effect
 * statistic: the silhouette of donor labels on the principal component scores (chosen over a kNN
 * mixing score because it needs no neighbourhood size and matches scikit-learn's definition).
 * Features are standardised on the subsample (population standard deviation); constant features
 * are left out and NaN/±∞ values imputed by the column mean, both reported. UMAP runs on the
 * principal component scores. Throws when fewer than two features vary or fewer than 3 cells remain.
 */
export function embeddings(table: CellTable, options: EmbeddingOptions): EmbeddingResult {
  const maxCells = options.maxCells ?? 5000;
  const seed = options.seed ?? 0;
  const stratifyBy = options.stratifyBy ?? "condition";
  const keep = options.keep;
  let selectableCells = table.rows;
  if (keep !== undefined) {
    if (keep.length !== table.rows)
      throw new RangeError(`the mask has ${keep.length} entries for ${table.rows} rows`);
    selectableCells = countSelected(keep);
  }
  const rows = stratifiedSubsample(table, maxCells, stratifyBy, seed, keep);
  const n = rows.length;
  if (n < 3) throw new RangeError(`an embedding needs at least 3 cells, got ${n}`);

  // Standardise each feature on the subsample; NaN/±∞ become the mean (0 once standardised).
  const used: string[] = [];
  const constantFeatures: string[] = [];
  const standardised: Float64Array[] = [];
  let imputedValues = 0;
  for (const name of options.features) {
    const column = requireNumeric(table, name);
    const values = Float64Array.from(rows, (r) => column[r]);
    let count = 0;
    let sum = 0;
    for (const v of values)
      if (Number.isFinite(v)) {
        count++;
        sum += v;
      }
    const mean = count > 0 ? sum / count : 0;
    let squares = 0;
    for (const v of values) if (Number.isFinite(v)) squares += (v - mean) ** 2;
    const sd = count > 0 ? Math.sqrt(squares / count) : 0;
    if (!(sd > 0)) {
      constantFeatures.push(name);
      continue;
    }
    for (let i = 0; i < n; i++) {
      if (Number.isFinite(values[i])) values[i] = (values[i] - mean) / sd;
      else {
        values[i] = 0;
        imputedValues++;
      }
    }
    used.push(name);
    standardised.push(values);
  }
  const p = used.length;
  if (p < 2) throw new RangeError(`an embedding needs at least two varying features, got ${p}`);
  const X: Matrix = { data: new Float64Array(n * p), rows: n, cols: p };
  for (let j = 0; j < p; j++) for (let i = 0; i < n; i++) X.data[i * p + j] = standardised[j][i];

  const k = Math.min(options.components ?? 10, p, n);
  const model = new PCA({ components: Math.max(k, 2) });
  const scores = model.fitTransform(X);
  const width = scores.cols;
  const firstK: Matrix = { data: new Float64Array(n * k), rows: n, cols: k };
  for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) firstK.data[i * k + c] = scores.data[i * width + c];

  let umapCoordinates: EmbeddingResult["umap"] = null;
  if (options.umap !== false) {
    const embedded = umap(firstK, { seed, ...(options.umap ?? {}), nComponents: 2 });
    umapCoordinates = {
      x: Array.from({ length: n }, (_, i) => embedded.data[2 * i]),
      y: Array.from({ length: n }, (_, i) => embedded.data[2 * i + 1]),
    };
  }

  const colorColumns =
    options.colorColumns ??
    ["donor", "experiment", "condition", "predicted_class"].filter((c) => table.text.has(c));
  const colors: Record<string, string[]> = {};
  for (const name of colorColumns) {
    const column = requireText(table, name);
    colors[name] = Array.from(rows, (r) => categoryValue(column, r));
  }

  const batchColumns = options.batchColumns ?? ["experiment", "donor"].filter((c) => table.text.has(c));
  let batchEffect: EmbeddingResult["batchEffect"] = null;
  if (batchColumns.length > 0) {
    const labelColumns = batchColumns.map((name) => requireText(table, name));
    const labels = Array.from(rows, (r) =>
      groupLabel(labelColumns.map((column) => categoryValue(column, r))),
    );
    const distinct = new Set(labels).size;
    if (distinct >= 2 && distinct <= n - 1) {
      const result = silhouette(firstK, labels);
      batchEffect = {
        statistic: "silhouette",
        labelColumns: [...batchColumns],
        components: k,
        score: result.score,
        perLabel: result.perLabel,
      };
    }
  }

  return {
    selectableCells,
    cells: n,
    rows: Array.from(rows),
    features: used,
    constantFeatures,
    imputedValues,
    pca: {
      x: Array.from({ length: n }, (_, i) => scores.data[i * width]),
      y: Array.from({ length: n }, (_, i) => scores.data[i * width + 1]),
      explainedVarianceRatio: Array.from(model.explainedVarianceRatio!),
    },
    umap: umapCoordinates,
    colors,
    batchEffect,
  };
}

/** Scatter-plot input (the shape `scatterPlot` in report/svg draws) of one embedding coloured by a column. */
export function embeddingScatterData(
  result: EmbeddingResult,
  embedding: "pca" | "umap",
  colorBy: string,
): { x: number[]; y: number[]; category: string[] } {
  const coordinates = embedding === "pca" ? result.pca : result.umap;
  if (coordinates === null) throw new Error("UMAP was not computed");
  const category = result.colors[colorBy];
  if (category === undefined)
    throw new Error(`no colour column '${colorBy}' (have ${Object.keys(result.colors).join(", ")})`);
  return { x: coordinates.x, y: coordinates.y, category };
}
