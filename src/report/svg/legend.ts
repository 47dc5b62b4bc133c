/**
 * Legends as measured blocks: a chart asks a legend for its size, reserves the room, then renders
 * it at the position it chose. Colour bars are drawn as thin rectangles rather than a gradient so
 * they need no `id` (ids clash when several charts are inlined in one HTML page).
 */

import { AXIS_COLOR } from "./colors.js";
import { element, titledGroup } from "./svgBuilder.js";
import { textLabel } from "./textLabel.js";
import { maxTextWidth, truncateToWidth, wrapText } from "./textMetrics.js";

/** A legend (or any block) with a known size, rendered at a top-left corner chosen later. */
export interface LegendBlock {
  width: number;
  height: number;
  render(x: number, y: number): string;
}

/** One entry of a categorical legend. */
export interface LegendEntry {
  label: string;
  color: string;
  /** Swatch shape (default "square"): match the marks (points → circle, lines → line). */
  shape?: "square" | "circle" | "line";
}

/** Options of {@link categoricalLegend}. */
export interface CategoricalLegendOptions {
  title?: string;
  fontSize?: number;
  /** Labels longer than this (px) are cut with "…", the full label kept as a tooltip (default 160). */
  maxLabelWidth?: number;
}

const SWATCH = 10;
const SWATCH_GAP = 6;

/** A vertical list of colour swatches with labels (an empty block when there are no entries). */
export function categoricalLegend(
  entries: readonly LegendEntry[],
  options: CategoricalLegendOptions = {},
): LegendBlock {
  if (entries.length === 0) return { width: 0, height: 0, render: () => "" };
  const fontSize = options.fontSize ?? 11;
  const maxLabelWidth = options.maxLabelWidth ?? 160;
  const rowHeight = Math.max(SWATCH, fontSize) + 5;
  const labelWidth = Math.min(
    maxLabelWidth,
    maxTextWidth(
      entries.map((entry) => entry.label),
      { fontSize },
    ),
  );
  const titleStyle = { fontSize, bold: true };
  const titleText = options.title
    ? truncateToWidth(options.title, Math.max(SWATCH + SWATCH_GAP + labelWidth, 80), titleStyle)
    : undefined;
  const titleHeight = titleText ? fontSize + 6 : 0;
  const width = Math.max(
    SWATCH + SWATCH_GAP + labelWidth,
    titleText ? maxTextWidth([titleText.text], titleStyle) : 0,
  );
  const height = titleHeight + entries.length * rowHeight;
  return {
    width,
    height,
    render: (x, y) => {
      const parts: string[] = [];
      if (options.title)
        parts.push(
          textLabel({
            text: options.title,
            x,
            y,
            fontSize,
            bold: true,
            verticalAlign: "top",
            maxWidth: width,
          }),
        );
      entries.forEach((entry, i) => {
        const middle = y + titleHeight + i * rowHeight + rowHeight / 2;
        const swatch =
          entry.shape === "circle"
            ? element("circle", { cx: x + SWATCH / 2, cy: middle, r: SWATCH / 2 - 0.5, fill: entry.color })
            : entry.shape === "line"
              ? element("line", {
                  x1: x,
                  x2: x + SWATCH,
                  y1: middle,
                  y2: middle,
                  stroke: entry.color,
                  "stroke-width": 2,
                })
              : element("rect", {
                  x,
                  y: middle - SWATCH / 2,
                  width: SWATCH,
                  height: SWATCH,
                  fill: entry.color,
                });
        const label = textLabel({
          text: entry.label,
          x: x + SWATCH + SWATCH_GAP,
          y: middle,
          fontSize,
          verticalAlign: "middle",
          maxWidth: maxLabelWidth,
          fill: AXIS_COLOR,
        });
        parts.push(element("g", { class: "legend-entry" }, [swatch, label]));
      });
      return element("g", { class: "legend" }, parts);
    },
  };
}

/** A labelled position on a colour bar: t ∈ [0, 1] from the low end. */
export interface ColorBarTick {
  t: number;
  label: string;
}

