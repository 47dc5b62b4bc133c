import { describe, expect, it } from "vitest";
import { categoryValue, cellTableFromColumns, requireText } from "../../src/analysis/cellTable.js";
import { pca } from "../../src/analysis/embedding/pca.js";
import { embeddingScatterData, embeddings, stratifiedSubsample } from "../../src/analysis/embeddings.js";
import { type ScatterData, scatterPlot } from "../../src/report/svg/scatterPlot.js";
import { createRandom } from "../../src/util/random.js";

/** 400 cells: 300 in ctrl, 100 in treat, three donors; features shifted by donor when `batch`. */
function cells(batch: boolean, seed = 1) {
  const random = createRandom(seed);
  const n = 400;
  const donor: string[] = [];
  const condition: string[] = [];
  const columns = Array.from({ length: 4 }, () => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    const d = i % 3;
    donor.push(`D${d + 1}`);
    condition.push(i < 300 ? "ctrl" : "treat");
    for (let j = 0; j < 4; j++) columns[j][i] = random.normal() + (batch ? 6 * (d === j % 3 ? 1 : 0) : 0);
  }
  return cellTableFromColumns({
    text: {
      experiment: donor.map(() => "E1"),
      donor,
      condition,
      predicted_class: donor.map((_, i) => (i % 2 ? "A" : "B")),
    },
    numeric: {
      f1: columns[0],
      f2: columns[1],
      f3: columns[2],
      f4: columns[3],
      constant: new Float64Array(n).fill(3),
    },
  });
}

describe("stratifiedSubsample", () => {
  it("keeps each condition's share, is seeded, and takes everything when small enough", () => {
    const table = cells(false);
    const rows = stratifiedSubsample(table, 200, "condition", 7);
    const condition = requireText(table, "condition");
    const treated = Array.from(rows).filter((r) => categoryValue(condition, r) === "treat").length;
    expect(rows).toHaveLength(200);
    expect(treated).toBe(50);
    expect(Array.from(rows)).toEqual([...rows].sort((a, b) => a - b));
    expect(new Set(rows).size).toBe(200);
    expect(Array.from(stratifiedSubsample(table, 200, "condition", 7))).toEqual(Array.from(rows));
    expect(Array.from(stratifiedSubsample(table, 200, "condition", 8))).not.toEqual(Array.from(rows));
    expect(stratifiedSubsample(table, 1000, "condition", 7)).toHaveLength(400);
    // 7 of 400 cells with shares 3:1 → 5.25 and 1.75 → largest remainder gives 5 + 2.
    const small = stratifiedSubsample(table, 7, "condition", 0);
    expect(Array.from(small).filter((r) => r >= 300)).toHaveLength(2);
    const keep = Uint8Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 1 : 0));
    expect(Array.from(stratifiedSubsample(table, 1000, "condition", 0, keep)).every((r) => r % 2 === 0)).toBe(
      true,
    );
  });
});

describe("embeddings", () => {
  it("embeds standardised features with PCA, reports constants and imputations, and colours", () => {
    const table = cells(true);
    table.numeric.get("f1")![5] = Number.NaN;
    const result = embeddings(table, {
      features: ["f1", "f2", "f3", "f4", "constant"],
      maxCells: 1000,
      umap: false,
    });
    expect(result.cells).toBe(400);
    expect(result.features).toEqual(["f1", "f2", "f3", "f4"]);
    expect(result.constantFeatures).toEqual(["constant"]);
    expect(result.imputedValues).toBe(1);
    expect(result.umap).toBeNull();
    expect(Object.keys(result.colors)).toEqual(["donor", "experiment", "condition", "predicted_class"]);
    expect(result.colors.donor.slice(0, 3)).toEqual(["D1", "D2", "D3"]);
    // PCA of the standardised matrix (NaN → mean → 0), as the PCA module computes it.
    const n = 400;
    const names = ["f1", "f2", "f3", "f4"];
    const X = new Float64Array(n * 4);
    names.forEach((name, j) => {
      const v = table.numeric.get(name)!;
      const finite = Array.from(v).filter(Number.isFinite);
      const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
      const sd = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length);
      for (let i = 0; i < n; i++) X[i * 4 + j] = Number.isFinite(v[i]) ? (v[i] - mean) / sd : 0;
    });
    const reference = pca({ data: X, rows: n, cols: 4 }, { components: 4 });
    for (let i = 0; i < n; i++) {
      expect(result.pca.x[i]).toBeCloseTo(reference.scores.data[i * 4], 10);
      expect(result.pca.y[i]).toBeCloseTo(reference.scores.data[i * 4 + 1], 10);
    }
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("measures a donor batch effect by the silhouette of donor labels", () => {
    const options = { features: ["f1", "f2", "f3", "f4"], umap: false as const };
    const batch = embeddings(cells(true), options).batchEffect!;
    const mixed = embeddings(cells(false), options).batchEffect!;
    expect(batch.statistic).toBe("silhouette");
    expect(batch.labelColumns).toEqual(["experiment", "donor"]);
    expect(batch.perLabel.map((l) => l.label)).toEqual(["E1/D1", "E1/D2", "E1/D3"]);
    expect(batch.score).toBeGreaterThan(0.5);
    expect(Math.abs(mixed.score)).toBeLessThan(0.05);
  });

  it("runs a seeded UMAP on the principal components, deterministically", () => {
    const table = cells(true);
    const options = { features: ["f1", "f2", "f3", "f4"], maxCells: 120, seed: 3, umap: { nEpochs: 50 } };
    const a = embeddings(table, options);
    const b = embeddings(table, options);
    expect(a.cells).toBe(120);
    expect(a.umap!.x).toHaveLength(120);
    expect(a.umap!.x.every(Number.isFinite)).toBe(true);
    expect(a.umap).toEqual(b.umap);
    expect(a.rows).toEqual(b.rows);
    const scatter: ScatterData = embeddingScatterData(a, "umap", "donor");
    expect(scatter.category).toEqual(a.colors.donor);
    expect(scatterPlot(scatter, { equalAspect: true })).toContain("<svg");
    expect(() => embeddingScatterData(a, "pca", "nope")).toThrow(/no colour column/);
  });

  it("refuses fewer than two varying features or fewer than three cells", () => {
    const table = cells(false);
    expect(() => embeddings(table, { features: ["f1", "constant"], umap: false })).toThrow(/two varying/);
    const keep = new Uint8Array(400);
    keep[0] = 1;
    keep[1] = 1;
    expect(() => embeddings(table, { features: ["f1", "f2"], keep, umap: false })).toThrow(
      /at least 3 cells/,
    );
  });
});
