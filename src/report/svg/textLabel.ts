/**
 * Text marks. Vertical alignment is done by moving the baseline ourselves (no `dominant-baseline`,
 * which PowerPoint and Illustrator ignore); a label cut to fit keeps its full text in a `<title>`.
 */

import { element, textElement, titledGroup } from "./svgBuilder.js";
import { truncateToWidth } from "./textMetrics.js";

/** Where `y` sits relative to the text: its vertical middle, its top, or its baseline. */
export type VerticalAlign = "middle" | "top" | "baseline";

/** Options of {@link textLabel}. */
export interface TextLabelOptions {
  x: number;
  y: number;
  text: string;
  fontSize: number;
  /** SVG text-anchor (default "start"). */
  anchor?: "start" | "middle" | "end";
  verticalAlign?: VerticalAlign;
  bold?: boolean;
  fill?: string;
  /** Truncate with "…" beyond this width (px), keeping the full text as a tooltip. */
  maxWidth?: number;
  /** Rotation in degrees around (x, y) (negative = counter-clockwise, as SVG). */
  rotate?: number;
  /** Tooltip text (default: the full text when truncated, else none). */
  title?: string;
  /** Extra attributes (e.g. "font-style"). */
  attributes?: Record<string, string | number>;
}

// Offsets from the wanted y to the baseline, in em: Helvetica's cap height is 0.72 em and its
// lowercase x-height 0.52 em, so the optical middle of mixed text sits about 0.35 em above the baseline.
const BASELINE_SHIFT: Record<VerticalAlign, number> = { middle: 0.35, top: 0.75, baseline: 0 };

/** Baseline y of text whose `align` point is at `y`. */
export function baselineY(y: number, fontSize: number, align: VerticalAlign): number {
  return y + BASELINE_SHIFT[align] * fontSize;
}

/** A `<text>` element, truncated to `maxWidth` with the full text as tooltip; "" for empty text. */
export function textLabel(options: TextLabelOptions): string {
  if (options.text === "") return "";
  const { x, fontSize } = options;
  const style = { fontSize, bold: options.bold };
  const fitted =
    options.maxWidth === undefined
      ? { text: options.text, truncated: false }
      : truncateToWidth(options.text, options.maxWidth, style);
  const y = baselineY(options.y, fontSize, options.verticalAlign ?? "baseline");
  const rotation = options.rotate
    ? `rotate(${round(options.rotate)} ${round(x)} ${round(options.y)})`
    : undefined;
  const text = textElement(
    "text",
    {
      x,
      y,
      "font-size": fontSize,
      "font-weight": options.bold ? "bold" : undefined,
      "text-anchor": options.anchor && options.anchor !== "start" ? options.anchor : undefined,
      fill: options.fill,
      transform: rotation,
      ...options.attributes,
    },
    fitted.text,
  );
  const title = options.title ?? (fitted.truncated ? options.text : "");
  return title === "" ? text : titledGroup(title, text);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Several lines of text starting at `y` (the first line's top), `lineHeight` px apart. */
export function textLines(
  lines: readonly string[],
  options: Omit<TextLabelOptions, "text" | "verticalAlign" | "maxWidth"> & { lineHeight: number },
): string {
  return element(
    "g",
    {},
    lines.map((line, i) =>
      textLabel({ ...options, text: line, y: options.y + i * options.lineHeight, verticalAlign: "top" }),
    ),
  );
}