/** Options of {@link colorBarLegend}. */
export interface ColorBarOptions {
  /** Colour at t ∈ [0, 1] (0 = low end, drawn at the bottom). */
  color: (t: number) => string;
  title?: string;
  /** Labels at the ends (e.g. "Low" / "High"); drawn beside the bar. */
  lowLabel?: string;
  highLabel?: string;
  /** Labels at intermediate positions. */
  ticks?: readonly ColorBarTick[];
  /** Bar length in px (default 120) and thickness (default 10). */
  length?: number;
  thickness?: number;
  fontSize?: number;
  /** Title lines are wrapped to this width (default 100 px, at most 3 lines). */
  maxTitleWidth?: number;
}

// Slices per bar: enough that no banding is visible at 120–300 px.
const COLOR_BAR_SLICES = 64;

/** A vertical colour bar, high end on top, with end labels, tick labels and a wrapped title. */
export function colorBarLegend(options: ColorBarOptions): LegendBlock {
  const fontSize = options.fontSize ?? 11;
  const length = options.length ?? 120;
  const thickness = options.thickness ?? 10;
  const titleLines = options.title
    ? wrapText(options.title, options.maxTitleWidth ?? 100, { fontSize, bold: true }, 3)
    : [];
  const titleHeight = titleLines.length > 0 ? titleLines.length * (fontSize + 2) + 6 : 0;
  const tickLabels = [
    ...(options.ticks ?? []).map((tick) => tick.label),
    options.lowLabel ?? "",
    options.highLabel ?? "",
  ];
  const labelWidth = maxTextWidth(tickLabels, { fontSize });
  const width = Math.max(thickness + 4 + labelWidth, maxTextWidth(titleLines, { fontSize, bold: true }));
  // Half a line above and below the bar so the end labels are not clipped.
  const height = titleHeight + length + fontSize;
  return {
    width,
    height,
    render: (x, y) => {
      const parts: string[] = [];
      const titleMarks = titleLines.map((line, i) =>
        textLabel({ text: line, x, y: y + i * (fontSize + 2), fontSize, bold: true, verticalAlign: "top" }),
      );
      // A title cut by the wrap keeps its full text as a tooltip.
      const whole = titleLines.join(" ") === (options.title ?? "").trim().split(/\s+/).join(" ");
      parts.push(whole ? titleMarks.join("") : titledGroup(options.title ?? "", titleMarks));
      const top = y + titleHeight + fontSize / 2;
      const slice = length / COLOR_BAR_SLICES;
      const slices: string[] = [];
      for (let i = 0; i < COLOR_BAR_SLICES; i++) {
        const t = (i + 0.5) / COLOR_BAR_SLICES;
        // Overlap by half a pixel so anti-aliasing leaves no hairline gaps between slices.
        slices.push(
          element("rect", {
            x,
            y: top + length - (i + 1) * slice,
            width: thickness,
            height: slice + 0.5,
            fill: options.color(t),
          }),
        );
      }
      const range = [options.lowLabel, options.highLabel].filter(Boolean).join(" → ");
      parts.push(
        titledGroup(range ? `${options.title ?? "Colour"}: ${range}` : (options.title ?? ""), slices),
      );
      parts.push(
        element("rect", {
          x,
          y: top,
          width: thickness,
          height: length,
          fill: "none",
          stroke: AXIS_COLOR,
          "stroke-width": 0.5,
        }),
      );
      const labelX = x + thickness + 4;
      const label = (text: string | undefined, at: number) =>
        text
          ? textLabel({ text, x: labelX, y: at, fontSize, verticalAlign: "middle", fill: AXIS_COLOR })
          : "";
      parts.push(label(options.highLabel, top));
      parts.push(label(options.lowLabel, top + length));
      for (const tick of options.ticks ?? []) {
        const at = top + length * (1 - Math.min(1, Math.max(0, tick.t)));
        parts.push(
          element("line", { x1: x + thickness - 3, x2: x + thickness, y1: at, y2: at, stroke: AXIS_COLOR }),
        );
        parts.push(label(tick.label, at));
      }
      return element("g", { class: "legend color-bar" }, parts);
    },
  };
}
