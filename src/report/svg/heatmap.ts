/**
 * Heatmaps, first of all confusion matrices: true classes as rows, predicted classes as columns,
 * each cell coloured by its share of the row (so rare classes read as clearly as common ones) and
 * printed with its count and row percentage, in black or white, whichever reads on that colour.
 */

import { axisDepth, categoryAxisTicks, renderAxis } from "./axis.js";
import {
  type ChartOptions,
  chartHeight,
  chartSvg,
  frameLayout,
  noDataChart,
  PADDING,
  skippedCaption,
} from "./chartFrame.js";
import { divergingColor, MISSING_COLOR, readableTextColor, sequentialColor } from "./colors.js";
import { finiteExtent } from "./dataExtent.js";
import { colorBarLegend } from "./legend.js";
import { niceTicks } from "./linearScale.js";
import { formatCount, formatNumber, formatPercent, formatTick } from "./numberFormat.js";
import { element, titledGroup } from "./svgBuilder.js";
import { textLabel } from "./textLabel.js";

/** Input of {@link heatmap}: a rows × columns matrix, row-major. */
export interface HeatmapData {
  rowLabels: readonly string[];
  columnLabels: readonly string[];
  /** rowLabels.length × columnLabels.length values, row-major; NaN/±∞ cells are drawn grey and counted. */
  values: ArrayLike<number>;
}

/** Options of {@link heatmap}. */
export interface HeatmapOptions extends ChartOptions {
  /** Title of the row axis (default "True class"). */
  rowTitle?: string;
  /** Title of the column axis (default "Predicted class"). */
  columnTitle?: string;
  /**
   * "row" (default): colour = value / row total, cells print the count and row percentage (a
   * confusion matrix). "none": colour = the value on the colour domain, cells print the value.
   */
  normalize?: "row" | "none";
  /** Colour map for normalize "none": "sequential" (default, Blues) or "diverging" (blue–white–red, centred on 0). */
  colorScale?: "sequential" | "diverging";
  /** Colour domain for normalize "none" (default: the finite range; symmetric around 0 when diverging). */
  domain?: readonly [number, number];
  /** Colour-bar title (default "Row %" or "Value"). */
  colorBarTitle?: string;
  /** Cell side in px (default: fits the width, 22–64). */
  cellSize?: number;
  /** Longer class names are cut with "…" (full name as tooltip); default 160 px. */
  maxLabelWidth?: number;
  /** Degrees to rotate column labels (default −45; 0 for short labels). */
  columnLabelRotation?: number;
}

const DEFAULT_TITLE = "Confusion matrix";

/**
 * A heatmap / confusion matrix as an SVG string. Empty matrices give a "No data" chart; a values
 * array of the wrong length throws. Rows whose total is 0 print counts without percentages.
 */
