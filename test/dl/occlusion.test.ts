import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  channelOcclusion,
  channelOcclusionOfDataset,
  channelOcclusionTable,
  occlusionMap,
} from "../../src/dl/occlusion.js";
import { occlusionMapSvg } from "../../src/dl/occlusionSvg.js";
import { CnnModel, softmaxRows } from "../../src/dl/onnxInference.js";
import { metadataGenerator } from "../../src/io/metadata.js";
import { IFC_SMALL } from "../helpers/fixtures.js";
import { findAll, parseXml } from "../report/svg/xmlChecker.js";
import { readFloatRows, SMALL_MODEL } from "./onnxFixtures.js";

let model: CnnModel;
let images: Float32Array;
const plane = 64 * 64;
const length = 5 * plane;
beforeAll(async () => {
  model = await CnnModel.load(SMALL_MODEL, { threads: 1 });
  const rows = readFloatRows("r18w16_64.inputs.csv").slice(0, 4);
  images = new Float32Array(rows.length * length);
  rows.forEach((row, i) => {
    images.set(row, i * length);
  });
});
afterAll(async () => {
  await model.close();
});

async function probabilities(batch: Float32Array, count: number): Promise<Float64Array> {
  return softmaxRows((await model.run(batch, count, 5, 64)).logits, count, 9);
}

describe("channel occlusion", () => {
  it("averages, per predicted class, the probability drop when a channel is replaced by its mean", async () => {
    const result = await channelOcclusion(model, images, 4, 5, 64, {
      batchSize: 3,
      channelNames: ["BF", "F-Actin", "MHCII", "CD3", "P-CD3zeta"],
    });
    expect(result.cells).toBe(4);
    expect(Array.from(result.counts).reduce((a, b) => a + b, 0)).toBe(4);
    // Recompute channel 2 by hand, one cell at a time.
    const base = await probabilities(images, 4);
    const sums = new Float64Array(9);
    let overall = 0;
    for (let i = 0; i < 4; i++) {
      const row = Array.from(base.subarray(i * 9, i * 9 + 9));
      const k = row.indexOf(Math.max(...row));
      const occluded = images.slice(i * length, (i + 1) * length);
      let mean = 0;
      for (let p = 0; p < plane; p++) mean += occluded[2 * plane + p];
      occluded.fill(mean / plane, 2 * plane, 3 * plane);
      const drop = row[k] - (await probabilities(occluded, 1))[k];
      sums[k] += drop;
      overall += drop;
    }
    // Batches of 3 vs 1 change float32 sums in the last bits: 1e-6 absolute on probabilities.
    for (let k = 0; k < 9; k++) {
      const value = result.meanDrop[2 * 9 + k];
      if (result.counts[k] === 0) expect(value).toBeNaN();
      else expect(Math.abs(value - sums[k] / result.counts[k])).toBeLessThan(1e-6);
    }
    expect(Math.abs(result.overall[2] - overall / 4)).toBeLessThan(1e-6);
    const table = channelOcclusionTable(result);
    expect(table).toHaveLength(5 * 10);
    expect(table[9]).toMatchObject({ channel: "BF", class: "all", cells: 4 });
    expect(table[0]).toMatchObject({ channel: "BF", class: "class_0" });
  });

  it("runs over a sample of a dataset's cells", async () => {
    const metadata = await metadataGenerator(IFC_SMALL);
    const crop = { channels: [0, 1, 2, 3, 4], size: 64, scaling: { kind: "divide" as const, factor: 4095 } };
    const result = await channelOcclusionOfDataset(model, metadata, crop, {
      sampleSize: 12,
      seed: 1,
      workers: 0,
    });
    expect(result.cells).toBeGreaterThan(8);
    expect(result.cells).toBeLessThanOrEqual(12);
    expect(result.overall.every(Number.isFinite)).toBe(true);
  });
});

describe("occlusion map", () => {
  it("slides patches to both edges and averages the drops over the patches covering each pixel", async () => {
    const image = images.subarray(0, length);
    const map = await occlusionMap(model, image, 5, 64, { patch: 24, stride: 20 });
    // Positions 0, 20, 40 (the last touches the edge: 40 + 24 = 64).
    expect(map.patches).toBe(9);
    expect(map.values.length).toBe(plane);
    const base = await probabilities(image, 1);
    expect(map.baseProbability).toBe(base[map.classIndex]);
    // Pixel (2, 2) is covered only by the window at (0, 0).
    const occluded = Float32Array.from(image);
    for (let c = 0; c < 5; c++) {
      let mean = 0;
      for (let p = 0; p < plane; p++) mean += image[c * plane + p];
      for (let y = 0; y < 24; y++) occluded.fill(mean / plane, c * plane + y * 64, c * plane + y * 64 + 24);
    }
    const drop = map.baseProbability - (await probabilities(occluded, 1))[map.classIndex];
    expect(Math.abs(map.values[2 * 64 + 2] - drop)).toBeLessThan(1e-6);
    expect(map.values.every(Number.isFinite)).toBe(true);
    await expect(occlusionMap(model, image, 5, 64, { patch: 65 })).rejects.toThrow(/patch must be/);
    await expect(occlusionMap(model, image, 5, 64, { classIndex: 9 })).rejects.toThrow(/class index/);
  });

  it("draws a well-formed SVG with the crop and the map as PNG images", async () => {
    const image = images.subarray(length, 2 * length);
    const map = await occlusionMap(model, image, 5, 64, { patch: 16, stride: 16 });
    expect(map.patches).toBe(16);
    const svg = occlusionMapSvg(image, 5, map, {
      channel: 4,
      channelName: "P-CD3zeta <pSyk & co>",
      className: "T_cell",
    });
    const root = parseXml(svg);
    const pictures = findAll(root, "image");
    expect(pictures).toHaveLength(2);
    for (const picture of pictures) expect(picture.attributes.href).toMatch(/^data:image\/png;base64,/);
    expect(svg).toContain("P-CD3zeta &lt;pSyk &amp; co&gt;");
    expect(() => occlusionMapSvg(image, 5, map, { channel: 5 })).toThrow(/channel must be in 0…4/);
  });
});
