import { describe, it } from "vitest";
import { median } from "../../../src/analysis/statistics/median.js";
import { decodeFloat, decodeFloats, expectClose, vectors } from "./analysisVectors.js";

describe("median against np.median", () => {
  for (const c of vectors.median) {
    it(c.name, () => {
      // Middle value or (a + b) / 2: identical.
      expectClose(median(decodeFloats(c.values)), decodeFloat(c.median), 0, "median");
    });
  }
});