export function heatmap(data: HeatmapData, options: HeatmapOptions = {}): string {
  const { rowLabels, columnLabels, values } = data;
  const rows = rowLabels.length;
  const cols = columnLabels.length;
  if (values.length !== rows * cols)
    throw new RangeError(`heatmap needs ${rows} × ${cols} = ${rows * cols} values, got ${values.length}`);
  const extent = finiteExtent(values);
  const captions = skippedCaption(extent.nonFinite, "non-finite cell", "(NaN/±∞) drawn grey");
  if (rows === 0 || cols === 0 || extent.finite === 0)
    return noDataChart(options, DEFAULT_TITLE, "No data", captions);
  const normalize = options.normalize ?? "row";
  captions.push(...(options.notes ?? []));

  const rowTotals = new Float64Array(rows);
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const value = values[r * cols + c];
      if (Number.isFinite(value)) rowTotals[r] += value;
    }
  const diverging = normalize === "none" && options.colorScale === "diverging";
  let [low, high] = options.domain ?? [extent.min, extent.max];
  if (diverging && !options.domain) {
    const bound = Math.max(Math.abs(low), Math.abs(high));
    [low, high] = [-bound, bound];
  }
  const colorOf = diverging ? divergingColor : sequentialColor;
  const shade = (value: number, r: number): number => {
    if (normalize === "row") return rowTotals[r] > 0 ? value / rowTotals[r] : 0;
    return high > low ? (value - low) / (high - low) : 0.5;
  };

  const maxLabelWidth = options.maxLabelWidth ?? 160;
  const rotation = options.columnLabelRotation ?? -45;
  const legend = colorBarLegend({
    color: colorOf,
    title: options.colorBarTitle ?? (normalize === "row" ? "Row %" : "Value"),
    ticks: colorBarTicks(normalize, low, high),
    length: 140,
    maxTitleWidth: 70,
  });
  const rowTitle = options.rowTitle ?? "True class";
  const leftAxisRoom =
    axisDepth({
      orientation: "left",
      offset: 0,
      start: 0,
      end: 0,
      ticks: categoryAxisTicks(rowLabels, () => 0),
      title: rowTitle,
      tickSize: 0,
      maxLabelWidth,
    }) + 4;
  // A given width is honoured: cells shrink to fit it (text is dropped below 22 px, tooltips stay).
  const available = (options.width ?? 0) - PADDING * 2 - leftAxisRoom - legend.width - 24;
  const fitted = options.width
    ? Math.min(64, available / cols)
    : Math.min(64, Math.max(22, 640 / Math.max(rows, cols)));
  const cell = Math.max(2, options.cellSize ?? fitted);
  const plotLeft = PADDING + leftAxisRoom;
  const plotRight = plotLeft + cols * cell;
  const width = Math.max(options.width ?? 0, plotRight + 24 + legend.width + PADDING, 320);
  const frame = frameLayout(width, options.title ?? DEFAULT_TITLE, options.subtitle, captions);
  const plotTop = frame.top + 6;
  const plotBottom = plotTop + rows * cell;
  const center = (index: number) => index * cell + cell / 2;
  const leftAxis = {
    orientation: "left" as const,
    offset: plotLeft,
    start: plotTop,
    end: plotBottom,
    ticks: categoryAxisTicks(rowLabels, (i) => plotTop + center(i)),
    title: rowTitle,
    tickSize: 0,
    line: false,
    maxLabelWidth,
  };
  const bottomAxis = {
    orientation: "bottom" as const,
    offset: plotBottom,
    start: plotLeft,
    end: plotRight,
    ticks: categoryAxisTicks(columnLabels, (i) => plotLeft + center(i)),
    title: options.columnTitle ?? "Predicted class",
    tickSize: 0,
    line: false,
    labelRotation: rotation,
    maxLabelWidth,
  };
  const height = chartHeight(
    options,
    Math.max(plotBottom + axisDepth(bottomAxis), plotTop + legend.height) + 8 + frame.bottom,
  );

  const twoLines = normalize === "row" && cell >= 40;
  const cellFont = Math.min(12, Math.max(8, cell / 4.2));
  const cells: string[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const value = values[r * cols + c];
      const x = plotLeft + c * cell;
      const y = plotTop + r * cell;
      const finite = Number.isFinite(value);
      const fill = finite ? colorOf(shade(value, r)) : MISSING_COLOR;
      const ink = readableTextColor(fill);
      const share = finite && rowTotals[r] > 0 ? value / rowTotals[r] : Number.NaN;
      let lines: string[];
      let tip: string;
      if (!finite) {
        lines = [formatNumber(value)];
        tip = `${rowLabels[r]} → ${columnLabels[c]}: ${formatNumber(value)}`;
      } else if (normalize === "row") {
        const percent = Number.isNaN(share)
          ? ""
          : formatPercent(share, share >= 0.995 || share < 0.1 ? 1 : 0);
        lines = twoLines
          ? [formatCount(value), percent].filter(Boolean)
          : [Number.isNaN(share) ? formatCount(value) : percent];
        tip = `${rowTitle} ${rowLabels[r]}, ${options.columnTitle ?? "predicted class"} ${columnLabels[c]}: ${formatCount(value)}${Number.isNaN(share) ? "" : ` (${formatPercent(share)} of row)`}`;
      } else {
        lines = [formatNumber(value)];
        tip = `${rowLabels[r]} × ${columnLabels[c]}: ${formatNumber(value, 6)}`;
      }
      const texts =
        cell >= 22
          ? lines.map((line, k) =>
              textLabel({
                text: line,
                x: x + cell / 2,
                y: y + cell / 2 + (k - (lines.length - 1) / 2) * (cellFont + 2),
                fontSize: k === 0 ? cellFont : cellFont - 1,
                bold: k === 0 && lines.length > 1,
                anchor: "middle",
                verticalAlign: "middle",
                fill: ink,
                maxWidth: cell - 4,
              }),
            )
          : [];
      cells.push(
        titledGroup(tip, [
          element("rect", { x, y, width: cell, height: cell, fill, stroke: "#ffffff", "stroke-width": 1 }),
          ...texts,
        ]),
      );
    }
  }
  const body = [
    element("g", { class: "cells" }, cells),
    renderAxis(leftAxis),
    renderAxis(bottomAxis),
    legend.render(plotRight + 24, plotTop),
  ];
  return chartSvg(frame, height, body);
}

function colorBarTicks(normalize: "row" | "none", low: number, high: number) {
  if (normalize === "row") return [0, 0.25, 0.5, 0.75, 1].map((t) => ({ t, label: formatPercent(t, 0) }));
  if (!(high > low)) return [{ t: 0.5, label: formatNumber(low) }];
  const ticks = niceTicks(low, high, 4);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : high - low;
  return ticks.map((value) => ({ t: (value - low) / (high - low), label: formatTick(value, step) }));
}
