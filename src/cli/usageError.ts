/** A mistake in how a command was called (bad option value); the CLI exits with code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** Parses a whole number option, throwing a UsageError naming the option otherwise. */
export function parseInteger(option: string, min = 0): (value: string) => number {
  return (value: string) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
      throw new UsageError(`${option} must be a whole number ≥ ${min}, got '${value}'`);
    }
    return parsed;
  };
}

/** Parses a number in [min, max], throwing a UsageError naming the option otherwise. */
export function parseFraction(option: string, min = 0, max = 1): (value: string) => number {
  return (value: string) => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min || parsed > max) {
      throw new UsageError(`${option} must be a number in [${min}, ${max}], got '${value}'`);
    }
    return parsed;
  };
}
