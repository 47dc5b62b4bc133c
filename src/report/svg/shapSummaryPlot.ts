/**
 * The SHAP summary plot (beeswarm): one row per feature, the most important on top, each cell a
 * point at its SHAP value, coloured by the feature's value in that cell (blue low → red high), so a
 * reader sees both how much a feature matters and in which direction its values push the model.
 */

import { createRandom } from "../../util/random.js";
import { axisDepth, linearAxisTicks, renderAxis } from "./axis.js";
import { bandScale } from "./bandScale.js";
import { beeswarmOffsets, maxAbsOffset } from "./beeswarm.js";
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
import { AXIS_COLOR, featureValueColor, GRID_COLOR, MISSING_COLOR, SHAP_BLUE } from "./colors.js";
import { chartDomain } from "./dataExtent.js";
import { colorBarLegend } from "./legend.js";
import { linearScale } from "./linearScale.js";
import { countOf, formatCount, formatNumber } from "./numberFormat.js";
import { sortedQuantile } from "./summaryStatistics.js";
import { element, titledGroup } from "./svgBuilder.js";
import { textLabel } from "./textLabel.js";
import { maxTextWidth } from "./textMetrics.js";

/** A rows × cols row-major table of numbers (the shape of `Matrix` in src/ml/matrix.ts). */
export interface NumericMatrix {
  data: ArrayLike<number>;
  rows: number;
  cols: number;
}

/** Input of {@link shapSummaryPlot}: SHAP values and feature values, cells × features. */
export interface ShapSummaryData {
  featureNames: readonly string[];
  /** SHAP values (one output/class), cells × features; NaN/±∞ are skipped and counted. */
  shapValues: NumericMatrix;
  /** The features' values in the same cells (same shape); omit for uncoloured points. */
  featureValues?: NumericMatrix;
}

/** Options of {@link shapSummaryPlot}. */
export interface ShapSummaryOptions extends ChartOptions {
  /** Features shown, by decreasing mean |SHAP| (default 20). */
  maxFeatures?: number;
  /** Cells drawn per feature; more cells are subsampled with the seeded generator (default 1,000). */
  maxPoints?: number;
  /** Seed of the subsample (default 0). */
  seed?: number;
  /** x-axis title (default "SHAP value (impact on model output)"). */
  xLabel?: string;
  /** Height of one feature row in px (default 26). */
  rowHeight?: number;
  /** Point radius in px (default 2.2). */
  pointRadius?: number;
  /** Longer feature names are cut with "…" (full name as tooltip); default 240 px. */
  maxLabelWidth?: number;
  /** Colour-bar title (default "Feature value"). */
  colorBarTitle?: string;
}

const DEFAULT_TITLE = "SHAP summary";

/** Mean |SHAP| per feature over finite values (NaN for a feature without any) and the count of non-finite values. */
export function meanAbsoluteShap(shap: NumericMatrix): { means: Float64Array; nonFinite: number } {
  const sums = new Float64Array(shap.cols);
  const counts = new Float64Array(shap.cols);
  let nonFinite = 0;
  for (let r = 0; r < shap.rows; r++) {
    const offset = r * shap.cols;
    for (let c = 0; c < shap.cols; c++) {
      const value = shap.data[offset + c];
      if (!Number.isFinite(value)) {
        nonFinite++;
        continue;
      }
      sums[c] += Math.abs(value);
      counts[c]++;
    }
  }
  const means = sums.map((sum, c) => (counts[c] === 0 ? Number.NaN : sum / counts[c]));
  return { means, nonFinite };
}

/** Feature indices by decreasing value, NaN excluded, ties by index; at most `limit`. */
export function rankByValue(values: ArrayLike<number>, limit: number): number[] {
  const indices: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) indices.push(i);
  indices.sort((a, b) => values[b] - values[a] || a - b);
  return indices.slice(0, Math.max(0, limit));
}

/** The cells drawn: all of them, or `limit` drawn by the seeded generator, ascending. */
export function subsampleRows(rows: number, limit: number, seed: number): Uint32Array {
  if (rows <= limit) return Uint32Array.from({ length: rows }, (_, i) => i);
  return createRandom(seed).sampleIndices(rows, limit).sort();
}

