/**
 * Point estimates with error bars, one row per category, e.g. macro F1 per channel combination with
 * its spread over seeds; several groups (models) are dodged within a row and coloured. Rows are
 * sorted by their mean so the ranking reads top to bottom; each replicate is drawn faintly behind
 * its mean so a reader sees how many there are and how they scatter.
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
import { AXIS_COLOR, categoricalColors } from "./colors.js";
import { chartDomain } from "./dataExtent.js";
import { categoricalLegend } from "./legend.js";
import { linearScale } from "./linearScale.js";
import { countOf, formatNumber } from "./numberFormat.js";
import { finiteMean, finiteStandardDeviation, finiteValues } from "./summaryStatistics.js";
import { element, pathData, titledGroup } from "./svgBuilder.js";
import { textLabel } from "./textLabel.js";
import { maxTextWidth } from "./textMetrics.js";

/** Replicate values of one (category, group) pair. */
export interface PointDatum {
  /** Row label, e.g. "BF+F-Actin+CD3". */
  category: string;
  /** Colour group, e.g. the model (default: one group). */
  group?: string;
  /** Replicates (e.g. one per seed); NaN/±∞ are skipped and counted. */
  values: ArrayLike<number>;
}

/** Input of {@link groupedPointChart}. */
export interface GroupedPointData {
  points: readonly PointDatum[];
}

/** Options of {@link groupedPointChart}. */
export interface GroupedPointOptions extends ChartOptions {
  /** Error bar: sample "sd" (default), "sem" (sd / √n), "range" (min–max) or "none". */
  errorBar?: "sd" | "sem" | "range" | "none";
  /** Row order by the category's mean over all its values (default "descending"; "none" = input order). */
  sort?: "descending" | "ascending" | "none";
  /** x-axis title (default "Value"). */
  xLabel?: string;
  /** Fixed x domain, e.g. [0, 1] for scores (default: fitted to the data). */
  domain?: readonly [number, number];
  /** Draw every replicate faintly (default true). */
  showReplicates?: boolean;
  /** Print "mean ± error (n)" at the right of each row (default true). */
  showValues?: boolean;
  /** Longer labels are cut with "…" (full label as tooltip); default 240 px. */
  maxLabelWidth?: number;
  /** Row height in px (default 22, more with several groups). */
  rowHeight?: number;
  /** Legend title for several groups (default none). */
  legendTitle?: string;
}

const DEFAULT_TITLE = "Scores";

interface Estimate {
  category: string;
  group: string;
  values: Float64Array;
  mean: number;
  low: number;
  high: number;
  error: number;
}

/**
 * The point-and-error-bar chart as an SVG string. Pairs without a finite value are left out and
 * counted; no finite value at all gives a "No data" chart; a repeated (category, group) pair throws.
 */
