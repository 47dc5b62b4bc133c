import { describe, expect, it } from "vitest";
import { centredCrossProduct } from "../../../src/analysis/embedding/centredCrossProduct.js";
import { matrix } from "../../../src/ml/matrix.js";
import { createRandom } from "../../../src/util/random.js";

describe("centredCrossProduct", () => {
  it("equals the naive (Z − mean)ᵀ(Z − mean) for shapes that exercise every tile remainder", () => {
    const random = createRandom(4);
    for (const [rows, cols] of [
      [1, 1],
      [3, 2],
      [257, 7],
      [600, 9],
      [513, 4],
    ]) {
      const data = new Float64Array(rows * cols);
      for (let i = 0; i < data.length; i++) data[i] = random.normal() * 10;
      const mean = Float64Array.from({ length: cols }, (_, j) => j - 1.5);
      const cross = centredCrossProduct(matrix(data, rows, cols), mean);
      for (let a = 0; a < cols; a++) {
        for (let b = 0; b < cols; b++) {
          let expected = 0;
          for (let r = 0; r < rows; r++)
            expected += (data[r * cols + a] - mean[a]) * (data[r * cols + b] - mean[b]);
          // Different summation order: 1e-12 of the magnitude of the terms.
          expect(Math.abs(cross[a * cols + b] - expected), `${rows}×${cols} [${a},${b}]`).toBeLessThanOrEqual(
            1e-12 * rows * 200,
          );
          expect(cross[a * cols + b]).toBe(cross[b * cols + a]);
        }
      }
    }
  });
});
