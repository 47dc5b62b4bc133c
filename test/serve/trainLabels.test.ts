import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { labelKey, loadLabeledDataset, readLabelSidecar } from "../../src/ml/labeledDataset.js";
import { LabelSidecar } from "../../src/serve/labelSidecar.js";

const CLI = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "scifai-labels-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** 80 cells: the first 40 labelled A (small f1) or B (large f1), the rest unlabelled (-1). */
function writeTable(path: string): void {
  const lines = ["file,experiment,donor,condition,object_number,set,label,f1,f2"];
  for (let i = 0; i < 80; i++) {
    const big = i % 2 === 1;
    const label = i < 40 ? (big ? "B" : "A") : "-1";
    lines.push(`d/c_${i}.h5,E,D${i % 4},C,${i},x,${label},${big ? 10 + (i % 7) : i % 5},${(i * 7) % 11}`);
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

describe("labels from the viewer's sidecar", () => {
  const table = join(scratch, "features.csv");
  writeTable(table);
  const sidecar = new LabelSidecar(scratch);
  // Cells 40–49 gain a label; cell 0 (A) is corrected to B; cell 1 is labelled twice, the last wins.
  sidecar.append(
    Array.from({ length: 10 }, (_, k) => ({
      file: `d/c_${40 + k}.h5`,
      objectNumber: String(40 + k),
      label: k % 2 ? "B" : "A",
    })),
    "alice",
    new Date("2026-01-01T00:00:00Z"),
  );
  sidecar.append([{ file: "d/c_0.h5", objectNumber: "0", label: "B" }], "bob");
  sidecar.append([{ file: "d/c_1.h5", objectNumber: "1", label: "A" }], "bob");
  sidecar.append([{ file: "d/c_1.h5", objectNumber: "1", label: "B" }], "carol");

  it("reads the latest label of each cell", () => {
    const labels = readLabelSidecar(sidecar.path);
    expect(labels.size).toBe(12);
    expect(labels.get(labelKey("d/c_1.h5", "1"))).toBe("B");
    expect(labels.get(labelKey("d/c_0.h5", "0"))).toBe("B");
    expect(readFileSync(sidecar.path, "utf8")).toContain("d/c_40.h5,40,A,alice,2026-01-01T00:00:00.000Z");
  });

  it("overrides and adds labels by file and object number when loading a training set", async () => {
    const plain = await loadLabeledDataset(table);
    expect(plain.X.rows).toBe(40);
    const relabelled = await loadLabeledDataset(table, { labelOverrides: readLabelSidecar(sidecar.path) });
    expect(relabelled.X.rows).toBe(50);
    const objects = relabelled.text.get("object_number")!;
    const labels = relabelled.text.get("label")!;
    const labelOf = (object: string) => labels[objects.indexOf(object)];
    expect(labelOf("0")).toBe("B");
    expect(labelOf("41")).toBe("B");
    expect(labelOf("40")).toBe("A");
    expect(relabelled.y[objects.indexOf("0")]).toBe(relabelled.classes.indexOf("B"));
  });

  it("scifai train --labels trains on the sidecar's labels", () => {
    const model = join(scratch, "model.json");
    const run = spawnSync(
      process.execPath,
      [
        CLI,
        "train",
        table,
        "-o",
        model,
        "--labels",
        sidecar.path,
        "--model",
        "lr",
        "--test-size",
        "0.2",
        "--stratify",
        "label",
        "-q",
      ],
      { encoding: "utf8" },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const file = JSON.parse(readFileSync(model, "utf8"));
    const rows = file.training.rows;
    expect(rows.train + rows.validation + rows.test).toBe(50);
    // 20 A + 20 B in the table; the sidecar adds 5 A and 5 B, turns A cell 0 into B.
    expect(file.training.classCounts).toEqual({ A: 24, B: 26 });
    const missing = spawnSync(
      process.execPath,
      [CLI, "train", table, "-o", model, "--labels", join(scratch, "none.csv")],
      {
        encoding: "utf8",
      },
    );
    expect(missing.status).toBe(1);
  });
});
