import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extractToFile } from "../../src/extract/extractToFile.js";
import { IFC_SMALL } from "../helpers/fixtures.js";
import { pythonHas, runPython } from "../helpers/python.js";

const scratch = mkdtempSync(join(tmpdir(), "scifai-clients-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const channelNames = ["BF", "F-Actin", "MHCII", "CD3", "P-CD3zeta"];
const csv = join(scratch, "features.csv");
beforeAll(async () => {
  await extractToFile({
    data: IFC_SMALL,
    output: csv,
    spec: { features: "readme", channelNames },
    workers: 2,
  });
});

describe.skipIf(!pythonHas("pandas"))("pandas as a client of our CSV", () => {
  for (const extension of ["csv", "csv.gz"]) {
    it(`reads .${extension} with NaN and inf, and writes back exactly our text`, async () => {
      const path = extension === "csv" ? csv : join(scratch, "features.csv.gz");
      if (extension === "csv.gz") {
        await extractToFile({
          data: IFC_SMALL,
          output: path,
          spec: { features: "readme", channelNames },
          workers: 1,
          chunkSize: 7,
        });
      }
      const echoed = join(scratch, `echo.${extension}`);
      const report = runPython(
        `import sys, numpy as np, pandas as pd
# round_trip: pandas' default float parser may be one bit off; the text we compare is exact.
df = pd.read_csv(sys.argv[1], dtype={"object_number": str, "label": str}, float_precision="round_trip")
df.to_csv(sys.argv[2], index=False)
num = df.select_dtypes("number")
print(df.shape[0], df.shape[1], int(np.isnan(num.values).sum()), int(np.isinf(num.values).sum()))`,
        [path, echoed.replace(/\.gz$/, "")],
      );
      const [rows, columns, nans, infs] = report.trim().split(" ").map(Number);
      expect([rows, columns]).toEqual([62, 607]);
      expect(nans).toBeGreaterThan(0);
      expect(infs).toBeGreaterThan(0);
      const ours =
        extension === "csv.gz" ? gunzipSync(readFileSync(path)).toString() : readFileSync(path, "utf8");
      expect(readFileSync(echoed.replace(/\.gz$/, ""), "utf8")).toBe(ours);
    });
  }
});

describe.skipIf(!pythonHas("anndata"))("anndata as a client of our .h5ad", () => {
  it("opens with obs = metadata, var = feature names, X = float32 of the same values", async () => {
    const h5ad = join(scratch, "features.h5ad");
    await extractToFile({
      data: IFC_SMALL,
      output: h5ad,
      spec: { features: "readme", channelNames },
      workers: 2,
    });
    const report = runPython(
      `import sys, json, numpy as np, pandas as pd, anndata
a = anndata.read_h5ad(sys.argv[1])
df = pd.read_csv(sys.argv[2], dtype={"object_number": str, "label": str}, float_precision="round_trip")
features = df.columns[7:]
expected = df[features].values.astype(np.float32)
same = bool(np.array_equal(a.X, expected, equal_nan=True))
print(json.dumps({"shape": list(a.shape), "dtype": str(a.X.dtype), "obs": list(a.obs.columns),
  "index_equal": a.obs_names.tolist() == df["file"].tolist(), "var_equal": a.var_names.tolist() == list(features),
  "labels_equal": a.obs["label"].tolist() == df["label"].tolist(), "X_equal": same}))`,
      [h5ad, csv],
    );
    expect(JSON.parse(report)).toEqual({
      shape: [62, 600],
      dtype: "float32",
      obs: ["experiment", "donor", "condition", "object_number", "set", "label"],
      index_equal: true,
      var_equal: true,
      labels_equal: true,
      X_equal: true,
    });
  });
});

describe("DuckDB as a client of our Parquet", () => {
  it("reads metadata as VARCHAR, features as DOUBLE, every row and value", async () => {
    const parquet = join(scratch, "features.parquet");
    await extractToFile({
      data: IFC_SMALL,
      output: parquet,
      spec: { features: "readme", channelNames },
      workers: 2,
    });
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    try {
      const types = (
        await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${parquet}')`)
      ).getRows();
      expect(types.slice(0, 7).map((r) => [r[0], r[1]])).toEqual(
        ["file", "experiment", "donor", "condition", "object_number", "set", "label"].map((n) => [
          n,
          "VARCHAR",
        ]),
      );
      expect(types.slice(7).every((r) => r[1] === "DOUBLE")).toBe(true);
      expect(types).toHaveLength(607);
      const count = (
        await connection.runAndReadAll(`SELECT count(*) FROM read_parquet('${parquet}')`)
      ).getRows()[0][0];
      expect(Number(count)).toBe(62);
      const fromCsv = await connection.runAndReadAll(
        `SELECT count(*) FROM read_parquet('${parquet}') p JOIN read_csv('${csv}', header=true, sample_size=-1, all_varchar=true) c
         ON p.file = c.file WHERE CAST(p."mask_based_area_BF" AS VARCHAR) <> c."mask_based_area_BF" AND NOT isnan(p."mask_based_area_BF")`,
      );
      expect(Number(fromCsv.getRows()[0][0])).toBe(0);
      const infinities = await connection.runAndReadAll(
        `SELECT count(*) FROM read_parquet('${parquet}') WHERE isinf("hausdorff_distance_R1_BF_R4_CD3")`,
      );
      expect(Number(infinities.getRows()[0][0])).toBeGreaterThan(0);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
