import { pairwiseSum } from "../../image/statistics.js";
import { type Alternative, checkAlternative } from "./alternative.js";
import { normalCdf, normalSf } from "./normalDistribution.js";
import { averageRanks, containsNaN, TieCorrection } from "./ranks.js";
import { wilcoxonDistribution } from "./wilcoxonDistribution.js";

/** SciPy's conventions for zero differences. */
export type ZeroMethod = "wilcox" | "pratt" | "zsplit";

/** SciPy's choices of p-value computation. */
export type WilcoxonMode = "auto" | "exact" | "approx";

/** Options of {@link wilcoxonSignedRank}; the defaults are SciPy's. */
export interface WilcoxonOptions {
  /** Default "two-sided"; "greater" means the differences tend to be positive. */
  alternative?: Alternative;
  /**
   * Default "wilcox": drop zero differences; "pratt": rank them, then drop their ranks;
   * "zsplit": rank them and split their ranks between both signs.
   */
  zeroMethod?: ZeroMethod;
  /** Continuity correction of the normal approximation (default false). */
  correction?: boolean;
  /** Default "auto": exact for n ≤ 50 without zeros, normal approximation otherwise. */
  mode?: WilcoxonMode;
}

/** Result of {@link wilcoxonSignedRank}. */
export interface WilcoxonResult {
  /** Two-sided: min(R+, R−); one-sided: R+ (sum of the ranks of the positive differences). */
  statistic: number;
  /** The p-value of the chosen alternative; NaN when no test was possible. */
  pValue: number;
  /** z of the normal approximation (SciPy's `zstatistic`); NaN when the exact distribution was used. */
  zStatistic: number;
  /** The method actually used; "none" when the result is NaN. */
  method: "exact" | "approx" | "none";
}

/**
 * The Wilcoxon signed-rank test of one sample of differences against 0, exactly as
 * `scipy.stats.wilcoxon(d)` 1.10: "auto" uses the exact distribution for n ≤ 50 unless there are
 * zeros (ties do not switch it: a half-integer R+ is truncated, as SciPy does), otherwise the normal
 * approximation with tie correction (and Cureton's adjustment for "pratt"). Edge cases: NaN in the
 * data or an empty sample give NaN; all differences zero with "wilcox"/"pratt" gives NaN where
 * SciPy raises. `zStatistic` is reported whenever the approximation was used.
 */
export function wilcoxonSignedRank(
  differences: ArrayLike<number>,
  options: WilcoxonOptions = {},
): WilcoxonResult {
  const alternative = checkAlternative(options.alternative ?? "two-sided");
  const zeroMethod = options.zeroMethod ?? "wilcox";
  if (zeroMethod !== "wilcox" && zeroMethod !== "pratt" && zeroMethod !== "zsplit")
    throw new RangeError(`zeroMethod must be "wilcox", "pratt" or "zsplit", got "${zeroMethod}"`);
  const requested = options.mode ?? "auto";
  if (requested !== "auto" && requested !== "exact" && requested !== "approx")
    throw new RangeError(`mode must be "auto", "exact" or "approx", got "${requested}"`);
  const correction = options.correction ?? false;
  const none: WilcoxonResult = {
    statistic: Number.NaN,
    pValue: Number.NaN,
    zStatistic: Number.NaN,
    method: "none",
  };

  const n = differences.length;
  if (n === 0 || containsNaN(differences)) return none;
  let mode: "exact" | "approx" = requested === "auto" ? (n <= 50 ? "exact" : "approx") : requested;
  let zeroCount = 0;
  for (let i = 0; i < n; i++) if (differences[i] === 0) zeroCount++;
  if (zeroCount > 0 && mode === "exact") mode = "approx";

  let d: ArrayLike<number> = differences;
  if (mode === "approx") {
    if (zeroMethod !== "zsplit" && zeroCount === n) return none;
    if (zeroMethod === "wilcox" && zeroCount > 0) d = nonZero(differences, n - zeroCount);
  }
  const count = d.length;
  const absolute = Float64Array.from(d, Math.abs);
  const ranks = averageRanks(absolute);
  let rankPlus = 0;
  let rankMinus = 0;
  let rankZero = 0;
  for (let i = 0; i < count; i++) {
    if (d[i] > 0) rankPlus += ranks[i];
    else if (d[i] < 0) rankMinus += ranks[i];
    else rankZero += ranks[i];
  }
  if (zeroMethod === "zsplit") {
    rankPlus += rankZero / 2;
    rankMinus += rankZero / 2;
  }
  const statistic = alternative === "two-sided" ? Math.min(rankPlus, rankMinus) : rankPlus;

  if (mode === "approx") {
    let mean = count * (count + 1) * 0.25;
    let variance = count * (count + 1) * (2 * count + 1);
    if (zeroMethod === "pratt") {
      mean -= zeroCount * (zeroCount + 1) * 0.25;
      variance -= zeroCount * (zeroCount + 1) * (2 * zeroCount + 1);
    }
    // Tie groups among the ranks that count ("pratt" leaves the zeros' ranks out).
    const ties = new TieCorrection();
    const sorted = absolute.slice().sort();
    for (let start = 0; start < count; ) {
      let end = start + 1;
      while (end < count && sorted[end] === sorted[start]) end++;
      if (!(zeroMethod === "pratt" && sorted[start] === 0)) ties.add(end - start);
      start = end;
    }
    variance -= 0.5 * ties.value();
    const se = Math.sqrt(variance / 24);
    let shift = 0;
    if (correction) {
      if (alternative === "two-sided") shift = 0.5 * Math.sign(statistic - mean);
      else shift = alternative === "less" ? -0.5 : 0.5;
    }
    const z = (statistic - mean - shift) / se;
    const pValue =
      alternative === "two-sided"
        ? 2 * normalSf(Math.abs(z))
        : alternative === "greater"
          ? normalSf(z)
          : normalCdf(z);
    return { statistic, pValue, zStatistic: z, method: "approx" };
  }

  const probabilities = wilcoxonDistribution(count);
  // SciPy casts R+ to an integer (it is half-whole only when |d| has ties).
  const r = Math.trunc(rankPlus);
  let p: number;
  // NumPy's np.sum is pairwise: summing the same way keeps the last bits (for n > 53).
  const lower = () => pairwiseSum(probabilities, r + 1);
  const upper = () => pairwiseSum(probabilities.subarray(r));
  if (alternative === "two-sided") {
    p = r === (probabilities.length - 1) >> 1 ? 1 : 2 * Math.min(upper(), lower());
  } else {
    p = alternative === "greater" ? upper() : lower();
  }
  return { statistic, pValue: Math.min(Math.max(p, 0), 1), zStatistic: Number.NaN, method: "exact" };
}

/** The non-zero values, in order (`count` of them). */
function nonZero(values: ArrayLike<number>, count: number): Float64Array {
  const kept = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) kept[k++] = values[i];
  return kept;
}
