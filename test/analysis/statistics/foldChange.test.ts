import { describe, expect, it } from "vitest";
import { log2FoldChange } from "../../../src/analysis/statistics/foldChange.js";
import { decodeFloats, expectAllClose, vectors } from "./analysisVectors.js";

describe("log2FoldChange against np.log2(t / c)", () => {
  const v = vectors.fold_change;
  const treatment = decodeFloats(v.treatment);
  const control = decodeFloats(v.control);

  it("matches NumPy, with infinities and NaN for zero frequencies", () => {
    // Math.log2 and glibc's log2 may differ by one ulp: 1e-15 relative.
    expectAllClose(log2FoldChange(treatment, control), decodeFloats(v.log2), 1e-15, "log2");
  });

  it("matches NumPy with a pseudocount", () => {
    expectAllClose(
      log2FoldChange(treatment, control, { pseudocount: v.pseudocount }),
      decodeFloats(v.log2_pseudocount),
      1e-15,
      "log2",
    );
  });

  it("is exact on powers of two and rejects unpaired input", () => {
    expect(Array.from(log2FoldChange([8, 1], [2, 4]))).toEqual([2, -2]);
    expect(() => log2FoldChange([1, 2], [1])).toThrow(RangeError);
  });
});
