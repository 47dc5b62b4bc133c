import { loadVectors } from "../../reference/loadVectors.js";

/** One stage's allocation as sklearn makes it: the strata split (≥ 2 members) and the tie structure. */
export interface StageVectors {
  /** Strata with at least two members at this stage, in NumPy's sorted order. */
  strata: string[];
  counts: number[];
  /** Train count of each stratum when the tie group gets nothing extra. */
  trainLower: number[];
  /** Indices (into strata) of the tie group, of which trainPicks get one more train row. */
  trainTied: number[];
  trainPicks: number;
  /** True when sklearn's counts do not depend on its random tie-break. */
  tieFree: boolean;
  singletonRows: number;
}

/** A split case: strata with their sizes, sklearn's per-stratum counts, or the error it raised. */
export interface SplitCase {
  name: string;
  strata: string[];
  counts: number[];
  testSize: number;
  validationSize?: number;
  error?: string;
  validationError?: string;
  testStage?: StageVectors;
  validationStage?: StageVectors;
  /** Per stratum (in `strata` order), present when the stage is tie-free. */
  test?: number[];
  validation?: number[];
  train?: number[];
}

/** An `_approximate_mode` case. */
export interface ModeCase {
  counts: number[];
  draws: number;
  lower: number[];
  tied: number[];
  picks: number;
  outcomes: number[][];
}

/** LeaveOneGroupOut and GroupKFold test folds from sklearn. */
export interface GroupCase {
  groups: string[];
  k: number;
  leaveOneGroupOut: number[][];
  groupKFold: number[][];
}

const vectors = loadVectors<{ splits: SplitCase[]; approximateMode: ModeCase[]; groups: GroupCase[] }>(
  "metrics_split_vectors",
);
export const SPLIT_CASES = vectors.splits;
export const MODE_CASES = vectors.approximateMode;
export const GROUP_CASES = vectors.groups;

/** The key of every row, strata interleaved, exactly as the Python script builds them. */
export function expandKeys(strata: string[], counts: number[]): string[] {
  const keys: string[] = [];
  const remaining = [...counts];
  while (remaining.some((count) => count > 0)) {
    strata.forEach((name, i) => {
      if (remaining[i] > 0) {
        keys.push(name);
        remaining[i]--;
      }
    });
  }
  return keys;
}

/**
 * Asserts that train counts are an outcome sklearn's `_approximate_mode` can give: the lower
 * counts, plus one for exactly `picks` members of the tie group. Returns a message or null.
 */
export function allocationProblem(
  train: number[],
  lower: number[],
  tied: number[],
  picks: number,
): string | null {
  let picked = 0;
  for (let i = 0; i < lower.length; i++) {
    const extra = train[i] - lower[i];
    if (tied.includes(i)) {
      if (extra !== 0 && extra !== 1) return `stratum ${i}: ${train[i]} not ${lower[i]} or ${lower[i] + 1}`;
      picked += extra;
    } else if (extra !== 0) return `stratum ${i}: ${train[i]} ≠ ${lower[i]}`;
  }
  return picked === picks ? null : `${picked} tied strata got one more, sklearn gives ${picks}`;
}
