import { createRandom, type SeededRandom } from "../../util/random.js";
import { approximateMode } from "./approximateMode.js";
import { sortedUnique } from "./sortedUnique.js";

const TRAIN = 1;
const TEST = 2;
const UNSTRATIFIED = 3;

/** One stratified train/test stage over a subset of rows. */
export interface StratifiedStage {
  /** Rows for training, ascending; includes the unstratified rows. */
  train: Uint32Array;
  /** Rows for testing, ascending. */
  test: Uint32Array;
  /** Rows whose stratum has a single member among the rows split (sent to train). */
  unstratified: Uint32Array;
}

/**
 * Splits the distinct `rows` into train and test, stratified by `strata` (a code per row of the
 * whole table, codes ascending in key order), as scikit-learn's `train_test_split(stratify=…)`:
 * over the rows of strata with at least two members, n_test = ceil(testSize · n), the train count
 * of each stratum from `approximateMode(counts, n − n_test)`, its test count from
 * `approximateMode` of the rest; the members of each stratum are shuffled and the first ones go to
 * train. Rows of one-member strata (sklearn raises "The least populated class in y has only 1
 * member") go to train and are reported. `setName` names the second set in error messages.
 * Throws as sklearn does when a set would have fewer rows than there are strata, or the train set
 * would be empty. The random stream is consumed in stratum order.
 */
export function stratifiedStage(
  strata: Int32Array,
  stratumCount: number,
  rows: ArrayLike<number>,
  testSize: number,
  random: SeededRandom,
  setName = "test",
): StratifiedStage {
  if (!(testSize > 0 && testSize < 1))
    throw new RangeError(`${setName} size must be a fraction in (0, 1), got ${testSize}`);
  const counts = new Int32Array(stratumCount);
  for (let i = 0; i < rows.length; i++) counts[strata[rows[i]]]++;
  // Rows grouped by stratum (counting sort keeps row order inside a stratum).
  const starts = new Int32Array(stratumCount + 1);
  for (let s = 0; s < stratumCount; s++) starts[s + 1] = starts[s] + counts[s];
  const grouped = new Uint32Array(rows.length);
  const fill = starts.slice(0, stratumCount);
  for (let i = 0; i < rows.length; i++) grouped[fill[strata[rows[i]]]++] = rows[i];

  const eligible: number[] = [];
  // Where each row of the table goes: 0 = not in this stage, then train, test or unstratified.
  const destination = new Uint8Array(strata.length);
  let n = 0;
  for (let s = 0; s < stratumCount; s++) {
    if (counts[s] >= 2) {
      eligible.push(s);
      n += counts[s];
    } else if (counts[s] === 1) destination[grouped[starts[s]]] = UNSTRATIFIED;
  }
  if (n > 0) {
    const testCount = Math.ceil(testSize * n);
    const trainCount = n - testCount;
    if (trainCount === 0)
      throw new RangeError(
        `with ${n} rows and ${setName} size ${testSize} the train set would be empty; lower the ${setName} size`,
      );
    if (trainCount < eligible.length)
      throw new RangeError(
        `the train set (${trainCount} rows) must hold at least one row per stratum (${eligible.length} strata)`,
      );
    if (testCount < eligible.length)
      throw new RangeError(
        `the ${setName} set (${testCount} rows) must hold at least one row per stratum (${eligible.length} strata); ` +
          `raise the ${setName} size or use coarser strata`,
      );
    const eligibleCounts = Int32Array.from(eligible, (s) => counts[s]);
    const trainCounts = approximateMode(eligibleCounts, trainCount, random);
    const remaining = eligibleCounts.map((count, i) => count - trainCounts[i]);
    const testCounts = approximateMode(remaining, testCount, random);
    eligible.forEach((s, i) => {
      const members = random.shuffle(grouped.subarray(starts[s], starts[s + 1]));
      for (let j = 0; j < trainCounts[i]; j++) destination[members[j]] = TRAIN;
      for (let j = trainCounts[i]; j < trainCounts[i] + testCounts[i]; j++) destination[members[j]] = TEST;
    });
  }
  // Collected by scanning the table's rows, so every set comes out ascending without a sort.
  let trainSize = 0;
  let testRows = 0;
  let unstratifiedSize = 0;
  for (let row = 0; row < destination.length; row++) {
    const where = destination[row];
    if (where === TRAIN) trainSize++;
    else if (where === TEST) testRows++;
    else if (where === UNSTRATIFIED) unstratifiedSize++;
  }
  const train = new Uint32Array(trainSize + unstratifiedSize);
  const test = new Uint32Array(testRows);
  const unstratified = new Uint32Array(unstratifiedSize);
  let t = 0;
  let e = 0;
  let u = 0;
  for (let row = 0; row < destination.length; row++) {
    const where = destination[row];
    if (where === TRAIN) train[t++] = row;
    else if (where === TEST) test[e++] = row;
    else if (where === UNSTRATIFIED) {
      train[t++] = row;
      unstratified[u++] = row;
    }
  }
  return { train, test, unstratified };
}

/** Options of {@link stratifiedTrainTestSplit}. */
export interface TrainTestSplitOptions {
  /** Fraction of the rows for the test set, in (0, 1) (default 0.25, as sklearn). */
  testSize?: number;
  /** Seed of the project's PRNG (default 0). */
  seed?: number;
}

/**
 * One stratified train/test split of the rows by their stratum keys (sklearn
 * `train_test_split(stratify=keys)` allocation, our PRNG; see {@link stratifiedStage}).
 * Seeded and deterministic. Throws on an empty key list.
 */
export function stratifiedTrainTestSplit(
  keys: ArrayLike<string>,
  options: TrainTestSplitOptions = {},
): StratifiedStage {
  if (keys.length === 0) throw new RangeError("cannot split zero rows");
  const { unique, inverse } = sortedUnique(keys);
  const rows = new Uint32Array(keys.length);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  return stratifiedStage(
    inverse,
    unique.length,
    rows,
    options.testSize ?? 0.25,
    createRandom(options.seed ?? 0),
  );
}
