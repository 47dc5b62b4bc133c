import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ExplanationManifest } from "../explain/explanationReport.js";
import { parseCsvLine, splitCsvRecords } from "../io/csvFormat.js";
import { type ReportBlock, type ReportSection, renderHtmlReport } from "./html/htmlDocument.js";

/** First rows of a CSV written in `dir`, for a table preview (the page links the whole file). */
export function csvPreview(
  dir: string,
  file: string,
  maxRows = 25,
): { columns: string[]; rows: (string | number)[][]; total: number } {
  const records = splitCsvRecords(readFileSync(join(dir, file), "utf8"));
  const columns = parseCsvLine(records[0] ?? "");
  const rows = records
    .slice(1, maxRows + 1)
    .map((record) =>
      parseCsvLine(record).map((cell) =>
        cell !== "" && /^[-+0-9.eE]+$/.test(cell) && !Number.isNaN(Number(cell)) ? Number(cell) : cell,
      ),
    );
  return { columns, rows, total: records.length - 1 };
}

/**
 * Writes `index.html` into an explanation folder: a summary of the model and of what was explained,
 * then every figure (the SVG files, shown as images) and every table (a preview with a link to the
 * CSV) of the manifest, grouped by kind. Returns the page's path.
 */
export function writeExplanationPage(manifest: ExplanationManifest, modelSource: string): string {
  const dir = manifest.outputDir;
  const figures = manifest.files.filter((f) => f.kind === "figure");
  const tables = manifest.files.filter((f) => f.kind === "table" && f.file.endsWith(".csv"));
  const summary: ReportBlock = {
    kind: "text",
    facts: [
      ["Model", `${manifest.model} (${modelSource})`],
      ["Classes", manifest.classes.join(", ")],
      ["Features", String(manifest.featureCount)],
      [
        "Cells",
        `${manifest.rows.total} in the table, ${manifest.rows.explained} explained, ${manifest.rows.labelled} labelled`,
      ],
      [
        "SHAP",
        manifest.shapMethod
          ? `${manifest.shapMethod}, ${manifest.outputSpace}`
          : "not available for this model",
      ],
      [
        "Additivity (max |bias + Σ SHAP − margin|)",
        manifest.additivityMaxError === null ? "–" : manifest.additivityMaxError.toExponential(2),
      ],
      ["Time", `${manifest.seconds.toFixed(1)} s`],
    ],
    paragraphs: manifest.notes,
  };
  const sections: ReportSection[] = [
    { id: "summary", title: "Summary", blocks: [summary] },
    {
      id: "figures",
      title: "Figures",
      intro: "Every figure is also a standalone SVG file in this folder (click the file name).",
      blocks: figures.map((f) => ({
        kind: "figure",
        title: f.title,
        src: f.file,
        caption: f.caption,
        file: f.file,
      })),
    },
    {
      id: "tables",
      title: "Tables",
      blocks: tables.map((f) => {
        const preview = csvPreview(dir, f.file);
        return {
          kind: "table",
          title: f.title,
          columns: preview.columns,
          rows: preview.rows,
          caption: f.caption,
          file: f.file,
          maxRows: 25,
        };
      }),
    },
  ];
  const files = manifest.files.filter((f) => !f.file.endsWith(".csv") && f.kind === "table");
  if (files.length > 0) {
    sections.push({
      id: "data",
      title: "Data files",
      blocks: [
        { kind: "text", facts: files.map((f) => [f.file, `${f.title}: ${f.caption}`] as [string, string]) },
      ],
    });
  }
  const path = join(dir, "index.html");
  writeFileSync(
    path,
    renderHtmlReport(
      "scifai explanation",
      `${manifest.model} model · ${manifest.classes.length} classes`,
      sections,
    ),
  );
  return path;
}