export function groupedPointChart(data: GroupedPointData, options: GroupedPointOptions = {}): string {
  const errorBar = options.errorBar ?? "sd";
  let nonFinite = 0;
  let emptyPairs = 0;
  const categories: string[] = [];
  const groups: string[] = [];
  const estimates: Estimate[] = [];
  const byPair = new Map<string, Estimate>();
  for (const point of data.points) {
    const values = finiteValues(point.values);
    nonFinite += point.values.length - values.length;
    if (values.length === 0) {
      emptyPairs++;
      continue;
    }
    const group = point.group ?? "";
    if (!categories.includes(point.category)) categories.push(point.category);
    if (!groups.includes(group)) groups.push(group);
    const mean = finiteMean(values);
    const sd = finiteStandardDeviation(values);
    let low = mean;
    let high = mean;
    let error = 0;
    if (errorBar === "range") {
      low = values[0];
      high = values[0];
      for (const value of values) {
        low = Math.min(low, value);
        high = Math.max(high, value);
      }
    } else if (errorBar !== "none" && values.length > 1) {
      error = errorBar === "sd" ? sd : sd / Math.sqrt(values.length);
      low = mean - error;
      high = mean + error;
    }
    const key = JSON.stringify([point.category, group]);
    if (byPair.has(key))
      throw new RangeError(`duplicate entry for category "${point.category}", group "${group}"`);
    const estimate = { category: point.category, group, values, mean, low, high, error };
    byPair.set(key, estimate);
    estimates.push(estimate);
  }
  const captions = skippedCaption(nonFinite);
  if (emptyPairs > 0)
    captions.push(`${countOf(emptyPairs, "entry", "entries")} without a finite value left out.`);
  if (estimates.length === 0) return noDataChart(options, DEFAULT_TITLE, "No data", captions);
  captions.push(
    errorBar === "none"
      ? "Points: means."
      : `Points: means; bars: ${errorBar === "sd" ? "± 1 standard deviation" : errorBar === "sem" ? "± 1 standard error" : "minimum to maximum"}${options.showReplicates === false ? "" : "; faint dots: replicates"}.`,
  );
  captions.push(...(options.notes ?? []));

  const sort = options.sort ?? "descending";
  const categoryMean = new Map<string, number>();
  for (const category of categories) {
    const all = estimates.filter((e) => e.category === category).flatMap((e) => Array.from(e.values));
    categoryMean.set(category, finiteMean(all));
  }
  const order = categories.map((_, i) => i);
  if (sort !== "none")
    order.sort((a, b) => {
      const difference = categoryMean.get(categories[b])! - categoryMean.get(categories[a])!;
      return (sort === "descending" ? difference : -difference) || a - b;
    });
  const rowsShown = order.map((i) => categories[i]);

  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const e of estimates) {
    min = Math.min(min, e.low);
    max = Math.max(max, e.high);
    if (options.showReplicates === false) continue;
    for (const value of e.values) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
  }
  const colors = groups.length === 1 ? ["#0072b2"] : categoricalColors(groups.length);
  const showValues = options.showValues ?? true;
  const valueText = (e: Estimate) =>
    `${formatNumber(e.mean)}${e.error > 0 ? ` ± ${formatNumber(e.error, 2)}` : ""} (n = ${e.values.length})`;

  const width = chartWidth(options);
  const legend =
    groups.length > 1
      ? categoricalLegend(
          groups.map((g, k) => ({ label: g, color: colors[k], shape: "circle" as const })),
          { title: options.legendTitle },
        )
      : undefined;
  if (options.domain) {
    // A fixed axis may cut values off: they are drawn at its edge, and said so.
    const [lo, hi] = [Math.min(...options.domain), Math.max(...options.domain)];
    let outside = 0;
    for (const e of estimates) {
      if (e.mean < lo || e.mean > hi) outside++;
      if (options.showReplicates !== false)
        for (const value of e.values) if (value < lo || value > hi) outside++;
    }
    if (outside > 0) captions.push(`${countOf(outside, "value")} outside the axis drawn at its edge.`);
  }
  const frame = frameLayout(width, options.title ?? DEFAULT_TITLE, options.subtitle, captions);
  const maxLabelWidth = labelColumnLimit(options.maxLabelWidth ?? 240, width);
  const labelWidth = Math.min(maxLabelWidth, maxTextWidth(rowsShown, { fontSize: FONT.label }));
  const valuesWidth = showValues ? maxTextWidth(estimates.map(valueText), { fontSize: FONT.small }) + 12 : 0;
  const plotLeft = PADDING + labelWidth + 10;
  const plotRight = width - PADDING - valuesWidth - (legend ? legend.width + 16 : 0);
  const rowHeight = options.rowHeight ?? Math.max(22, groups.length * 12 + 8);
  const plotTop = frame.top + 4;
  const plotBottom = plotTop + rowsShown.length * rowHeight;
  const domain = options.domain ?? chartDomain(min, max, { padding: 0.05 });
  const x = linearScale(domain, [plotLeft, plotRight]);
  const xAxis = {
    orientation: "bottom" as const,
    offset: plotBottom,
    start: plotLeft,
    end: plotRight,
    ticks: linearAxisTicks(x, Math.max(2, Math.round((plotRight - plotLeft) / 90))),
    title: options.xLabel ?? "Value",
    gridLength: plotBottom - plotTop,
  };
  const height = chartHeight(
    options,
    Math.max(plotBottom + axisDepth(xAxis) + 8, legend ? plotTop + legend.height + 8 : 0) + frame.bottom,
  );

  const band = bandScale(rowsShown.length, [plotTop, plotBottom], { paddingInner: 0.2 });
  const body: string[] = [renderAxis(xAxis)];
  const clampX = (value: number) => Math.min(plotRight, Math.max(plotLeft, x.map(value)));
  rowsShown.forEach((category, row) => {
    const top = band.start(row);
    const sub = bandScale(groups.length, [top, top + band.bandwidth], { paddingInner: 0, paddingOuter: 0 });
    const marks: string[] = [];
    groups.forEach((group, k) => {
      const e = byPair.get(JSON.stringify([category, group]));
      if (!e) return;
      const y = sub.center(k);
      const color = colors[k];
      const parts: string[] = [];
      if (options.showReplicates ?? true)
        parts.push(
          element(
            "g",
            { fill: color, "fill-opacity": 0.35 },
            Array.from(e.values, (value) => element("circle", { cx: clampX(value), cy: y, r: 2.5 })),
          ),
        );
      if (e.high > e.low) {
        const cap = Math.min(8, sub.bandwidth * 0.6);
        const x0 = clampX(e.low);
        const x1 = clampX(e.high);
        parts.push(
          element("path", {
            d: pathData`M${x0},${y}H${x1}M${x0},${y - cap / 2}V${y + cap / 2}M${x1},${y - cap / 2}V${y + cap / 2}`,
            stroke: color,
            "stroke-width": 1.5,
            fill: "none",
          }),
        );
      }
      parts.push(
        element("circle", {
          cx: clampX(e.mean),
          cy: y,
          r: 4,
          fill: color,
          stroke: "#ffffff",
          "stroke-width": 1,
        }),
      );
      if (showValues)
        parts.push(
          textLabel({
            text: valueText(e),
            x: plotRight + 12,
            y,
            fontSize: FONT.small,
            verticalAlign: "middle",
            fill: AXIS_COLOR,
          }),
        );
      const name = group === "" ? category : `${category}, ${group}`;
      marks.push(
        titledGroup(
          `${name}: ${valueText(e)}; values ${Array.from(e.values, (v) => formatNumber(v, 4)).join(", ")}`,
          parts,
        ),
      );
    });
    body.push(
      element("g", { class: "row" }, [
        ...marks,
        textLabel({
          text: category,
          x: plotLeft - 10,
          y: top + band.bandwidth / 2,
          fontSize: FONT.label,
          anchor: "end",
          verticalAlign: "middle",
          maxWidth: maxLabelWidth,
          fill: AXIS_COLOR,
        }),
      ]),
    );
  });
  if (legend) body.push(legend.render(width - PADDING - legend.width, plotTop));
  return chartSvg(frame, height, body);
}
