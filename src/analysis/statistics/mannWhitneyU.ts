import { type Alternative, checkAlternative } from "./alternative.js";
import { mannWhitneySurvival } from "./mannWhitneyDistribution.js";
import { normalSf } from "./normalDistribution.js";
import { twoSampleRanks } from "./ranks.js";

/** How the p-value is computed: SciPy's three choices. */
export type MannWhitneyMethod = "auto" | "exact" | "asymptotic";

/** Options of {@link mannWhitneyU}; the defaults are SciPy's. */
export interface MannWhitneyOptions {
  /** Default "two-sided"; "less" means x is stochastically smaller than y. */
  alternative?: Alternative;
  /** Default "auto": exact when either sample has at most 8 values and no value is tied. */
  method?: MannWhitneyMethod;
  /** Continuity correction of the normal approximation (default true); ignored by the exact method. */
  useContinuity?: boolean;
}

/** Result of {@link mannWhitneyU}. */
export interface MannWhitneyResult {
  /** U of the first sample (x): pairs with x > y plus half the tied pairs, in [0, n1·n2]. */
  statistic: number;
  /** The p-value of the chosen alternative, in [0, 1]; NaN when no test was possible. */
  pValue: number;
  /** The method actually used; "none" when the result is NaN (a NaN value or an empty sample). */
  method: "exact" | "asymptotic" | "none";
}

const NAN_RESULT: MannWhitneyResult = { statistic: Number.NaN, pValue: Number.NaN, method: "none" };

/**
 * The Mann–Whitney U test of two independent samples, exactly as `scipy.stats.mannwhitneyu` 1.10
 * (same statistic, same method choice, p-values to the last bit or two). A NaN in either sample
 * gives NaN statistic and p (SciPy's default `nan_policy="propagate"`); an empty sample gives NaN
 * too (SciPy raises). ±Infinity are ordinary extreme values (SciPy 1.10 returns NaN when one sample
 * holds both +∞ and −∞, a bug of its NaN check that we do not copy).
 */
export function mannWhitneyU(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const alternative = checkAlternative(options.alternative ?? "two-sided");
  const requested = options.method ?? "auto";
  if (requested !== "auto" && requested !== "exact" && requested !== "asymptotic")
    throw new RangeError(`method must be "auto", "exact" or "asymptotic", got "${requested}"`);
  const useContinuity = options.useContinuity ?? true;
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) return { ...NAN_RESULT };
  const ranks = twoSampleRanks(x, y);
  if (ranks === null) return { ...NAN_RESULT };

  let method: "exact" | "asymptotic";
  if (requested === "auto") method = (n1 > 8 && n2 > 8) || ranks.hasTies ? "asymptotic" : "exact";
  else method = requested;

  const u1 = ranks.rankSumX - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  // SciPy takes the survival function of U1 ("greater"), of U2 ("less", by symmetry) or of the
  // larger one, doubled ("two-sided").
  const u = alternative === "greater" ? u1 : alternative === "less" ? u2 : Math.max(u1, u2);
  const factor = alternative === "two-sided" ? 2 : 1;

  let p: number;
  if (method === "exact") {
    // SciPy truncates a half-integer U (ties with method "exact") to an integer.
    p = mannWhitneySurvival(Math.trunc(u), n1, n2);
  } else {
    const n = n1 + n2;
    const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - ranks.tieTerm / (n * (n - 1))));
    let numerator = u - (n1 * n2) / 2;
    // The survival function is always used, so the correction always subtracts.
    if (useContinuity) numerator -= 0.5;
    p = normalSf(numerator / sd);
  }
  p *= factor;
  return { statistic: u1, pValue: Math.min(Math.max(p, 0), 1), method };
}
