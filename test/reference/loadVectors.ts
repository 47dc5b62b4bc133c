import { readFileSync } from "node:fs";

/** A float as the vector scripts write it: a number, or "nan" / "inf" / "-inf". */
export type EncodedFloat = number | "nan" | "inf" | "-inf";

/** Reads `test/reference/<name>.json` written by the matching `<name>.py` script. */
export function loadVectors<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), "utf8")) as T;
}

/** Decodes one encoded float. */
export function decodeFloat(value: EncodedFloat): number {
  if (value === "nan") return Number.NaN;
  if (value === "inf") return Number.POSITIVE_INFINITY;
  if (value === "-inf") return Number.NEGATIVE_INFINITY;
  return value;
}

/** Decodes a list of encoded floats into a Float64Array. */
export function decodeFloats(values: readonly EncodedFloat[]): Float64Array {
  return Float64Array.from(values, decodeFloat);
}

/** The integer test image the vector scripts call "formula" (not stored in the JSON). */
export function formulaImage(height: number, width: number): Float64Array {
  const plane = new Float64Array(height * width);
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) plane[r * width + c] = (r * 131 + c * 71 + ((r * c) % 97)) % 4000;
  }
  return plane;
}

/** Indices where two arrays differ (NaN equals NaN), at most `limit` of them, for messages. */
export function differences(actual: ArrayLike<number>, expected: ArrayLike<number>, limit = 5): string[] {
  const found: string[] = [];
  if (actual.length !== expected.length) return [`length ${actual.length} ≠ ${expected.length}`];
  for (let i = 0; i < actual.length && found.length < limit; i++) {
    const a = actual[i];
    const e = expected[i];
    if (!(Object.is(a, e) || a === e || (Number.isNaN(a) && Number.isNaN(e))))
      found.push(`[${i}] ${a} ≠ ${e}`);
  }
  return found;
}
