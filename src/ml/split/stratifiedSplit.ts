import { createRandom } from "../../util/random.js";
import { sortedUnique } from "./sortedUnique.js";
import { stratifiedStage } from "./stratifiedTrainTestSplit.js";

/** Options of {@link stratifiedSplit}. */
export interface StratifiedSplitOptions {
  /** Fraction of all rows for the test set, in (0, 1) (default 0.3, as the paper). */
  testSize?: number;
  /** Fraction of the remaining rows for the validation set, in [0, 1) (default 0.2; 0: none). */
  validationSize?: number;
  /** Seed of the project's PRNG (default 0): the same keys and seed give the same split. */
  seed?: number;
}

/** Rows of one stratum in each set. */
export interface StratumSplitCounts {
  stratum: string;
  total: number;
  train: number;
  validation: number;
  test: number;
  /** Rows sent to train because the stratum had a single member at the test or validation stage. */
  unstratified: number;
}

/** A train / validation / test split of row indices with its count table. */
export interface StratifiedSplit {
  /** Row indices, ascending; the three sets are disjoint and cover every row. */
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
  /** Rows put in train unstratified (one-member strata at a stage), ascending. */
  unstratified: Uint32Array;
  /** One entry per stratum, strata in code-point order (as NumPy sorts them). */
  counts: StratumSplitCounts[];
  totals: { total: number; train: number; validation: number; test: number; unstratified: number };
}

/**
 * The paper's split, done honestly: test first (testSize of all rows), then validation
 * (validationSize of the rest), both stratified on the composite keys with scikit-learn's
 * `train_test_split(stratify=…)` allocation, so each stratum's counts equal sklearn's for the same
 * sizes whenever sklearn's own counts do not depend on a random tie-break. Seeded (the published
 * split had no seed). Unlike sklearn, a stratum with a single member at a stage does not raise:
 * its row goes to train and is listed in `unstratified`; sizes are computed over the other rows.
 * Throws on empty keys, sizes outside their range, or when a set cannot hold one row per stratum.
 */
export function stratifiedSplit(
  keys: ArrayLike<string>,
  options: StratifiedSplitOptions = {},
): StratifiedSplit {
  const testSize = options.testSize ?? 0.3;
  const validationSize = options.validationSize ?? 0.2;
  if (keys.length === 0) throw new RangeError("cannot split zero rows");
  if (!(validationSize >= 0 && validationSize < 1))
    throw new RangeError(`validation size must be a fraction in [0, 1), got ${validationSize}`);
  const { unique, inverse } = sortedUnique(keys);
  const random = createRandom(options.seed ?? 0);
  const all = new Uint32Array(keys.length);
  for (let i = 0; i < all.length; i++) all[i] = i;

  const first = stratifiedStage(inverse, unique.length, all, testSize, random, "test");
  let train: Uint32Array = first.train;
  let validation: Uint32Array = new Uint32Array(0);
  let unstratified: Uint32Array = first.unstratified;
  if (validationSize > 0) {
    const second = stratifiedStage(inverse, unique.length, first.train, validationSize, random, "validation");
    train = second.train;
    validation = second.test;
    unstratified = Uint32Array.from(new Set([...first.unstratified, ...second.unstratified])).sort();
  }

  const counts: StratumSplitCounts[] = unique.map((stratum) => ({
    stratum,
    total: 0,
    train: 0,
    validation: 0,
    test: 0,
    unstratified: 0,
  }));
  for (let i = 0; i < inverse.length; i++) counts[inverse[i]].total++;
  for (const row of train) counts[inverse[row]].train++;
  for (const row of validation) counts[inverse[row]].validation++;
  for (const row of first.test) counts[inverse[row]].test++;
  for (const row of unstratified) counts[inverse[row]].unstratified++;
  return {
    train,
    validation,
    test: first.test,
    unstratified,
    counts,
    totals: {
      total: keys.length,
      train: train.length,
      validation: validation.length,
      test: first.test.length,
      unstratified: unstratified.length,
    },
  };
}
