/**
 * The SHAP waterfall for one cell: from the base value E[f(x)] at the bottom, each feature's
 * contribution moves the output right (red) or left (blue) until it reaches the cell's f(x) at the
 * top; the smallest contributions are pooled into one "N other features" step.
 */

import { axisDepth, linearAxisTicks, renderAxis } from "./axis.js";
import { bandScale } from "./bandScale.js";
import {
  type ChartOptions,
  chartHeight,
  chartSvg,
  chartWidth,
  FONT,
  frameLayout,
  labelColumnLimit,
  noDataChart,
  PADDING,
  skippedCaption,
} from "./chartFrame.js";
import { AXIS_COLOR, SHAP_BLUE, SHAP_RED } from "./colors.js";
import { chartDomain } from "./dataExtent.js";
import { linearScale } from "./linearScale.js";
import { formatNumber, formatSigned } from "./numberFormat.js";
import { element, pathData, titledGroup } from "./svgBuilder.js";
import { textLabel } from "./textLabel.js";
import { maxTextWidth, textWidth } from "./textMetrics.js";

/** Input of {@link waterfallPlot}: one cell's explanation. */
export interface WaterfallData {
  /** The expected model output E[f(x)] (SHAP's bias / expected value). */
  baseValue: number;
  /** One SHAP value per feature; NaN/±∞ are skipped and counted. */
  contributions: ArrayLike<number>;
  featureNames: readonly string[];
  /** The cell's feature values, printed as "name = value" (numbers with 3 significant digits). */
  featureValues?: ArrayLike<number | string>;
}

/** Options of {@link waterfallPlot}. */
export interface WaterfallOptions extends ChartOptions {
  /** Features shown individually, by decreasing |contribution| (default 10); the rest are pooled. */
  maxFeatures?: number;
  /** x-axis title (default "Model output"). */
  xLabel?: string;
  /** Longer row labels are cut with "…" (full label as tooltip); default 260 px. */
  maxLabelWidth?: number;
  /** Row height in px (default 24). */
  rowHeight?: number;
}

const DEFAULT_TITLE = "Feature contributions";

interface Step {
  label: string;
  value: number;
  /** Tooltip detail. */
  detail: string;
}

/**
 * One cell's SHAP waterfall as an SVG string: rows f(x), the top features (largest |contribution|
 * on top), "N other features", E[f(x)]; arrows coloured by sign and labelled with signed values.
 * A non-finite base value or no finite contribution gives a "No data" chart; length mismatches throw.
 */
