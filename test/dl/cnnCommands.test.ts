import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerExportCropsCommand } from "../../src/cli/exportCropsCommand.js";
import { registerPredictCnnCommand } from "../../src/cli/predictCnnCommand.js";
import { UsageError } from "../../src/cli/usageError.js";
import { readCropImages, readCropsFileInfo } from "../../src/dl/cropsFile.js";
import { METADATA_COLUMNS, metadataGenerator } from "../../src/io/metadata.js";
import { writeMetadata } from "../../src/io/metadataFile.js";
import { openTable } from "../../src/io/tableReader.js";
import { writeSyntheticDataset } from "../../src/synth/syntheticDataset.js";
import { SMALL_MODEL } from "./onnxFixtures.js";

const scratch = mkdtempSync(join(tmpdir(), "scifai-cnn-cli-"));
const data = join(scratch, "data");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(async () => {
  writeSyntheticDataset(data, { cells: 48, channels: 5, seed: 8, labeledFraction: 0.8 });
  await writeMetadata(join(scratch, "metadata.csv"), await metadataGenerator(data));
});

/** Runs `scifai <args>` with only the two deep-learning commands registered, in this process. */
async function scifai(...args: string[]): Promise<void> {
  const program = new Command("scifai")
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
  registerExportCropsCommand(program);
  registerPredictCnnCommand(program);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeErr: () => {} });
  await program.parseAsync(args, { from: "user" });
}

describe("scifai export-crops and predict-cnn", () => {
  it("exports crops from a metadata table, then predicts with the export's settings", async () => {
    const crops = join(scratch, "crops.h5");
    await scifai(
      "export-crops",
      join(scratch, "metadata.csv"),
      "--data-root",
      data,
      "-o",
      crops,
      "--size",
      "64",
      "--channels",
      "0,1,2,3,4",
      "--scale",
      "percentile",
      "--percentiles",
      "0.5,99.5",
      "--stratify",
      "label",
      "--augment",
      "flips,noise=0.01",
      "--workers",
      "0",
      "-q",
    );
    const info = await readCropsFileInfo(crops);
    expect(info.size).toBe(64);
    expect(info.scaling.kind).toBe("minmax");
    expect(info.classes.length).toBeGreaterThan(3);
    expect(info.augmentation).toMatchObject({ flips: true, noiseStd: 0.01, copies: 1 });
    expect((await readCropImages(crops, 0, 2)).length).toBe(2 * 5 * 64 * 64);

    // The fixture network has 9 outputs; name them after the export's classes plus fillers.
    const classes = [
      ...info.classes,
      ...Array.from({ length: 9 - info.classes.length }, (_, k) => `extra_${k}`),
    ];
    const predictions = join(scratch, "predictions.parquet");
    await scifai(
      "predict-cnn",
      data,
      "--model",
      SMALL_MODEL,
      "--config-from",
      crops,
      "--classes",
      classes.join(","),
      "--embeddings",
      "--threads",
      "1",
      "-o",
      predictions,
      "-q",
    );
    const reader = await openTable(predictions);
    try {
      expect(reader.columns.rows).toBe(48);
      expect(reader.columns.text).toEqual([...METADATA_COLUMNS, "predicted_class"]);
      expect(reader.columns.numeric.slice(0, 9)).toEqual(classes.map((c) => `probability_${c}`));
      expect(reader.columns.numeric).toContain("embedding_127");
    } finally {
      reader.close();
    }
  });

  it("turns bad options into usage errors", async () => {
    const output = join(scratch, "bad.h5");
    await expect(scifai("export-crops", data, "-o", output, "--channels", "0,x")).rejects.toThrow(UsageError);
    await expect(
      scifai("export-crops", data, "-o", join(scratch, "bad.csv"), "--channels", "0"),
    ).rejects.toThrow(/must be an \.h5 file/);
    await expect(
      scifai("export-crops", data, "-o", output, "--channels", "0,1", "--bounds", "0:1"),
    ).rejects.toThrow(/1 pairs for 2 selected channels/);
    await expect(
      scifai("export-crops", data, "-o", output, "--channels", "0", "--augment", "blur"),
    ).rejects.toThrow(UsageError);
    await expect(scifai("export-crops", data, "-o", output)).rejects.toThrow(CommanderError);
    await expect(
      scifai(
        "predict-cnn",
        data,
        "--model",
        SMALL_MODEL,
        "-o",
        join(scratch, "p.parquet"),
        "--channels",
        "0,1",
      ),
    ).rejects.toThrow(/takes 5 channels, but 2 are selected/);
    await expect(
      scifai("predict-cnn", data, "--model", SMALL_MODEL, "-o", join(scratch, "p.txt")),
    ).rejects.toThrow(UsageError);
    await expect(
      scifai(
        "predict-cnn",
        join(scratch, "metadata.csv"),
        "--data-root",
        scratch,
        "--model",
        SMALL_MODEL,
        "-o",
        join(scratch, "p.parquet"),
      ),
    ).rejects.toThrow(/not under .*--data-root/);
  });
});
