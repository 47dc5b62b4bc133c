import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { registerImportCifCommand } from "../../src/cli/importCifCommand.js";
import { UsageError } from "../../src/cli/usageError.js";
import { featureUnionFor } from "../../src/features/featureSets.js";
import { Pipeline } from "../../src/features/pipeline.js";
import { readCellSync } from "../../src/io/cellFile.js";
import { CellReadError } from "../../src/io/cellReadError.js";
import { readCifCells } from "../../src/io/cif/cifCells.js";
import { metadataGenerator } from "../../src/io/metadata.js";
import { pythonHas, runPython } from "../helpers/python.js";
import { EXAMPLE_CIF, objectDirectories, rawDirectories } from "../io/cif/exampleCif.js";

const work = mkdtempSync(join(tmpdir(), "scifai-import-cif-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs `scifai import-cif …` in process; resolves to stderr, rejects with the command's error. */
async function importCifCli(...args: string[]): Promise<string> {
  const program = new Command("scifai").exitOverride();
  registerImportCifCommand(program);
  for (const command of program.commands) command.exitOverride().configureOutput({ writeErr: () => {} });
  let stderr = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  await program.parseAsync(["import-cif", ...args], { from: "user" });
  return stderr;
}

const data = join(work, "data");
const folder = join(data, "Experiment_1", "Donor_1", "+SEA");

describe("scifai import-cif", () => {
  it("writes one scifAI .h5 per object into DATA/E/D/K", async () => {
    const stderr = await importCifCli(
      EXAMPLE_CIF,
      "--experiment",
      "Experiment_1",
      "--donor",
      "Donor_1",
      "--condition",
      "+SEA",
      "-o",
      data,
    );
    expect(stderr).toContain(`111 cells (6 channels: Ch1, Ch2, Ch3, Ch4, Ch5, Ch6) written to ${folder}`);
    const names = readdirSync(folder).sort();
    expect(names).toEqual(Array.from({ length: 111 }, (_, i) => `example_${i}.h5`).sort());
    const metadata = await metadataGenerator(data);
    expect(metadata.rows.map((r) => Number(r.object_number)).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 111 }, (_, i) => i),
    );
    expect(
      new Set(metadata.rows.map((r) => `${r.experiment}/${r.donor}/${r.condition}/${r.set}/${r.label}`)),
    ).toEqual(new Set(["Experiment_1/Donor_1/+SEA/unlabeled/-1"]));
  });

  it("stores exactly the decoded pixels and masks, and nothing else", () => {
    const objects = [...readCifCells(EXAMPLE_CIF)];
    for (const { objectNumber, cell } of objects) {
      const stored = readCellSync(join(folder, `example_${objectNumber}.h5`));
      expect(stored.label).toBeNull();
      expect([stored.height, stored.width, stored.channels]).toEqual([cell!.height, cell!.width, 6]);
      expect(stored.image.every((plane, c) => plane.every((v, i) => v === cell!.image[c][i]))).toBe(true);
      expect(stored.mask!.every((plane, c) => plane.every((v, i) => v === cell!.mask![c][i]))).toBe(true);
    }
  });

  it.runIf(pythonHas("h5py"))("writes image uint16 and mask uint8 of shape (H, W, C) that h5py reads", () => {
    const script = `
import h5py, json, sys
out = []
for path in sys.argv[1:]:
    with h5py.File(path, "r") as f:
        out.append([sorted(f.keys()), str(f["image"].dtype), list(f["image"].shape), str(f["mask"].dtype),
                    int(f["image"][()].sum()), int(f["mask"][()].max())])
print(json.dumps(out))`;
    const result = JSON.parse(
      runPython(script, [join(folder, "example_0.h5"), join(folder, "example_110.h5")]),
    );
    expect(result).toEqual([
      [["image", "mask"], "uint16", [43, 46, 6], "uint8", 156846 + 70423 + 85794 + 89862 + 439893 + 84102, 1],
      [["image", "mask"], "uint16", [45, 44, 6], "uint8", 148719 + 67580 + 80506 + 87354 + 439990 + 82788, 1],
    ]);
  });

  it("gives the same features from the .cif object as from the .h5 it wrote (every value, exact)", () => {
    const pipeline = new Pipeline([["features", featureUnionFor("readme")]]);
    const columns = pipeline.columnNames(6).length;
    expect(columns).toBe(858); // the README set for 6 channels
    let compared = 0;
    for (const { objectNumber, cell } of readCifCells(EXAMPLE_CIF, [0, 4, 57, 110])) {
      const fromCif = new Float64Array(columns);
      const fromH5 = new Float64Array(columns);
      pipeline.computeInto(cell!, fromCif);
      pipeline.computeInto(readCellSync(join(folder, `example_${objectNumber}.h5`)), fromH5);
      for (let j = 0; j < columns; j++) {
        if (!Object.is(fromCif[j], fromH5[j])) {
          throw new Error(
            `object ${objectNumber}, ${pipeline.columnNames(6)[j]}: ${fromCif[j]} vs ${fromH5[j]}`,
          );
        }
        compared++;
      }
    }
    expect(compared).toBe(4 * columns);
  });

  it("writes identical bytes when run again, and gzip files with the same cells", async () => {
    const before = readFileSync(join(folder, "example_7.h5"));
    await importCifCli(
      EXAMPLE_CIF,
      "--experiment",
      "Experiment_1",
      "--donor",
      "Donor_1",
      "--condition",
      "+SEA",
      "-o",
      data,
      "-q",
    );
    expect(readFileSync(join(folder, "example_7.h5"))).toEqual(before);
    const zipped = join(work, "zipped");
    const stderr = await importCifCli(
      EXAMPLE_CIF,
      "--experiment",
      "E",
      "--donor",
      "D",
      "--condition",
      "K",
      "-o",
      zipped,
      "--name",
      "run_2016",
      "--gzip",
      "-q",
    );
    expect(stderr).toBe("");
    const path = join(zipped, "E", "D", "K", "run_2016_7.h5");
    expect(statSync(path).size).toBeLessThan(before.length);
    const a = readCellSync(path);
    const b = readCellSync(join(folder, "example_7.h5"));
    expect(a.image.map((p) => [...p])).toEqual(b.image.map((p) => [...p]));
  });

  it("prints help naming every option", () => {
    const program = new Command("scifai");
    registerImportCifCommand(program);
    const help = program.commands[0].helpInformation();
    for (const option of [
      "--experiment",
      "--donor",
      "--condition",
      "--output",
      "--name",
      "--gzip",
      "--quiet",
    ]) {
      expect(help).toContain(option);
    }
    expect(help).toContain("Usage: scifai import-cif [options] <file>");
  });

  it("refuses bad usage", async () => {
    const base = ["--experiment", "E", "--donor", "D", "-o", join(work, "usage")];
    await expect(importCifCli(EXAMPLE_CIF, ...base)).rejects.toBeInstanceOf(CommanderError); // no --condition
    await expect(importCifCli(EXAMPLE_CIF, ...base, "--condition", "a/b")).rejects.toThrow(
      new UsageError("invalid condition 'a/b': expected a name without '/' or '\\'"),
    );
    await expect(importCifCli(EXAMPLE_CIF, ...base, "--condition", "..")).rejects.toBeInstanceOf(UsageError);
    await expect(importCifCli("run.daf", ...base, "--condition", "K")).rejects.toThrow(
      /run\.daf: a \.daf file/,
    );
  });

  it("fails with one line naming the file when it is not a readable .cif", async () => {
    const missing = join(work, "missing.cif");
    const args = ["--experiment", "E", "--donor", "D", "--condition", "K", "-o", join(work, "x"), "-q"];
    await expect(importCifCli(missing, ...args)).rejects.toThrow(
      new CellReadError(missing, "not-found", "file not found"),
    );
    const text = join(work, "text.cif");
    writeFileSync(text, "not a tiff");
    await expect(importCifCli(text, ...args)).rejects.toThrow(
      `${text}: not a readable .cif file: not a TIFF file`,
    );
  });

  it("writes the objects before the damage of a truncated file, then fails naming the file and object", async () => {
    const bytes = new Uint8Array(readFileSync(EXAMPLE_CIF));
    const directories = rawDirectories(bytes);
    const cut = objectDirectories(directories, 50)[0].value.get(273)! + 10;
    const truncated = join(work, "truncated.cif");
    writeFileSync(truncated, bytes.subarray(0, cut));
    const out = join(work, "damaged");
    const error = await importCifCli(
      truncated,
      "--experiment",
      "E",
      "--donor",
      "D",
      "--condition",
      "K",
      "-o",
      out,
    ).then(
      () => null,
      (caught: Error) => caught,
    );
    expect(error?.message).toMatch(
      new RegExp(
        `^${truncated.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: 1 object\\(s\\) could not be read \\(50; object 50: truncated`,
      ),
    );
    expect(error?.message).toContain("50 cells written to");
    expect(error?.message.includes("\n")).toBe(false);
    expect(readdirSync(join(out, "E", "D", "K")).length).toBe(50);
  });
});
