/**
 * What every chart shares: options (title, size, notes), the title block at the top, captions at
 * the bottom (what was skipped or subsampled, so nothing disappears silently), the document, and
 * the "no data" chart.
 */

import { AXIS_COLOR, MUTED_TEXT_COLOR } from "./colors.js";
import { formatCount } from "./numberFormat.js";
import { svgDocument } from "./svgBuilder.js";
import { textLabel, textLines } from "./textLabel.js";
import { wrapText } from "./textMetrics.js";

/** Options every chart accepts. */
export interface ChartOptions {
  /** Chart title (each chart has a default). */
  title?: string;
  /** A smaller line under the title (e.g. model, dataset). */
  subtitle?: string;
  /** Total width in px (each chart has a default, usually 720). */
  width?: number;
  /** Total height in px (default: what the content needs). */
  height?: number;
  /** Extra caption lines printed under the chart, after the chart's own. */
  notes?: readonly string[];
}

/** Font sizes (px) shared by the charts. */
export const FONT = { title: 16, subtitle: 12, label: 11, caption: 11, small: 10 } as const;

/** Space (px) between the drawing and the edge of the image. */
export const PADDING = 12;

const TITLE_LINE = FONT.title + 4;
const SUBTITLE_LINE = FONT.subtitle + 4;
const CAPTION_LINE = FONT.caption + 4;

/** Where the title block ends and the caption block begins. */
export interface FrameLayout {
  width: number;
  titleLines: string[];
  subtitleLines: string[];
  captionLines: string[];
  /** y (px) where the chart's content may start. */
  top: number;
  /** Height (px) the captions need at the bottom, padding included. */
  bottom: number;
}

/** Lays out title (≤ 2 lines), subtitle (≤ 2 lines) and wrapped captions for a chart `width` px wide. */
export function frameLayout(
  width: number,
  title: string,
  subtitle: string | undefined,
  captions: readonly string[],
): FrameLayout {
  const textWidth = Math.max(width - 2 * PADDING, 40);
  const titleLines = wrapText(title, textWidth, { fontSize: FONT.title, bold: true }, 2);
  const subtitleLines = subtitle ? wrapText(subtitle, textWidth, { fontSize: FONT.subtitle }, 2) : [];
  const captionLines = captions.flatMap((caption) =>
    wrapText(caption, textWidth, { fontSize: FONT.caption }),
  );
  const top = PADDING + titleLines.length * TITLE_LINE + subtitleLines.length * SUBTITLE_LINE + 8;
  const bottom = PADDING + (captionLines.length > 0 ? captionLines.length * CAPTION_LINE + 6 : 0);
  return { width, titleLines, subtitleLines, captionLines, top, bottom };
}

/** The finished SVG: document, title block, `body`, captions at the bottom of a `height` px image. */
export function chartSvg(frame: FrameLayout, height: number, body: string | readonly string[]): string {
  const parts: string[] = [];
  parts.push(
    textLines(frame.titleLines, {
      x: PADDING,
      y: PADDING,
      fontSize: FONT.title,
      bold: true,
      fill: "#000000",
      lineHeight: TITLE_LINE,
    }),
  );
  if (frame.subtitleLines.length > 0)
    parts.push(
      textLines(frame.subtitleLines, {
        x: PADDING,
        y: PADDING + frame.titleLines.length * TITLE_LINE,
        fontSize: FONT.subtitle,
        fill: MUTED_TEXT_COLOR,
        lineHeight: SUBTITLE_LINE,
      }),
    );
  parts.push(...(typeof body === "string" ? [body] : body));
  if (frame.captionLines.length > 0)
    parts.push(
      textLines(frame.captionLines, {
        x: PADDING,
        y: height - PADDING - frame.captionLines.length * CAPTION_LINE + 2,
        fontSize: FONT.caption,
        fill: MUTED_TEXT_COLOR,
        lineHeight: CAPTION_LINE,
      }),
    );
  const title = frame.titleLines.join(" ");
  return svgDocument(
    {
      width: frame.width,
      height,
      title,
      description: [...frame.subtitleLines, ...frame.captionLines].join(" "),
    },
    parts,
  );
}

/** The widest a row-label column may be: `limit` px, but at most 40 % of a narrow chart (labels are cut beyond it). */
export function labelColumnLimit(limit: number, chartWidth: number): number {
  return Math.max(40, Math.min(limit, chartWidth * 0.4));
}

/** Width option, checked: a finite number ≥ 120 px, else `fallback`. */
export function chartWidth(options: ChartOptions, fallback = 720): number {
  const width = options.width;
  return width !== undefined && Number.isFinite(width) && width >= 120 ? width : fallback;
}

/** Height option when valid (finite, ≥ the minimum the content needs), else the content's height. */
export function chartHeight(options: ChartOptions, needed: number): number {
  const height = options.height;
  return height !== undefined && Number.isFinite(height) && height >= needed ? height : needed;
}

/** A chart with just its title, the message (default "No data") in the middle, and captions. */
export function noDataChart(
  options: ChartOptions,
  defaultTitle: string,
  message = "No data",
  captions: readonly string[] = [],
): string {
  const width = chartWidth(options, 480);
  const frame = frameLayout(width, options.title ?? defaultTitle, options.subtitle, [
    ...captions,
    ...(options.notes ?? []),
  ]);
  const height = chartHeight(options, Math.max(160, frame.top + frame.bottom + 80));
  const middle = frame.top + (height - frame.top - frame.bottom) / 2;
  const text = textLabel({
    text: message,
    x: width / 2,
    y: middle,
    fontSize: 14,
    anchor: "middle",
    verticalAlign: "middle",
    fill: AXIS_COLOR,
    maxWidth: width - 2 * PADDING,
  });
  return chartSvg(frame, height, text);
}

/** "3 non-finite values (NaN/±∞) skipped" style caption, or nothing when the count is 0. */
export function skippedCaption(count: number, what = "non-finite value", why = "(NaN/±∞) skipped"): string[] {
  if (count <= 0) return [];
  return [`${formatCount(count)} ${what}${count === 1 ? "" : "s"} ${why}.`];
}
