import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CnnModel, softmaxRows } from "../../src/dl/onnxInference.js";
import { readFloatRows, SMALL_MODEL } from "./onnxFixtures.js";

let model: CnnModel;
beforeAll(async () => {
  model = await CnnModel.load(SMALL_MODEL, { threads: 1 });
});
afterAll(async () => {
  await model.close();
});

describe("CnnModel", () => {
  it("reads the input and output layout of the model", () => {
    expect(model.inputName).toBe("image");
    expect(model.logitsName).toBe("logits");
    expect(model.embeddingName).toBe("embedding");
    expect([model.channels, model.size, model.classCount, model.embeddingSize, model.fixedBatch]).toEqual([
      5,
      64,
      9,
      128,
      null,
    ]);
    expect(() => model.checkInput(5, 64)).not.toThrow();
    expect(() => model.checkInput(3, 64)).toThrow(/takes 5 channels, but 3 are selected/);
    expect(() => model.checkInput(5, 32)).toThrow(/takes 64 × 64 crops, but the crop size is 32/);
  });

  it("gives PyTorch's logits for the fixture inputs (|Δ| ≤ 1e-4)", async () => {
    const inputs = readFloatRows("r18w16_64.inputs.csv");
    const expected = readFloatRows("r18w16_64.logits.csv");
    const batch = new Float32Array(inputs.length * 5 * 64 * 64);
    inputs.forEach((row, i) => {
      batch.set(row, i * row.length);
    });
    const { logits, embedding } = await model.run(batch, inputs.length, 5, 64, true);
    expect(logits.length).toBe(inputs.length * 9);
    expect(embedding!.length).toBe(inputs.length * 128);
    // Absolute 1e-4: PyTorch and ONNX Runtime sum float32 convolutions in different orders.
    let worst = 0;
    expected.forEach((row, i) => {
      row.forEach((value, k) => {
        worst = Math.max(worst, Math.abs(logits[i * 9 + k] - value));
      });
    });
    expect(worst).toBeLessThanOrEqual(1e-4);
    // One image at a time gives the same logits as the batch (no batch coupling).
    const single = await model.run(inputs[3], 1, 5, 64);
    for (let k = 0; k < 9; k++)
      expect(Math.abs(single.logits[k] - logits[3 * 9 + k])).toBeLessThanOrEqual(1e-5);
  });

  it("returns empty outputs for an empty batch and rejects short input", async () => {
    expect((await model.run(new Float32Array(0), 0, 5, 64)).logits.length).toBe(0);
    await expect(model.run(new Float32Array(10), 1, 5, 64)).rejects.toThrow(/do not hold 1 crops/);
  });

  it("names the file when a model cannot be loaded", async () => {
    await expect(CnnModel.load("/nonexistent/model.onnx")).rejects.toThrow(
      /model\.onnx: cannot load the ONNX model/,
    );
  });
});

describe("softmaxRows", () => {
  it("is stable for large logits, sums to 1 and handles NaN and infinities", () => {
    const p = softmaxRows(
      [1000, 1001, 1002, 0, 0, 0, Number.NaN, 1, 2, Number.POSITIVE_INFINITY, 1, Number.POSITIVE_INFINITY],
      4,
      3,
    );
    const e = Math.exp(1);
    const total = 1 + e + e * e;
    expect(p[0]).toBeCloseTo(1 / total, 15);
    expect(p[2]).toBeCloseTo((e * e) / total, 15);
    expect(Array.from(p.subarray(3, 6))).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(Array.from(p.subarray(6, 9)).every(Number.isNaN)).toBe(true);
    expect(Array.from(p.subarray(9, 12))).toEqual([0.5, 0, 0.5]);
  });
});
