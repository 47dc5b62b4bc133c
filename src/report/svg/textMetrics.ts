/**
 * Text measurement without a DOM: advance widths of Helvetica (= Arial = Liberation Sans, which
 * share metrics) from the Adobe font metrics, per 1000 units of font size. Layout uses them to size
 * margins for long feature names and to truncate names that would not fit.
 */

// Advance widths of ASCII 32..126, regular and bold (Helvetica AFM, units per 1000 em).
// biome-ignore format: one row per 16 characters keeps the table checkable against the AFM.
const REGULAR_ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
// biome-ignore format: see above.
const BOLD_ASCII = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
  975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
  333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
  611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
];

// Symbols charts print often, with their Helvetica/Arial widths.
const SYMBOLS: Record<string, number> = {
  "…": 1000,
  "−": 584,
  "–": 556,
  "—": 1000,
  "→": 1000,
  "±": 584,
  "×": 584,
  "≥": 549,
  "≤": 549,
  µ: 556,
  "°": 400,
  "·": 278,
  "|": 260,
  "∞": 713,
  Δ: 612,
  ζ: 500,
  α: 578,
  β: 575,
  γ: 521,
};

/** Width per 1000 em of one code point (regular weight): Helvetica for ASCII, 1000 for wide East Asian and emoji, 0 for combining marks, 600 otherwise. */
export function characterWidth(codePoint: number, bold = false): number {
  if (codePoint >= 32 && codePoint <= 126) return (bold ? BOLD_ASCII : REGULAR_ASCII)[codePoint - 32];
  const symbol = SYMBOLS[String.fromCodePoint(codePoint)];
  if (symbol !== undefined) return bold ? symbol * 1.05 : symbol;
  if (codePoint < 32 || (codePoint >= 0x300 && codePoint <= 0x36f) || codePoint === 0x200b) return 0;
  if (
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd)
  )
    return 1000;
  return bold ? 640 : 600;
}

/** Options of the text measuring functions. */
export interface TextStyle {
  /** Font size in px. */
  fontSize: number;
  bold?: boolean;
}

/** Estimated advance width in px of `text` set in Helvetica at `fontSize` (0 for ""). */
export function textWidth(text: string, style: TextStyle): number {
  let units = 0;
  for (const character of text) units += characterWidth(character.codePointAt(0)!, style.bold);
  return (units * style.fontSize) / 1000;
}

/** The widest of some texts in px (0 when there are none). */
export function maxTextWidth(texts: Iterable<string>, style: TextStyle): number {
  let widest = 0;
  for (const text of texts) widest = Math.max(widest, textWidth(text, style));
  return widest;
}

/** A possibly shortened text. */
export interface FittedText {
  text: string;
  /** True when characters were cut and "…" appended. */
  truncated: boolean;
}

/**
 * `text` if it fits in `maxWidth` px, else its longest prefix (whole code points, trailing spaces
 * dropped) followed by "…" that fits; just "…" when nothing else fits.
 */
export function truncateToWidth(text: string, maxWidth: number, style: TextStyle): FittedText {
  if (textWidth(text, style) <= maxWidth) return { text, truncated: false };
  const ellipsis = (characterWidth(0x2026, style.bold) * style.fontSize) / 1000;
  const budget = maxWidth - ellipsis;
  let used = 0;
  let cut = 0;
  for (const character of text) {
    const width = (characterWidth(character.codePointAt(0)!, style.bold) * style.fontSize) / 1000;
    if (used + width > budget) break;
    used += width;
    cut += character.length;
  }
  return { text: `${text.slice(0, cut).trimEnd()}…`, truncated: true };
}

/**
 * Greedy word wrap into lines no wider than `maxWidth` px; a single word wider than the line is
 * truncated with "…"; at most `maxLines` lines (the last one ends with "…" when text was left over).
 */
export function wrapText(
  text: string,
  maxWidth: number,
  style: TextStyle,
  maxLines = Number.POSITIVE_INFINITY,
): string[] {
  const words = text.split(/\s+/).filter((word) => word !== "");
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const candidate = line === "" ? word : `${line} ${word}`;
    if (textWidth(candidate, style) <= maxWidth || line === "") {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = word;
  }
  if (line !== "") lines.push(line);
  const fitted = lines.map((entry) => truncateToWidth(entry, maxWidth, style).text);
  if (fitted.length <= maxLines) return fitted;
  const kept = fitted.slice(0, Math.max(1, maxLines));
  const last = kept.length - 1;
  kept[last] = truncateToWidth(`${kept[last].replace(/…$/, "")}…`, maxWidth, style).text;
  return kept;
}
