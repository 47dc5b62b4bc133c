import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cropBatch, planarSource } from "../../src/dl/crops.js";
import { readCropImages, readCropsFileInfo } from "../../src/dl/cropsFile.js";
import { exportCrops } from "../../src/dl/exportCrops.js";
import { sampleScalingBounds } from "../../src/dl/scalingBounds.js";
import { percentiles } from "../../src/image/statistics.js";
import { readCellSync } from "../../src/io/cellFile.js";
import { loadHdf5 } from "../../src/io/hdf5Library.js";
import { type Metadata, metadataGenerator } from "../../src/io/metadata.js";
import { writeSyntheticDataset } from "../../src/synth/syntheticDataset.js";
import { pythonHas, runPython } from "../helpers/python.js";

const scratch = mkdtempSync(join(tmpdir(), "scifai-export-crops-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const data = join(scratch, "data");
let metadata: Metadata;
beforeAll(async () => {
  await loadHdf5();
  writeSyntheticDataset(data, { cells: 96, channels: 5, seed: 11, labeledFraction: 0.75, broken: 2 });
  metadata = await metadataGenerator(data);
});

const channels = [0, 2, 4];
const size = 32;
const divide = { kind: "divide" as const, factor: 4095 };

describe("exportCrops", () => {
  it("writes crops, labels, split and metadata; broken cells go to the error file", async () => {
    const output = join(scratch, "crops.h5");
    const summary = await exportCrops({
      metadata,
      output,
      channels,
      channelNames: ["BF", "MHCII", "P-CD3zeta"],
      size,
      scaling: divide,
      augmentation: { flips: true, rotations: true, copies: 2 },
      stratify: ["label"],
      seed: 5,
      workers: 1,
      batchSize: 10,
    });
    const readable = metadata.rows.length - 2;
    expect(summary.errors).toBe(2);
    expect(readFileSync(summary.errorsPath, "utf8").trim().split("\n")).toHaveLength(3);
    expect(summary.rows).toBe(readable + (2 * summary.splitCounts.train) / 3);
    expect(summary.splitCounts.train % 3).toBe(0);
    expect(summary.splitCounts.validation).toBeGreaterThan(0);
    expect(summary.splitCounts.test).toBeGreaterThan(0);
    expect(summary.splitCounts.none).toBeGreaterThan(0);
    expect(summary.classes).toEqual(
      [...new Set(metadata.rows.filter((r) => r.set === "labeled").map((r) => r.label))].sort(),
    );
    expect(existsSync(`${output}.partial`)).toBe(false);

    const info = await readCropsFileInfo(output);
    expect(info).toMatchObject({
      channels,
      size,
      scaling: divide,
      count: summary.rows,
      channelNames: ["BF", "MHCII", "P-CD3zeta"],
    });
    expect(info.split).toEqual({ testSize: 0.3, validationSize: 0.2, stratify: ["label"], seed: 5 });
    expect(info.augmentation).toMatchObject({ flips: true, rotations: true, copies: 2, seed: 5 });

    // The plain crops equal cropBatch of the same files; each training crop is followed by 2 copies.
    const images = await readCropImages(output, 0, summary.rows);
    expect(images.length).toBe(summary.rows * channels.length * size * size);
    const firstFile = metadata.rows.find((r) => !r.file.includes("broken"))!.file;
    const expected = cropBatch([planarSource(readCellSync(join(data, firstFile)))], {
      channels,
      size,
      scaling: divide,
    });
    expect(images.subarray(0, expected.length)).toEqual(expected);
  });

  it("is read by h5py: shapes, dtypes, values, strings and attributes", async () => {
    if (!pythonHas("h5py", "numpy"))
      throw new Error("this test needs Debian's python3-h5py (.ci/run installs it)");
    const output = join(scratch, "crops.h5");
    const info = await readCropsFileInfo(output);
    const images = await readCropImages(output, 0, info.count);
    const report = JSON.parse(
      runPython(
        `import sys, json, h5py, numpy as np
with h5py.File(sys.argv[1], "r") as f:
    images, labels, split = f["images"], f["labels"], f["split"]
    meta = f["metadata"]
    order = [c.decode() if isinstance(c, bytes) else str(c) for c in meta.attrs["column-order"]]
    print(json.dumps({
        "shape": list(images.shape), "dtype": str(images.dtype), "chunks": list(images.chunks),
        "labels": [str(labels.dtype), labels.shape[0], int(labels[:].min()), int(labels[:].max())],
        "split": sorted(set(split.asstr()[:])),
        "columns": order,
        "file0": meta["file"].asstr()[0],
        "augmentation": sorted(set(meta["augmentation"].asstr()[:]))[:3],
        "values": [float(images[0, 0, 0, 0]), float(images[1, 2, 31, 30]), float(images[-1, 1, 16, 5])],
        "sum": float(np.asarray(images[:5], dtype=np.float64).sum()),
        "attrs": {"format": str(f.attrs["format"]), "size": int(f.attrs["size"]), "channels": [int(c) for c in f.attrs["channels"]],
                  "classes": [str(c) for c in f.attrs["classes"]], "scifai": json.loads(f.attrs["scifai"])["size"]},
    }))`,
        [output],
      ),
    );
    expect(report.shape).toEqual([info.count, 3, 32, 32]);
    expect(report.dtype).toBe("float32");
    expect(report.chunks).toEqual([1, 3, 32, 32]);
    expect(report.labels[0]).toBe("int64");
    expect(report.labels[1]).toBe(info.count);
    expect(report.labels[2]).toBe(-1);
    expect(report.labels[3]).toBe(info.classes.length - 1);
    expect(report.split).toEqual(["none", "test", "train", "validation"]);
    expect(report.columns).toEqual([
      "file",
      "experiment",
      "donor",
      "condition",
      "object_number",
      "set",
      "label",
      "augmentation",
    ]);
    expect(report.file0).toMatch(/\.h5$/);
    expect(report.augmentation[0]).toBe("");
    const plane = 32 * 32;
    const length = 3 * plane;
    expect(report.values).toEqual([
      images[0],
      images[length + 2 * plane + 31 * 32 + 30],
      images[(info.count - 1) * length + plane + 16 * 32 + 5],
    ]);
    let sum = 0;
    for (let i = 0; i < 5 * length; i++) sum += images[i];
    // NumPy sums pairwise in float64, we sum sequentially: equal to 1e-9 relative.
    expect(Math.abs(report.sum - sum)).toBeLessThanOrEqual(1e-9 * Math.abs(sum));
    expect(report.attrs).toEqual({
      format: "scifai-crops",
      size: 32,
      channels,
      classes: [...info.classes],
      scifai: 32,
    });
  });

  it("writes the same file whatever the number of workers and batch size", async () => {
    const settings = [
      [0, 64],
      [2, 7],
    ];
    const outputs = settings.map(([workers]) => join(scratch, `same-${workers}.h5`));
    for (let i = 0; i < 2; i++) {
      await exportCrops({
        metadata,
        output: outputs[i],
        channels,
        size,
        scaling: divide,
        augmentation: { noiseStd: 0.02, resizedCrop: { minScale: 0.7, maxScale: 1 }, copies: 1 },
        stratify: ["label"],
        workers: settings[i][0],
        batchSize: settings[i][1],
      });
    }
    const [a, b] = await Promise.all(outputs.map(async (path) => readCropImages(path, 0, 10_000)));
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });

  it("keeps only labelled cells of the chosen classes, in the given class order", async () => {
    const output = join(scratch, "two-classes.h5");
    const classes = ["T_cell", "B_cell"];
    const summary = await exportCrops({
      metadata,
      output,
      channels,
      size,
      scaling: divide,
      classes,
      labeledOnly: true,
      testSize: 0.25,
      validationSize: 0.25,
      stratify: ["label"],
    });
    const labelled = metadata.rows.filter((r) => r.set === "labeled" && classes.includes(r.label));
    expect(summary.rows).toBe(labelled.length);
    expect(summary.splitCounts.none).toBe(0);
    expect(summary.classes).toEqual(classes);
    expect((await readCropsFileInfo(output)).classes).toEqual(classes);
    await expect(exportCrops({ metadata, output, channels, size, scaling: divide })).rejects.toThrow(
      /already exists; use --overwrite/,
    );
  });

  it("samples min–max bounds from the training cells' kept pixels (NumPy percentiles)", async () => {
    const files = metadata.rows
      .filter((r) => !r.file.includes("broken"))
      .map((r) => r.file)
      .slice(0, 12);
    const sampled = await sampleScalingBounds(data, files, [1, 3], 16, {
      lowerPercentile: 2,
      upperPercentile: 98,
      sampleSize: 100,
    });
    expect(sampled.cells).toBe(12);
    for (const [i, channel] of [1, 3].entries()) {
      const pixels: number[] = [];
      for (const file of files) {
        const cell = readCellSync(join(data, file));
        const top = Math.floor((cell.height - 16) / 2);
        const left = Math.floor((cell.width - 16) / 2);
        for (let y = top; y < top + 16; y++)
          for (let x = left; x < left + 16; x++) pixels.push(cell.image[channel][y * cell.width + x]);
      }
      const expected = new Float64Array(2);
      percentiles(Float64Array.from(pixels), [2, 98], expected);
      expect([sampled.scaling.lower[i], sampled.scaling.upper[i]]).toEqual([expected[0], expected[1]]);
    }
    const exported = await exportCrops({
      metadata,
      output: join(scratch, "sampled.h5"),
      channels: [1, 3],
      size: 16,
      scaling: { kind: "sampled", lowerPercentile: 1, upperPercentile: 99, sampleSize: 30 },
      stratify: ["label"],
    });
    expect(exported.scaling.kind).toBe("minmax");
    expect(exported.scalingCells).toBe(30);
    const images = await readCropImages(join(scratch, "sampled.h5"), 0, exported.rows);
    expect(images.every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});
