import { sortedUnique } from "./sortedUnique.js";

/** One fold of a group-wise cross-validation: row indices, ascending. */
export interface GroupFold {
  /** The groups held out in this fold. */
  testGroups: string[];
  train: Uint32Array;
  test: Uint32Array;
}

function foldsFromAssignment(
  groupOfRow: Int32Array,
  foldOfGroup: Int32Array,
  unique: string[],
  foldCount: number,
) {
  const folds: GroupFold[] = [];
  for (let f = 0; f < foldCount; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < groupOfRow.length; i++) (foldOfGroup[groupOfRow[i]] === f ? test : train).push(i);
    folds.push({
      testGroups: unique.filter((_, g) => foldOfGroup[g] === f),
      train: Uint32Array.from(train),
      test: Uint32Array.from(test),
    });
  }
  return folds;
}

/**
 * Leave-one-group-out folds (sklearn `LeaveOneGroupOut`): one fold per distinct group, groups in
 * code-point order (as `np.unique`), each holding out that group's rows. Throws with fewer than
 * two groups.
 */
export function leaveOneGroupOut(groups: ArrayLike<string>): GroupFold[] {
  const { unique, inverse } = sortedUnique(groups);
  if (unique.length < 2)
    throw new RangeError(`leave-one-group-out needs at least 2 groups, got ${unique.length}`);
  return foldsFromAssignment(
    inverse,
    Int32Array.from(unique, (_, g) => g),
    unique,
    unique.length,
  );
}

/**
 * K folds with whole groups, sizes balanced (sklearn `GroupKFold`): groups from largest to
 * smallest each join the fold with the fewest rows so far (the first such fold). Equal-sized
 * groups are taken later group first, as NumPy's stable argsort reversed gives (NumPy's sort is
 * stable up to 16 groups; with more, sklearn's tie order may differ). Throws when k < 2 or k
 * exceeds the number of groups.
 */
export function groupKFold(groups: ArrayLike<string>, k: number): GroupFold[] {
  const { unique, inverse } = sortedUnique(groups);
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`k must be an integer ≥ 2, got ${k}`);
  if (k > unique.length) throw new RangeError(`cannot have k=${k} folds with only ${unique.length} groups`);
  const sizes = new Float64Array(unique.length);
  for (let i = 0; i < inverse.length; i++) sizes[inverse[i]]++;
  const ascending = Array.from(unique, (_, g) => g).sort((a, b) => sizes[a] - sizes[b] || a - b);
  const foldRows = new Float64Array(k);
  const foldOfGroup = new Int32Array(unique.length);
  for (let i = ascending.length - 1; i >= 0; i--) {
    const group = ascending[i];
    let lightest = 0;
    for (let f = 1; f < k; f++) if (foldRows[f] < foldRows[lightest]) lightest = f;
    foldRows[lightest] += sizes[group];
    foldOfGroup[group] = lightest;
  }
  return foldsFromAssignment(inverse, foldOfGroup, unique, k);
}
