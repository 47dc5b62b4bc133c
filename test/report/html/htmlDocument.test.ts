import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { escapeHtml, renderHtmlReport } from "../../../src/report/html/htmlDocument.js";
import { encodePng, pngDataUri } from "../../../src/report/image/png.js";
import { barChart } from "../../../src/report/svg/barChart.js";
import { checkPage, chromiumAvailable } from "../../helpers/browser.js";

const scratch = mkdtempSync(join(tmpdir(), "scifai-html-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const page = renderHtmlReport("A <report>", "subtitle & more", [
  {
    id: "one",
    title: "Figures",
    intro: "Intro with <b>tags</b>",
    blocks: [
      {
        kind: "figure",
        title: "Bars",
        svg: barChart({ labels: ["a", "b<c"], series: [{ name: "x", values: [1, 2] }] }),
        file: "bars.svg",
      },
      {
        kind: "table",
        title: "Numbers",
        columns: ["name", "value"],
        rows: [
          ["x<y", 0.123456],
          ["z", Number.NaN],
          ["w", 3],
        ],
        file: "t.csv",
      },
      {
        kind: "gallery",
        title: "Cells",
        items: [{ label: "cell 1", src: pngDataUri(encodePng(new Uint8Array(12).fill(200), 2, 2)) }],
      },
      { kind: "text", facts: [["cells", "62"]] },
    ],
  },
]);

describe("renderHtmlReport", () => {
  it("escapes every text and keeps the structure", () => {
    expect(escapeHtml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    expect(page).toContain("<title>A &lt;report&gt;</title>");
    expect(page).toContain("Intro with &lt;b&gt;tags&lt;/b&gt;");
    expect(page).toContain("<td>x&lt;y</td><td>0.1235</td>");
    expect(page).toContain('<a href="#one">Figures</a>');
    expect(page).not.toContain("<script");
  });

  it.skipIf(!chromiumAvailable)(
    "opens in Chromium without console errors and shows every figure",
    async () => {
      const path = join(scratch, "report.html");
      writeFileSync(path, page);
      const check = await checkPage(pathToFileURL(path).href, "html-document");
      expect(check.consoleErrors).toEqual([]);
      expect(check.brokenImages).toEqual([]);
      expect(check.emptySvgs).toBe(0);
      expect(check.images).toBe(1);
      expect(check.svgs).toBe(1);
      expect(check.title).toBe("A <report>");
    },
  );
});
