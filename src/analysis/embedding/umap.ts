import { UMAP } from "umap-js";
import type { Matrix } from "../../ml/matrix.js";
import { createRandom } from "../../util/random.js";

/** Options of {@link umap} (umap-learn's names in camelCase and its defaults). */
export interface UmapOptions {
  /** Size of the local neighbourhood (default 15; lowered to rows − 1 for small inputs, as umap-learn does). */
  nNeighbors?: number;
  /** Minimum distance between embedded points (default 0.1). */
  minDist?: number;
  /** Dimensions of the embedding (default 2). */
  nComponents?: number;
  /** Seed of the project PRNG that drives every random choice (default 0). */
  seed?: number;
  /** Optimisation epochs (default: umap-js's choice, 500 for ≤ 2,500 rows down to 200 above 7,500). */
  nEpochs?: number;
  /** Scale of the embedded points (default 1). */
  spread?: number;
}

/**
 * UMAP embedding of the rows of X (rows = cells, columns = standardised features) with umap-js,
 * made deterministic: all its random draws (random-projection trees, nearest-neighbour descent,
 * initial layout, negative sampling) come from the project's seeded PRNG, so the same input and
 * seed give the same embedding. Not numerically identical to Python's umap-learn (different
 * initialisation: random instead of spectral). Returns rows × nComponents. Throws a RangeError on
 * NaN/infinite input or fewer than 3 rows.
 */
export function umap(X: Matrix, options: UmapOptions = {}): Matrix {
  const { rows, cols, data } = X;
  const nComponents = options.nComponents ?? 2;
  if (rows < 3) throw new RangeError(`UMAP needs at least 3 rows, got ${rows}`);
  for (let i = 0; i < data.length; i++)
    if (!Number.isFinite(data[i])) throw new RangeError("UMAP input contains NaN or infinite values");
  const random = createRandom(options.seed ?? 0);
  const points: number[][] = new Array(rows);
  for (let r = 0; r < rows; r++) points[r] = Array.from(data.subarray(r * cols, (r + 1) * cols));
  const model = new UMAP({
    nNeighbors: Math.min(options.nNeighbors ?? 15, rows - 1),
    minDist: options.minDist ?? 0.1,
    nComponents,
    nEpochs: options.nEpochs,
    spread: options.spread ?? 1,
    random: () => random.uniform(),
  });
  const embedding = model.fit(points);
  const out = new Float64Array(rows * nComponents);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < nComponents; c++) out[r * nComponents + c] = embedding[r][c];
  return { data: out, rows, cols: nComponents };
}
