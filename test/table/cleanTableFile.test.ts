import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractToFile } from "../../src/extract/extractToFile.js";
import { openTable } from "../../src/io/tableReader.js";
import { cleanTableFile } from "../../src/table/cleanTableFile.js";
import { IFC_SMALL } from "../helpers/fixtures.js";
import { pythonHas, runPython } from "../helpers/python.js";

const scratch = mkdtempSync(join(tmpdir(), "scifai-clean-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const features = join(scratch, "features.parquet");
beforeAll(async () => {
  await extractToFile({ data: IFC_SMALL, output: features, spec: { features: "readme" }, workers: 2 });
});

async function readAll(path: string) {
  const reader = await openTable(path);
  const numeric = reader.columns.numeric.map(() => [] as number[]);
  const text = reader.columns.text.map(() => [] as string[]);
  for await (const batch of reader.batches(17)) {
    batch.numeric.forEach((c, i) => {
      numeric[i].push(...c);
    });
    batch.text.forEach((c, i) => {
      text[i].push(...c);
    });
  }
  reader.close();
  return { columns: reader.columns, numeric, text };
}

describe("cleanTableFile", () => {
  it("fills NaN with 0 and drops constant and infinite columns, keeping text columns", async () => {
    const out = join(scratch, "clean.csv");
    const summary = await cleanTableFile(features, out);
    const cleaned = await readAll(out);
    expect(cleaned.columns.text).toEqual([
      "file",
      "experiment",
      "donor",
      "condition",
      "object_number",
      "set",
      "label",
    ]);
    expect(cleaned.columns.numeric).toEqual(summary.kept);
    expect(summary.kept.length + summary.dropped.length).toBe(600);
    expect(summary.dropped.some((d) => d.reason === "infinite")).toBe(true);
    for (const column of cleaned.numeric) {
      expect(column.some(Number.isNaN)).toBe(false);
      expect(new Set(column).size).toBeGreaterThan(1);
    }
    expect(readFileSync(summary.droppedPath, "utf8").split("\n")[0]).toBe("column,reason");
  });

  it("gives the same table whatever the input and output formats", async () => {
    const viaCsv = join(scratch, "clean2.csv");
    await cleanTableFile(features, viaCsv);
    const parquet = join(scratch, "clean.parquet");
    await cleanTableFile(viaCsv, parquet);
    const back = join(scratch, "clean3.csv");
    await cleanTableFile(parquet, back);
    expect(readFileSync(back, "utf8")).toBe(readFileSync(viaCsv, "utf8"));
  });

  it("treats a column that is empty in every CSV row as numeric NaN (then a constant 0)", async () => {
    const path = join(scratch, "odd.csv");
    writeFileSync(path, "file,a,b,c\nx.h5,,1,inf\ny.h5,,2,3\n");
    const summary = await cleanTableFile(path, join(scratch, "odd.clean.csv"));
    expect(summary.kept).toEqual(["b"]);
    expect(summary.dropped).toEqual([
      { name: "a", reason: "constant" },
      { name: "c", reason: "infinite" },
    ]);
  });

  it.skipIf(!pythonHas("pandas"))(
    "keeps exactly the columns pandas keeps with the README recipe",
    async () => {
      const csv = join(scratch, "raw.csv");
      await extractToFile({ data: IFC_SMALL, output: csv, spec: { features: "readme" }, workers: 2 });
      const summary = await cleanTableFile(csv, join(scratch, "ours.csv"));
      const kept = runPython(
        `import sys, pandas as pd
df = pd.read_csv(sys.argv[1], float_precision="round_trip").drop(columns=["file","experiment","donor","condition","object_number","set","label"])
df = df.fillna(0.)
print("\\n".join(df.loc[:, df.std() > 0.].columns))`,
        [csv],
      );
      expect(summary.kept).toEqual(kept.trim().split("\n"));
    },
  );
});