export function waterfallPlot(data: WaterfallData, options: WaterfallOptions = {}): string {
  const { baseValue, contributions, featureNames, featureValues } = data;
  if (contributions.length !== featureNames.length)
    throw new RangeError(`${contributions.length} contributions for ${featureNames.length} feature names`);
  if (featureValues && featureValues.length !== featureNames.length)
    throw new RangeError(`${featureValues.length} feature values for ${featureNames.length} feature names`);
  const finite: number[] = [];
  let nonFinite = 0;
  for (let i = 0; i < contributions.length; i++) {
    if (Number.isFinite(contributions[i])) finite.push(i);
    else nonFinite++;
  }
  const captions = skippedCaption(nonFinite, "non-finite contribution");
  if (!Number.isFinite(baseValue))
    return noDataChart(options, DEFAULT_TITLE, "No data: the base value is not finite", captions);
  if (finite.length === 0) return noDataChart(options, DEFAULT_TITLE, "No data", captions);

  finite.sort((a, b) => Math.abs(contributions[b]) - Math.abs(contributions[a]) || a - b);
  const limit = Math.max(1, options.maxFeatures ?? 10);
  // Pooling a single feature would hide its name for nothing.
  const individual = finite.length <= limit + 1 ? finite : finite.slice(0, limit);
  const pooled = finite.slice(individual.length);
  const steps: Step[] = individual.map((i) => {
    const value = featureValues ? featureValues[i] : undefined;
    const shownValue = value === undefined ? "" : typeof value === "number" ? formatNumber(value) : value;
    const label = value === undefined ? featureNames[i] : `${featureNames[i]} = ${shownValue}`;
    return { label, value: contributions[i], detail: label };
  });
  if (pooled.length > 0) {
    let sum = 0;
    for (const i of pooled) sum += contributions[i];
    steps.push({
      label: `${pooled.length} other features`,
      value: sum,
      detail: `${pooled.length} other features (sum of their contributions)`,
    });
  }
  let output = baseValue;
  for (const step of steps) output += step.value;
  captions.push(...(options.notes ?? []));

  // Cumulative positions, walking from the base (bottom row) up to f(x) (top row).
  const starts = new Float64Array(steps.length);
  let position = baseValue;
  let min = Math.min(baseValue, output);
  let max = Math.max(baseValue, output);
  for (let k = steps.length - 1; k >= 0; k--) {
    starts[k] = position;
    position += steps[k].value;
    min = Math.min(min, position);
    max = Math.max(max, position);
  }

  const width = chartWidth(options);
  const frame = frameLayout(width, options.title ?? DEFAULT_TITLE, options.subtitle, captions);
  const maxLabelWidth = labelColumnLimit(options.maxLabelWidth ?? 260, width);
  const outputLabel = `f(x) = ${formatNumber(output)}`;
  const baseLabel = `E[f(x)] = ${formatNumber(baseValue)}`;
  const rowLabels = [outputLabel, ...steps.map((s) => s.label), baseLabel];
  const labelWidth = Math.min(maxLabelWidth, maxTextWidth(rowLabels, { fontSize: FONT.label }));
  const valueLabels = steps.map((s) => formatSigned(s.value));
  const valueRoom = maxTextWidth(valueLabels, { fontSize: FONT.small }) + 8;
  const plotLeft = PADDING + labelWidth + 12 + valueRoom;
  const plotRight = width - PADDING - valueRoom;
  const rowHeight = options.rowHeight ?? 24;
  const plotTop = frame.top + 4;
  const rows = steps.length + 2;
  const plotBottom = plotTop + rows * rowHeight;
  const x = linearScale(chartDomain(min, max, { padding: 0.02 }), [plotLeft, plotRight]);
  const xAxis = {
    orientation: "bottom" as const,
    offset: plotBottom,
    start: plotLeft,
    end: plotRight,
    ticks: linearAxisTicks(x, Math.max(2, Math.round((plotRight - plotLeft) / 90))),
    title: options.xLabel ?? "Model output",
    gridLength: plotBottom - plotTop,
  };
  const height = chartHeight(options, plotBottom + axisDepth(xAxis) + 8 + frame.bottom);
  const band = bandScale(rows, [plotTop, plotBottom], { paddingInner: 0.3 });

  const body: string[] = [renderAxis(xAxis)];
  const labelX = PADDING + labelWidth;
  const rowLabel = (text: string, row: number, bold = false) =>
    textLabel({
      text,
      x: labelX,
      y: band.center(row),
      fontSize: FONT.label,
      anchor: "end",
      verticalAlign: "middle",
      maxWidth: maxLabelWidth,
      bold,
      fill: AXIS_COLOR,
    });
  // Reference lines at f(x) and E[f(x)], dashed, through the rows they connect.
  const outputX = x.map(output);
  const baseX = x.map(baseValue);
  body.push(
    element("g", { stroke: "#888888", "stroke-width": 1, "stroke-dasharray": "3,3" }, [
      element("line", { x1: outputX, x2: outputX, y1: band.center(0), y2: band.start(1) }),
      element("line", { x1: baseX, x2: baseX, y1: band.start(rows - 2) + band.bandwidth, y2: plotBottom }),
    ]),
  );
  body.push(
    titledGroup(`Model output f(x) = ${formatNumber(output, 6)}`, [
      marker(outputX, band.center(0)),
      rowLabel(outputLabel, 0, true),
    ]),
  );
  steps.forEach((step, k) => {
    const row = k + 1;
    const from = x.map(starts[k]);
    const to = x.map(starts[k] + step.value);
    const positive = step.value >= 0;
    const color = positive ? SHAP_RED : SHAP_BLUE;
    const top = band.start(row);
    const arrow = arrowPolygon(from, to, top, band.bandwidth, color);
    const valueText = valueLabels[k];
    const inside = textWidth(valueText, { fontSize: FONT.small }) + 10 < Math.abs(to - from);
    const text = textLabel({
      text: valueText,
      x: inside ? (from + to) / 2 : positive ? to + 4 : to - 4,
      y: band.center(row),
      fontSize: FONT.small,
      anchor: inside ? "middle" : positive ? "start" : "end",
      verticalAlign: "middle",
      fill: inside ? "#ffffff" : color,
      bold: inside,
    });
    // Connector from this step's start down to the previous step's end.
    const connector =
      row < rows - 1
        ? element("line", {
            x1: from,
            x2: from,
            y1: top + band.bandwidth,
            y2: band.start(row + 1),
            stroke: "#bbbbbb",
            "stroke-width": 1,
          })
        : "";
    body.push(
      titledGroup(
        `${step.detail}: ${formatSigned(step.value, 4)} (from ${formatNumber(starts[k], 4)} to ${formatNumber(starts[k] + step.value, 4)})`,
        [arrow, text, connector, rowLabel(step.label, row)],
        { class: "step" },
      ),
    );
  });
  body.push(
    titledGroup(`Base value E[f(x)] = ${formatNumber(baseValue, 6)}`, [
      marker(baseX, band.center(rows - 1)),
      rowLabel(baseLabel, rows - 1, true),
    ]),
  );
  return chartSvg(frame, height, body);
}

/** A bar from x0 to x1 whose end is an arrow head pointing in the direction of the change. */
function arrowPolygon(x0: number, x1: number, top: number, height: number, fill: string): string {
  const direction = x1 >= x0 ? 1 : -1;
  const length = Math.abs(x1 - x0);
  const head = Math.min(height / 2, length);
  const neck = x1 - direction * head;
  const bottom = top + height;
  const middle = top + height / 2;
  return element("path", {
    d: pathData`M${x0},${top}L${neck},${top}L${x1},${middle}L${neck},${bottom}L${x0},${bottom}Z`,
    fill,
  });
}

function marker(x: number, y: number): string {
  return element("path", {
    d: pathData`M${x},${y - 5}L${x + 5},${y}L${x},${y + 5}L${x - 5},${y}Z`,
    fill: AXIS_COLOR,
  });
}
