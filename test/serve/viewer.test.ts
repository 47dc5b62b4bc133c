/// <reference lib="dom" />
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CellImageSource } from "../../src/serve/cellImages.js";
import { LABEL_SIDECAR } from "../../src/serve/labelSidecar.js";
import { type RunningViewer, startViewer } from "../../src/serve/viewerServer.js";
import { ARTIFACTS, CHROMIUM, chromiumAvailable } from "../helpers/browser.js";
import { makeViewerResults } from "./viewerFixture.js";

const SECRET = "SECRET-OUTSIDE-THE-RESULTS";
let scratch = "";
let results = "";
let data = "";
let viewer: RunningViewer;
let base = "";

/** A raw HTTP request (the path is sent exactly as given, unlike fetch which normalises `..`). */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; port?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: options.port ?? url.port,
        path,
        method: options.method ?? "GET",
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("latin1"),
            headers: res.headers,
          }),
        );
      },
    );
    req.on("error", reject);
    if (options.body !== undefined) req.end(options.body);
    else req.end();
  });
}

function post(path: string, body: unknown) {
  return raw(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

beforeAll(async () => {
  ({ scratch, data, results } = await makeViewerResults());
  // Things outside the served folders that must never leak: a file beside the results, a symlink
  // inside the results pointing at it, a symlinked directory pointing outside, and the same in the data.
  writeFileSync(join(scratch, "outside.txt"), SECRET);
  symlinkSync(join(scratch, "outside.txt"), join(results, "escape.txt"));
  symlinkSync(scratch, join(results, "escape-dir"));
  symlinkSync(join(scratch, "outside.txt"), join(data, "escape.h5"));
  viewer = await startViewer({ results, port: 0, user: "tester" });
  base = viewer.url;
}, 120_000);

afterAll(async () => {
  await viewer?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("scifai serve API", () => {
  it("serves the self-contained page and the results' metadata", async () => {
    const page = await raw("/");
    expect(page.status).toBe(200);
    expect(page.body).toContain("scifai cell viewer");
    expect(page.body).not.toMatch(/<(script|link|img)[^>]+(src|href)="(https?:)?\/\//);
    const meta = JSON.parse((await raw("/api/meta")).body);
    expect(meta.cells).toBe(500);
    expect(meta.channels.map((c: { name: string }) => c.name)).toEqual([
      "BF",
      "F-Actin",
      "MHCII",
      "CD3",
      "P-CD3zeta",
    ]);
    for (const c of meta.channels) expect(c.range[1]).toBeGreaterThan(c.range[0]);
    expect(meta.facets.predicted_class.reduce((n: number, v: { count: number }) => n + v.count, 0)).toBe(500);
    expect(meta.columns.embedding).toEqual(expect.arrayContaining(["umap_1", "umap_2", "pca_1", "pca_2"]));
    expect(meta.columns.features.length).toBeGreaterThan(300);
    expect(meta.flags).toContain("kept");
  });

  it("filters, sorts and pages the gallery consistently", async () => {
    const meta = JSON.parse((await raw("/api/meta")).body);
    const someClass = meta.facets.predicted_class[0];
    const all = JSON.parse(
      (await post("/api/cells", { filter: { predicted_class: [someClass.value] }, limit: 500 })).body,
    );
    expect(all.total).toBe(someClass.count);
    expect(all.cells.every((c: { predicted_class: string }) => c.predicted_class === someClass.value)).toBe(
      true,
    );
    const feature = meta.columns.features[3];
    const pages = [];
    for (let offset = 0; offset < 30; offset += 10)
      pages.push(
        ...JSON.parse(
          (await post("/api/cells", { sort: { column: feature, descending: true }, offset, limit: 10 })).body,
        ).cells,
      );
    const values = pages.map((c: { sort_value: number | null }) => c.sort_value ?? Number.NEGATIVE_INFINITY);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(new Set(pages.map((c: { row: number }) => c.row)).size).toBe(30);
    const confident = JSON.parse(
      (await post("/api/cells", { filter: { minConfidence: 0.9 }, limit: 500 })).body,
    );
    expect(confident.cells.every((c: { max_probability: number }) => c.max_probability >= 0.9)).toBe(true);
    const kept = JSON.parse((await post("/api/cells", { filter: { qc: "kept" } })).body).total;
    const removed = JSON.parse((await post("/api/cells", { filter: { qc: "removed" } })).body).total;
    expect(kept + removed).toBe(500);
    expect(removed).toBeGreaterThan(0);
  });

  it("filters by a scatter region the same way the embedding table does", async () => {
    const lines = readFileSync(join(results, "tables/embedding.csv"), "utf8").trim().split("\n");
    const header = lines[0].split(",");
    const ux = header.indexOf("umap_1");
    const uy = header.indexOf("umap_2");
    const points = lines.slice(1).map((l) => l.split(",").map(Number));
    const xs = points.map((p) => p[ux]).sort((a, b) => a - b);
    const ys = points.map((p) => p[uy]).sort((a, b) => a - b);
    const region = {
      x: "umap_1",
      y: "umap_2",
      x0: xs[0],
      x1: xs[Math.floor(xs.length / 2)],
      y0: ys[0],
      y1: ys[ys.length - 1],
    };
    const expected = points.filter(
      (p) => p[ux] >= region.x0 && p[ux] <= region.x1 && p[uy] >= region.y0 && p[uy] <= region.y1,
    );
    const got = JSON.parse((await post("/api/cells", { filter: { region }, limit: 500 })).body);
    expect(got.total).toBe(expected.length);
    expect(got.cells.map((c: { row: number }) => c.row).sort((a: number, b: number) => a - b)).toEqual(
      expected.map((p) => p[0]).sort((a, b) => a - b),
    );
    const scatter = JSON.parse(
      (await post("/api/scatter", { x: "umap_1", y: "umap_2", color: "predicted_class", limit: 100 })).body,
    );
    expect(scatter.points).toHaveLength(100);
    expect(scatter.total).toBe(500);
    expect(Math.max(...scatter.points.map((p: number[]) => p[3]))).toBeLessThan(scatter.categories.length);
  });

  it("renders cell images as PNG and explains a cell with probabilities that match the predictions", async () => {
    const image = await raw("/api/image?row=3&c=1:ff00ff:0:500&c=0:a0a0a0:600:1100&outline=0&scale=2");
    expect(image.status).toBe(200);
    expect(image.headers["content-type"]).toBe("image/png");
    expect(image.body.slice(1, 4)).toBe("PNG");
    const cell = JSON.parse((await raw("/api/cell?row=3")).body);
    expect(cell.prediction.object_number).toBeDefined();
    const total = cell.probabilities.reduce((n: number, p: { probability: number }) => n + p.probability, 0);
    expect(total).toBeCloseTo(1, 5);
    const shap = JSON.parse((await raw("/api/shap?row=3")).body);
    expect(shap.className).toBe(cell.prediction.predicted_class);
    expect(shap.probability).toBeCloseTo(cell.prediction.max_probability, 4);
    expect(shap.svg).toMatch(/^<svg/);
    const sum =
      shap.contributions.reduce((n: number, c: { shap: number }) => n + c.shap, 0) + shap.otherContributions;
    expect(shap.bias + sum).toBeCloseTo(shap.output, 6);
  });

  it("appends labels to the sidecar with user and time, never rewriting it", async () => {
    const first = JSON.parse(
      (await post("/api/labels", { rows: [0, 1], label: "T_cell", user: "alice" })).body,
    );
    expect(first.written).toBe(2);
    const path = join(results, LABEL_SIDECAR);
    const before = readFileSync(path, "utf8");
    expect(before.split("\n")[0]).toBe("file,object_number,label,user,time");
    expect(before).toMatch(/,T_cell,alice,\d{4}-\d\d-\d\dT/);
    await post("/api/labels", { rows: [1], label: "B_cell" });
    const after = readFileSync(path, "utf8");
    expect(after.startsWith(before)).toBe(true);
    expect(after.trim().split("\n")).toHaveLength(4);
    expect(after.trim().split("\n")[3]).toMatch(/,B_cell,tester,/);
    const tiles = JSON.parse((await post("/api/cells", { filter: { rows: [0, 1] } })).body).cells;
    expect(tiles.map((t: { user_label: string }) => t.user_label)).toEqual(["T_cell", "B_cell"]);
  });
});

describe("scifai serve security", () => {
  it("serves files under RESULTS_DIR and refuses every path-traversal attempt", async () => {
    expect((await raw("/results/summary.json")).status).toBe(200);
    for (const path of [
      "/results/../summary.json",
      "/results/../../outside.txt",
      "/results/%2e%2e/outside.txt",
      "/results/%2E%2E%2Foutside.txt",
      "/results/..%2foutside.txt",
      "/results/..%5coutside.txt",
      "/results/%2ftmp%2foutside.txt",
      `/results/${encodeURIComponent(join(scratch, "outside.txt"))}`,
      "/results/escape.txt",
      "/results/escape-dir/outside.txt",
      "/results/tables%00.csv",
      "/results/%zz",
      "/results/",
      "/results/tables",
      "//etc/passwd",
      "/../../etc/passwd",
      "/etc/passwd",
    ]) {
      const response = await raw(path);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      expect(response.body, path).not.toContain(SECRET);
      expect(response.body, path).not.toContain("root:");
      expect(response.body, path).not.toContain(scratch);
    }
  });

  it("reads cells only inside the data root, symlinks followed", () => {
    const source = new CellImageSource(data);
    for (const file of [
      "../outside.txt",
      "escape.h5",
      join(scratch, "outside.txt"),
      "../results/summary.json",
    ])
      expect(() => source.read(file, "0"), file).toThrow(/not found|cannot be read/);
  });

  it("answers malformed requests with 4xx", async () => {
    const cases: [string, Awaited<ReturnType<typeof raw>>][] = [
      ["bad json", await post("/api/cells", "{not json")],
      ["json array", await post("/api/cells", "[1,2]")],
      [
        "wrong type",
        await raw("/api/cells", { method: "POST", headers: { "content-type": "text/plain" }, body: "{}" }),
      ],
      ["huge body", await post("/api/cells", `{"filter":{"label":["${"x".repeat(2_000_000)}"]}}`)],
      ["GET on POST route", await raw("/api/cells")],
      ["unknown filter key", await post("/api/cells", { filter: { nope: 1 } })],
      ["unknown sort column", await post("/api/cells", { sort: { column: "x; DROP TABLE pred" } })],
      ["bad offset", await post("/api/cells", { offset: "ten" })],
      ["negative offset", await post("/api/cells", { offset: -1 })],
      ["huge limit", await post("/api/cells", { limit: 1e9 })],
      [
        "bad region",
        await post("/api/cells", {
          filter: { region: { x: "umap_1", y: "umap_2", x0: "a", x1: 1, y0: 0, y1: 1 } },
        }),
      ],
      ["bad facet", await post("/api/cells", { filter: { predicted_class: "T_cell" } })],
      ["row text", await raw("/api/cell?row=abc")],
      ["row negative", await raw("/api/cell?row=-1")],
      ["row fraction", await raw("/api/cell?row=1.5")],
      ["row too big", await raw("/api/cell?row=100000000")],
      ["row missing", await raw("/api/shap")],
      ["image without channels", await raw("/api/image?row=1")],
      ["image bad colour", await raw("/api/image?row=1&c=0:zzzzzz:0:1")],
      ["image bad channel", await raw("/api/image?row=1&c=9:ffffff:0:1")],
      ["image bad range", await raw("/api/image?row=1&c=0:ffffff:a:1")],
      ["image huge scale", await raw("/api/image?row=1&c=0:ffffff:0:1&scale=100")],
      ["label with comma", await post("/api/labels", { rows: [1], label: "a,b" })],
      ["label rows", await post("/api/labels", { rows: ["x"], label: "T_cell" })],
      ["label no rows", await post("/api/labels", { rows: [], label: "T_cell" })],
      ["bad user", await post("/api/labels", { rows: [1], label: "T_cell", user: "a\nb" })],
      ["unknown route", await raw("/api/nothing")],
      ["foreign Host header", await raw("/api/meta", { headers: { host: "evil.example:80" } })],
    ];
    for (const [name, response] of cases) {
      expect(response.status, name).toBeGreaterThanOrEqual(400);
      expect(response.status, name).toBeLessThan(500);
      expect(() => JSON.parse(response.body), name).not.toThrow();
    }
    expect(cases.find(([n]) => n === "huge body")![1].status).toBe(413);
    // The server is still healthy afterwards.
    expect((await raw("/api/meta")).status).toBe(200);
    const sidecar = readFileSync(join(results, LABEL_SIDECAR), "utf8");
    expect(sidecar).not.toContain("a,b");
  });

  it("requires the token on every request when one is set, and refuses other hosts without one", async () => {
    await expect(startViewer({ results, host: "0.0.0.0", port: 0 })).rejects.toThrow(/token/);
    const token = "test-token-0123456789abcdef";
    const guarded = await startViewer({ results, port: 0, token });
    try {
      const port = new URL(guarded.url).port;
      expect(guarded.url).toContain(`?token=${token}`);
      expect((await raw("/api/meta", { port })).status).toBe(401);
      expect((await raw("/api/meta?token=wrong-token-0123456789abc", { port })).status).toBe(401);
      expect((await raw("/results/summary.json", { port })).status).toBe(401);
      expect((await raw("/api/meta", { port, headers: { "x-scifai-token": token } })).status).toBe(200);
      expect((await raw("/api/meta", { port, headers: { authorization: `Bearer ${token}` } })).status).toBe(
        200,
      );
      const page = await raw(`/?token=${token}`, { port });
      expect(page.status).toBe(200);
      const cookie = String(page.headers["set-cookie"]).split(";")[0];
      expect(cookie).toBe(`scifai_token=${token}`);
      expect((await raw("/api/meta", { port, headers: { cookie } })).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});

describe.skipIf(!chromiumAvailable)("scifai serve in Chromium", () => {
  it("filters to a class, selects a region, opens a cell and relabels it", async () => {
    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
      ],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
    try {
      const page = await browser.newPage({ viewport: { width: 1500, height: 950 } });
      const consoleErrors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") consoleErrors.push(m.text());
      });
      page.on("pageerror", (e) => consoleErrors.push(String(e)));
      await page.goto(base);
      await page.waitForSelector("body[data-ready=true]");
      await page.waitForFunction(() => document.querySelectorAll("#gallery .tile img").length > 0);
      await page.screenshot({ path: `${ARTIFACTS}serve-1-gallery.png` });

      // Filter to one class.
      const meta = JSON.parse((await raw("/api/meta")).body);
      const target = meta.facets.predicted_class.reduce((a: { count: number }, b: { count: number }) =>
        b.count > a.count ? b : a,
      );
      await page.selectOption("#facet-predicted_class", target.value);
      await page.waitForFunction(
        (value) =>
          [...document.querySelectorAll("#gallery .tile b")].length > 0 &&
          [...document.querySelectorAll("#gallery .tile b")].every((b) => b.textContent === value),
        target.value,
      );
      expect(await page.textContent("#count")).toContain(`${target.count} of 500`);

      // Select a region around the middle of the scatter plot.
      await page.waitForFunction(
        () => (window as unknown as { scifaiViewer: { points: unknown[] } }).scifaiViewer.points.length > 0,
      );
      const box = (await page.locator("#scatter").boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.1, box.y + box.height * 0.05);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.5, { steps: 5 });
      await page.mouse.move(box.x + box.width * 0.6, box.y + box.height * 0.95, { steps: 5 });
      await page.mouse.up();
      await page.waitForFunction(
        () => (window as unknown as { scifaiViewer: { region: unknown } }).scifaiViewer.region !== null,
      );
      const region = await page.evaluate(
        () => (window as unknown as { scifaiViewer: { region: unknown } }).scifaiViewer.region,
      );
      const expected = JSON.parse(
        (await post("/api/cells", { filter: { predicted_class: [target.value], region }, limit: 1 })).body,
      ).total;
      expect(expected).toBeGreaterThan(0);
      expect(expected).toBeLessThan(target.count);
      await page.waitForFunction(
        (n) => document.querySelector("#count")?.textContent?.startsWith(`${n} of`),
        expected,
      );
      await page.screenshot({ path: `${ARTIFACTS}serve-2-region.png` });

      // Open the first cell of the gallery.
      const row = Number(await page.getAttribute("#gallery .tile", "data-row"));
      await page.click("#gallery .tile img");
      await page.waitForSelector("#detail:not([hidden])");
      await page.waitForSelector("#shap svg");
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>("#detailImages img")].every(
          (i) => i.complete && i.naturalWidth > 0,
        ),
      );
      expect(await page.textContent("#detailTitle")).toContain(`Cell ${row}`);
      expect(await page.locator("#probabilities .bar").count()).toBe(meta.classes.length);
      await page.screenshot({ path: `${ARTIFACTS}serve-3-detail.png`, fullPage: true });

      // Relabel it and check the sidecar.
      const newLabel = meta.classes.find((c: string) => c !== target.value);
      await page.fill("#user", "browser-user");
      await page.fill("#detailLabel", newLabel);
      await page.click("#detailLabelButton");
      await page.waitForSelector("body[data-labels-written='1']");
      const cell = JSON.parse((await raw(`/api/cell?row=${row}`)).body);
      const lines = readFileSync(join(results, LABEL_SIDECAR), "utf8").trim().split("\n");
      const last = lines.at(-1)!.split(",");
      expect(last.slice(0, 4)).toEqual([
        cell.prediction.file,
        cell.prediction.object_number,
        newLabel,
        "browser-user",
      ]);
      expect(Number.isNaN(Date.parse(last[4]))).toBe(false);
      await page.click("#closeDetail");
      await page.waitForFunction(
        (value) => document.querySelector("#gallery .tile .user")?.textContent?.includes(value),
        newLabel,
      );
      await page.screenshot({ path: `${ARTIFACTS}serve-4-relabelled.png` });
      expect(consoleErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