function checkShape(name: string, m: NumericMatrix, rows: number, cols: number): void {
  if (m.rows !== rows || m.cols !== cols || m.data.length !== rows * cols)
    throw new RangeError(
      `${name} must be ${rows} × ${cols} (data length ${rows * cols}), got ${m.rows} × ${m.cols} (${m.data.length})`,
    );
}

/**
 * The SHAP beeswarm summary as an SVG string: top `maxFeatures` features by mean |SHAP|, points at
 * their SHAP value in a deterministic beeswarm (squeezed to the row when too dense), coloured by the
 * feature value scaled to its 5th–95th percentile (grey when missing), zero line, colour bar.
 * Empty input or no finite SHAP value gives a "No data" chart; shape mismatches throw.
 */
export function shapSummaryPlot(data: ShapSummaryData, options: ShapSummaryOptions = {}): string {
  const { shapValues: shap, featureValues, featureNames } = data;
  checkShape("shapValues", shap, shap.rows, featureNames.length);
  if (featureValues) checkShape("featureValues", featureValues, shap.rows, shap.cols);
  const { means, nonFinite } = meanAbsoluteShap(shap);
  const features = rankByValue(means, options.maxFeatures ?? 20);
  const skipped = skippedCaption(nonFinite, "non-finite SHAP value");
  if (shap.rows === 0 || features.length === 0)
    return noDataChart(options, DEFAULT_TITLE, "No data", skipped);

  const cells = subsampleRows(shap.rows, Math.max(1, options.maxPoints ?? 1000), options.seed ?? 0);
  const radius = options.pointRadius ?? 2.2;
  const rowHeight = options.rowHeight ?? 26;

  // Values of the drawn cells, row by row of the chart.
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let missingColour = 0;
  const rows = features.map((feature) => {
    const shapRow = new Float64Array(cells.length);
    const valueRow = new Float64Array(cells.length).fill(Number.NaN);
    for (let k = 0; k < cells.length; k++) {
      const at = cells[k] * shap.cols + feature;
      shapRow[k] = shap.data[at];
      if (featureValues) valueRow[k] = featureValues.data[at];
      if (Number.isFinite(shapRow[k])) {
        if (shapRow[k] < min) min = shapRow[k];
        if (shapRow[k] > max) max = shapRow[k];
      }
    }
    return { feature, shapRow, colour: featureValues ? normalisedColours(shapRow, valueRow) : undefined };
  });
  if (featureValues) for (const row of rows) missingColour += row.colour!.missing;

  const captions: string[] = [];
  if (means.length > features.length)
    captions.push(
      `Top ${formatCount(features.length)} of ${formatCount(means.length)} features by mean |SHAP value|.`,
    );
  if (cells.length < shap.rows)
    captions.push(
      `Showing ${formatCount(cells.length)} of ${formatCount(shap.rows)} cells per feature (seeded random subsample, seed ${options.seed ?? 0}; the same cells in every row).`,
    );
  captions.push(...skipped);
  if (missingColour > 0) captions.push(`${countOf(missingColour, "point")} in grey: feature value missing.`);
  captions.push(...(options.notes ?? []));

  const width = chartWidth(options, 760);
  const frame = frameLayout(width, options.title ?? DEFAULT_TITLE, options.subtitle, captions);
  const labelStyle = { fontSize: FONT.label };
  const maxLabelWidth = labelColumnLimit(options.maxLabelWidth ?? 240, width);
  const labelWidth = Math.min(
    maxLabelWidth,
    maxTextWidth(
      features.map((f) => featureNames[f]),
      labelStyle,
    ),
  );
  const legend = featureValues
    ? colorBarLegend({
        color: featureValueColor,
        title: options.colorBarTitle ?? "Feature value",
        lowLabel: "Low",
        highLabel: "High",
        length: Math.min(160, Math.max(60, features.length * rowHeight * 0.6)),
        maxTitleWidth: 80,
      })
    : undefined;
  const plotLeft = PADDING + labelWidth + 10;
  const plotRight = width - PADDING - (legend ? legend.width + 20 : 8);
  const plotTop = frame.top + 4;
  const plotBottom = plotTop + features.length * rowHeight;
  const x = linearScale(chartDomain(min, max, { includeZero: true, padding: 0.02 }), [plotLeft, plotRight]);
  const xAxis = {
    orientation: "bottom" as const,
    offset: plotBottom,
    start: plotLeft,
    end: plotRight,
    ticks: linearAxisTicks(x, Math.max(2, Math.round((plotRight - plotLeft) / 90))),
    title: options.xLabel ?? "SHAP value (impact on model output)",
  };
  const needed = plotBottom + axisDepth(xAxis) + 8 + frame.bottom;
  const height = chartHeight(options, Math.max(needed, legend ? plotTop + legend.height + frame.bottom : 0));

  const band = bandScale(features.length, [plotTop, plotBottom], { paddingInner: 0, paddingOuter: 0 });
  const halfRow = rowHeight * 0.45 - radius;
  const body: string[] = [];
  // Row guides behind everything, then the zero line, then points.
  body.push(
    element(
      "g",
      { stroke: GRID_COLOR, "stroke-width": 1 },
      rows.map((_, i) =>
        element("line", { x1: plotLeft, x2: plotRight, y1: band.center(i), y2: band.center(i) }),
      ),
    ),
  );
  body.push(renderAxis(xAxis));
  const zero = x.map(0);
  body.push(
    element("line", {
      x1: zero,
      x2: zero,
      y1: plotTop,
      y2: plotBottom,
      stroke: "#999999",
      "stroke-width": 1,
    }),
  );
  rows.forEach((row, i) => {
    const name = featureNames[row.feature];
    const centre = band.center(i);
    const xs = row.shapRow.map((value) => (Number.isFinite(value) ? x.map(value) : Number.NaN));
    const offsets = beeswarmOffsets(xs, radius);
    const widest = maxAbsOffset(offsets);
    const squeeze = widest > halfRow ? halfRow / widest : 1;
    const points: string[] = [];
    let drawn = 0;
    for (let k = 0; k < xs.length; k++) {
      if (!Number.isFinite(xs[k])) continue;
      drawn++;
      const fill = row.colour ? row.colour.colours[k] : SHAP_BLUE;
      points.push(element("circle", { cx: xs[k], cy: centre + offsets[k] * squeeze, r: radius, fill }));
    }
    const summary = `${name}: mean |SHAP| = ${formatNumber(means[row.feature])} (${countOf(drawn, "cell")} drawn)`;
    body.push(
      titledGroup(summary, points, { class: "feature-row", "fill-opacity": 0.85, stroke: "none" }),
      textLabel({
        text: name,
        x: plotLeft - 10,
        y: centre,
        fontSize: FONT.label,
        anchor: "end",
        verticalAlign: "middle",
        maxWidth: maxLabelWidth,
        fill: AXIS_COLOR,
      }),
    );
  });
  if (legend) body.push(legend.render(plotRight + 20, plotTop));
  return chartSvg(frame, height, body);
}

/** Point colours from feature values scaled to their 5th–95th percentile (min–max when those tie), NaN → grey. */
function normalisedColours(
  shapRow: Float64Array,
  valueRow: Float64Array,
): { colours: string[]; missing: number } {
  const finite: number[] = [];
  for (let k = 0; k < valueRow.length; k++)
    if (Number.isFinite(valueRow[k]) && Number.isFinite(shapRow[k])) finite.push(valueRow[k]);
  const sorted = Float64Array.from(finite).sort();
  let low = sortedQuantile(sorted, 0.05);
  let high = sortedQuantile(sorted, 0.95);
  if (!(high > low)) {
    low = sorted[0];
    high = sorted[sorted.length - 1];
  }
  let missing = 0;
  const colours = Array.from(valueRow, (value, k) => {
    if (!Number.isFinite(shapRow[k])) return MISSING_COLOR;
    if (!Number.isFinite(value)) {
      missing++;
      return MISSING_COLOR;
    }
    return featureValueColor(high > low ? (value - low) / (high - low) : 0.5);
  });
  return { colours, missing };
}
