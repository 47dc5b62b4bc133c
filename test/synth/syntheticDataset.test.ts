import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readCell } from "../../src/io/cellFile.js";
import { CellReadError } from "../../src/io/cellReadError.js";
import { metadataGenerator } from "../../src/io/metadata.js";
import { SYNTH_CLASSES } from "../../src/synth/scenario.js";
import { SYNTH_TRUTH_FILE, writeSyntheticDataset } from "../../src/synth/syntheticDataset.js";

const scratch = mkdtempSync(join(tmpdir(), "scifai-synth-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function digestTree(root: string): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(name).update(readFileSync(path));
    }
  };
  walk(root);
  return hash.digest("hex");
}

describe("writeSyntheticDataset", () => {
  const a = join(scratch, "a");
  const summary = writeSyntheticDataset(a, { cells: 240, channels: 5, seed: 3, broken: 5 });

  it("is byte-identical for the same seed and differs for another", () => {
    const b = join(scratch, "b");
    writeSyntheticDataset(b, { cells: 240, channels: 5, seed: 3, broken: 5 });
    const c = join(scratch, "c");
    writeSyntheticDataset(c, { cells: 240, channels: 5, seed: 4, broken: 5 });
    expect(digestTree(b)).toBe(digestTree(a));
    expect(digestTree(c)).not.toBe(digestTree(a));
  });

  it("lays out two experiments, six donors and two conditions that the scanner reads", async () => {
    const metadata = await metadataGenerator(a);
    expect(metadata.misplaced).toEqual([]);
    expect(new Set(metadata.rows.map((r) => r.experiment))).toEqual(
      new Set(["Experiment_1", "Experiment_2"]),
    );
    expect(new Set(metadata.rows.map((r) => r.donor)).size).toBe(6);
    expect(new Set(metadata.rows.map((r) => r.condition))).toEqual(new Set(["-SEA", "+SEA"]));
    expect(metadata.rows).toHaveLength(245);
    const labeled = metadata.rows.filter((r) => r.set === "labeled");
    expect(labeled.length).toBe(summary.labeled + 1); // + the shape-mismatch broken file's label
    expect(labeled.length / 240).toBeGreaterThan(0.3);
    expect(labeled.length / 240).toBeLessThan(0.5);
  });

  it("covers every class and records the planted truth", () => {
    for (const c of SYNTH_CLASSES) expect(summary.classCounts[c]).toBeGreaterThan(0);
    expect(summary.changedClasses).toEqual(["T_cell", "T_cell_with_signaling", "Synapses_with_signaling"]);
    const truth = JSON.parse(readFileSync(join(a, SYNTH_TRUTH_FILE), "utf8"));
    expect(truth.changedClasses).toEqual(summary.changedClasses);
    expect(truth.channels).toEqual(["BF", "F-Actin", "MHCII", "CD3", "P-CD3zeta"]);
  });

  it("writes cells that look like IFC: 12-bit values, masks per channel, grey bright field", async () => {
    const metadata = await metadataGenerator(a);
    const first = metadata.rows.find((r) => r.set === "labeled" && !r.file.includes("broken"))!;
    const cell = await readCell(join(a, first.file));
    expect(cell.channels).toBe(5);
    expect(cell.height).toBeGreaterThanOrEqual(48);
    expect(cell.width).toBeGreaterThanOrEqual(60);
    for (const plane of cell.image) expect(Math.max(...plane)).toBeLessThanOrEqual(4095);
    const bf = cell.image[0];
    const corner = bf[0];
    expect(corner).toBeGreaterThan(700); // grey background
    expect(Math.min(...bf)).toBeLessThan(corner - 100); // dark cell border
    expect(cell.mask![0].some((v) => v === 1)).toBe(true);
    expect(SYNTH_CLASSES as readonly string[]).toContain(cell.label);
  });

  it("adds broken files that fail with typed errors", async () => {
    expect(summary.broken).toHaveLength(5);
    const kinds = new Set<string>();
    for (const file of summary.broken) {
      const error = await readCell(join(a, file)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CellReadError);
      kinds.add((error as CellReadError).kind);
    }
    expect(kinds).toEqual(new Set(["not-hdf5", "truncated", "no-image", "mask-shape"]));
  });

  it("writes the 8-channel panel", async () => {
    const eight = join(scratch, "eight");
    writeSyntheticDataset(eight, { cells: 12, channels: 8, seed: 1, labeledFraction: 1 });
    const metadata = await metadataGenerator(eight);
    const cell = await readCell(join(eight, metadata.rows[0].file));
    expect(cell.channels).toBe(8);
  });
});
