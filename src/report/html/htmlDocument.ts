/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** A figure: an SVG (inlined) or an image file/data URI, with a caption and the file users can open. */
export interface FigureBlock {
  kind: "figure";
  title: string;
  /** Inline SVG markup (from src/report/svg), or… */
  svg?: string;
  /** …an image source: a relative path or a data: URI. */
  src?: string;
  caption?: string;
  /** Relative path of the standalone file of this figure (offered as a link). */
  file?: string;
}

/** A table of values with optional per-column formatting; `file` links the full CSV. */
export interface TableBlock {
  kind: "table";
  title: string;
  columns: string[];
  rows: (string | number | null)[][];
  caption?: string;
  file?: string;
  /** Rows shown at most (the CSV has them all). */
  maxRows?: number;
}

/** A gallery of small images (e.g. cell composites per class). */
export interface GalleryBlock {
  kind: "gallery";
  title: string;
  items: { label: string; src: string; title?: string }[];
  caption?: string;
}

/** Plain paragraphs or a definition list of key facts. */
export interface TextBlock {
  kind: "text";
  title?: string;
  paragraphs?: string[];
  /** Monospaced text shown as is (aligned plain-text tables). */
  preformatted?: string;
  facts?: [string, string][];
}

/** One block of a report section. */
export type ReportBlock = FigureBlock | TableBlock | GalleryBlock | TextBlock;

/** A section of the report with an anchor in the table of contents. */
export interface ReportSection {
  id: string;
  title: string;
  intro?: string;
  blocks: ReportBlock[];
}

const STYLE = `
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#1f3a5f;color:#fff;padding:18px 32px}header h1{margin:0;font-size:24px}header p{margin:6px 0 0;opacity:.85}
nav{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:8px 32px;z-index:1;font-size:14px}
nav a{margin-right:16px;color:#1f3a5f;text-decoration:none}main{padding:8px 32px 48px;max-width:1400px}
section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;margin:20px 0;padding:8px 24px 20px}
h2{color:#1f3a5f;border-bottom:2px solid #e8eef5;padding-bottom:6px}h3{margin:18px 0 6px;font-size:16px}
figure{margin:12px 0 20px}figure svg,figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption,.caption{color:#555;font-size:13px;margin-top:4px}a.file{font-size:12px;margin-left:8px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #ddd;padding:3px 8px;text-align:right}
th{background:#f0f4f8}td:first-child,th:first-child{text-align:left}
.gallery{display:flex;flex-wrap:wrap;gap:10px}.gallery figure{margin:0;text-align:center;font-size:12px}
.gallery img{image-rendering:pixelated;width:128px;height:auto;background:#000}
dl{display:grid;grid-template-columns:max-content auto;gap:4px 16px;font-size:14px}dt{font-weight:600}dd{margin:0}
.scroll{overflow-x:auto}pre{font-size:12px;background:#f6f8fa;padding:8px;overflow-x:auto}
`;

function formatCell(value: string | number | null): string {
  if (value === null) return "";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (Number.isInteger(value)) return String(value);
    const magnitude = Math.abs(value);
    return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e6)
      ? value.toExponential(3)
      : value.toFixed(4).replace(/\.?0+$/, "");
  }
  return escapeHtml(value);
}

function renderBlock(block: ReportBlock): string {
  switch (block.kind) {
    case "figure": {
      const body = block.svg ?? `<img src="${escapeHtml(block.src ?? "")}" alt="${escapeHtml(block.title)}">`;
      const link = block.file
        ? `<a class="file" href="${escapeHtml(block.file)}">${escapeHtml(block.file)}</a>`
        : "";
      return `<figure><h3>${escapeHtml(block.title)}${link}</h3>${body}${block.caption ? `<figcaption>${escapeHtml(block.caption)}</figcaption>` : ""}</figure>`;
    }
    case "table": {
      const shown = block.rows.slice(0, block.maxRows ?? 50);
      const more =
        block.rows.length > shown.length
          ? `<p class="caption">${shown.length} of ${block.rows.length} rows shown${block.file ? "; all in the CSV" : ""}.</p>`
          : "";
      const link = block.file
        ? `<a class="file" href="${escapeHtml(block.file)}">${escapeHtml(block.file)}</a>`
        : "";
      const head = `<tr>${block.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>`;
      const body = shown
        .map((row) => `<tr>${row.map((v) => `<td>${formatCell(v)}</td>`).join("")}</tr>`)
        .join("");
      return `<h3>${escapeHtml(block.title)}${link}</h3><div class="scroll"><table>${head}${body}</table></div>${more}${block.caption ? `<p class="caption">${escapeHtml(block.caption)}</p>` : ""}`;
    }
    case "gallery":
      return `<h3>${escapeHtml(block.title)}</h3><div class="gallery">${block.items
        .map(
          (item) =>
            `<figure><img src="${escapeHtml(item.src)}" alt="${escapeHtml(item.label)}"${item.title ? ` title="${escapeHtml(item.title)}"` : ""}><figcaption>${escapeHtml(item.label)}</figcaption></figure>`,
        )
        .join("")}</div>${block.caption ? `<p class="caption">${escapeHtml(block.caption)}</p>` : ""}`;
    case "text": {
      const title = block.title ? `<h3>${escapeHtml(block.title)}</h3>` : "";
      const paragraphs = (block.paragraphs ?? []).map((p) => `<p>${escapeHtml(p)}</p>`).join("");
      const facts = block.facts?.length
        ? `<dl>${block.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("")}</dl>`
        : "";
      const preformatted = block.preformatted ? `<pre>${escapeHtml(block.preformatted)}</pre>` : "";
      return title + paragraphs + preformatted + facts;
    }
  }
}

/**
 * A self-contained HTML page (no script, no external file needed to display it; figure files are
 * only linked) with a header, a table of contents and the sections in order. All text is escaped;
 * SVG markup is inlined as given (it comes from our own SVG builder, which escapes its text).
 */
export function renderHtmlReport(
  title: string,
  subtitle: string,
  sections: readonly ReportSection[],
): string {
  const toc = sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join("");
  const body = sections
    .map(
      (s) =>
        `<section id="${escapeHtml(s.id)}"><h2>${escapeHtml(s.title)}</h2>${s.intro ? `<p>${escapeHtml(s.intro)}</p>` : ""}${s.blocks.map(renderBlock).join("\n")}</section>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p></header>
<nav>${toc}</nav><main>
${body}
</main></body></html>
`;
}
