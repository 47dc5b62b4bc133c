import type { SeededRandom } from "../../util/random.js";

/**
 * How many of `draws` rows each class gets: scikit-learn's `_approximate_mode` (the allocation of
 * StratifiedShuffleSplit and `train_test_split(stratify=…)`): the floor of each class's share,
 * then one more for the classes with the largest fractional remainders; equal remainders are
 * tied and broken at random (here with our PRNG, so tie-breaks differ from sklearn's but every
 * count it can give, we can give). Same floating-point operations as sklearn. Throws when the
 * counts sum to 0 while draws > 0, or draws exceed the total.
 */
export function approximateMode(
  classCounts: ArrayLike<number>,
  draws: number,
  random: SeededRandom,
): Int32Array {
  const k = classCounts.length;
  let total = 0;
  for (let c = 0; c < k; c++) total += classCounts[c];
  if (!Number.isInteger(draws) || draws < 0 || draws > total)
    throw new RangeError(`cannot draw ${draws} rows from ${total}`);
  const allocated = new Int32Array(k);
  if (draws === 0) return allocated;
  const remainders = new Float64Array(k);
  let floorSum = 0;
  for (let c = 0; c < k; c++) {
    // sklearn: class_counts / class_counts.sum() * n_draws, in that order.
    const continuous = (classCounts[c] / total) * draws;
    const floored = Math.floor(continuous);
    allocated[c] = floored;
    remainders[c] = continuous - floored;
    floorSum += floored;
  }
  let needed = draws - floorSum;
  if (needed <= 0) return allocated;
  // Classes by remainder, largest first; equal remainders form one tie group (index order).
  const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => remainders[b] - remainders[a] || a - b);
  for (let start = 0; start < k && needed > 0; ) {
    let end = start + 1;
    while (end < k && remainders[order[end]] === remainders[order[start]]) end++;
    const groupSize = end - start;
    if (groupSize <= needed) {
      for (let i = start; i < end; i++) allocated[order[i]]++;
      needed -= groupSize;
    } else {
      for (const pick of random.sampleIndices(groupSize, needed)) allocated[order[start + pick]]++;
      needed = 0;
    }
    start = end;
  }
  return allocated;
}
