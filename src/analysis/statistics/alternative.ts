/**
 * The alternative hypothesis of a test, as SciPy names it: "two-sided", or one-sided "less" /
 * "greater" (the first sample, or the differences, stochastically smaller / larger).
 */
export type Alternative = "two-sided" | "less" | "greater";

const ALTERNATIVES: readonly Alternative[] = ["two-sided", "less", "greater"];

/** Checks an alternative given at run time (e.g. from a CLI); throws a RangeError naming the options. */
export function checkAlternative(alternative: string): Alternative {
  if (!(ALTERNATIVES as readonly string[]).includes(alternative))
    throw new RangeError(`alternative must be one of ${ALTERNATIVES.join(", ")}, got "${alternative}"`);
  return alternative as Alternative;
}
