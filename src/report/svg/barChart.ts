/**
 * Horizontal bar charts: mean |SHAP| per feature (optionally stacked by class), channel importance,
 * permutation importance with error bars. Horizontal, because feature names are long and read best
 * left of their bar.
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
import { formatCount, formatNumber } from "./numberFormat.js";
import { element, pathData, titledGroup } from "./svgBuilder.js";
import { textLabel } from "./textLabel.js";
import { maxTextWidth } from "./textMetrics.js";

/** One series of bars (one value per label). */
export interface BarSeries {
  name: string;
  /** One value per label; NaN/±∞ are skipped and counted. */
  values: ArrayLike<number>;
  /** Half-length of an error bar per label (e.g. SD over repeats); NaN or ≤ 0 draws none. */
  errors?: ArrayLike<number>;
  /** Fill colour (default from the categorical palette; a single series is blue). */
  color?: string;
}

/** Input of {@link barChart}. */
export interface BarChartData {
  labels: readonly string[];
  series: readonly BarSeries[];
}

/** Options of {@link barChart}. */
export interface BarChartOptions extends ChartOptions {
  /** Several series: "stacked" (default) or "grouped" side by side. */
  mode?: "stacked" | "grouped";
  /** Order of the bars by total: "descending" (default, largest on top), "ascending" or "none" (input order). */
  sort?: "descending" | "ascending" | "none";
  /** Bars shown, after sorting (default 30); the rest are counted in a caption. */
  maxBars?: number;
  /** x-axis title (default "Value"). */
  xLabel?: string;
  /** Print values at the bar ends (default true; stacked bars print their total). */
  showValues?: boolean;
  /** Row height in px (default 22, or 12 per series when grouped). */
  rowHeight?: number;
  /** Longer labels are cut with "…" (full label as tooltip); default 240 px. */
  maxLabelWidth?: number;
  /** Legend title for several series (default none). */
  legendTitle?: string;
}

const DEFAULT_TITLE = "Bar chart";

/**
 * A horizontal bar chart as an SVG string. Several series are stacked (negative values stack to the
 * left of zero) or grouped; error bars are drawn for single and grouped series. Non-finite values are
 * skipped and counted in a caption; no label or no finite value gives a "No data" chart; a series
 * whose length differs from the labels throws.
 */
export function barChart(data: BarChartData, options: BarChartOptions = {}): string {
  const { labels, series } = data;
  for (const s of series) {
    if (s.values.length !== labels.length)
      throw new RangeError(`series "${s.name}" has ${s.values.length} values for ${labels.length} labels`);
    if (s.errors && s.errors.length !== labels.length)
      throw new RangeError(`series "${s.name}" has ${s.errors.length} errors for ${labels.length} labels`);
  }
  const stacked = series.length > 1 && (options.mode ?? "stacked") === "stacked";
  let nonFinite = 0;
  const totals = labels.map((_, i) => {
    let total = 0;
    let any = false;
    for (const s of series) {
      if (Number.isFinite(s.values[i])) {
        total += s.values[i];
        any = true;
      } else nonFinite++;
    }
    return any ? total : Number.NaN;
  });
  const captions = skippedCaption(nonFinite);
  const present = labels.map((_, i) => i).filter((i) => !Number.isNaN(totals[i]));
  if (series.length === 0 || present.length === 0)
    return noDataChart(options, DEFAULT_TITLE, "No data", captions);

  const sort = options.sort ?? "descending";
  if (sort !== "none")
    present.sort((a, b) => (sort === "descending" ? totals[b] - totals[a] : totals[a] - totals[b]) || a - b);
  const maxBars = Math.max(1, options.maxBars ?? 30);
  const shown = present.slice(0, maxBars);
  if (present.length > shown.length)
    captions.unshift(
      `Showing ${formatCount(shown.length)} of ${formatCount(present.length)} bars (${sort === "ascending" ? "smallest" : sort === "none" ? "first" : "largest"} first).`,
    );
  const hasErrors = series.some((s) => s.errors !== undefined);
  if (stacked && hasErrors) captions.push("Error bars are not drawn on stacked bars.");
  captions.push(...(options.notes ?? []));

  const colors = series.length === 1 ? ["#4e79a7"] : categoricalColors(series.length);
  const colorOf = (k: number) => series[k].color ?? colors[k];
  const showValues = options.showValues ?? true;

  // Extent of everything drawn: stacked sums, or values ± errors.
  let min = 0;
  let max = 0;
  const valueLabels = new Map<string, string>();
  for (const i of shown) {
    if (stacked) {
      let positive = 0;
      let negative = 0;
      for (const s of series) {
        const v = s.values[i];
        if (!Number.isFinite(v)) continue;
        if (v >= 0) positive += v;
        else negative += v;
      }
      min = Math.min(min, negative);
      max = Math.max(max, positive);
    } else {
      for (const s of series) {
        const v = s.values[i];
        if (!Number.isFinite(v)) continue;
        const e = errorOf(s, i);
        min = Math.min(min, v - e);
        max = Math.max(max, v + e);
      }
    }
  }
  for (const i of shown) {
    if (stacked) valueLabels.set(`${i}`, formatNumber(totals[i]));
    else
      for (let k = 0; k < series.length; k++)
        if (Number.isFinite(series[k].values[i]))
          valueLabels.set(`${i}:${k}`, formatNumber(series[k].values[i]));
  }

  const width = chartWidth(options);
  const legend =
    series.length > 1
      ? categoricalLegend(
          series.map((s, k) => ({ label: s.name, color: colorOf(k) })),
          { title: options.legendTitle },
        )
      : undefined;
  const frame = frameLayout(width, options.title ?? DEFAULT_TITLE, options.subtitle, captions);
  const maxLabelWidth = labelColumnLimit(options.maxLabelWidth ?? 240, width);
  const labelWidth = Math.min(
    maxLabelWidth,
    maxTextWidth(
      shown.map((i) => labels[i]),
      { fontSize: FONT.label },
    ),
  );
  const valueWidth = showValues ? maxTextWidth(valueLabels.values(), { fontSize: FONT.small }) + 6 : 0;
  const plotLeft = PADDING + labelWidth + 10;
  const plotRight = width - PADDING - (legend ? legend.width + 20 : 0) - valueWidth;
  const rowHeight =
    options.rowHeight ?? (stacked || series.length === 1 ? 22 : Math.max(22, 12 * series.length + 6));
  const plotTop = frame.top + 4;
  const plotBottom = plotTop + shown.length * rowHeight;
  const domain = chartDomain(min, max, { includeZero: true });
  // Room for value labels left of negative bars too.
  const x = linearScale(domain, [plotLeft + (min < 0 ? valueWidth : 0), plotRight]);
  const xAxis = {
    orientation: "bottom" as const,
    offset: plotBottom,
    start: x.range[0],
    end: x.range[1],
    ticks: linearAxisTicks(x, Math.max(2, Math.round((plotRight - plotLeft) / 90))),
    title: options.xLabel ?? "Value",
    gridLength: plotBottom - plotTop,
  };
  const height = chartHeight(
    options,
    Math.max(plotBottom + axisDepth(xAxis) + 8, legend ? plotTop + legend.height + 8 : 0) + frame.bottom,
  );

  const band = bandScale(shown.length, [plotTop, plotBottom], { paddingInner: 0.25 });
  const body: string[] = [renderAxis(xAxis)];
  const zero = x.map(0);
  const bars: string[] = [];
  const extras: string[] = [];
  shown.forEach((i, row) => {
    const label = labels[i];
    const top = band.start(row);
    if (stacked) {
      let positive = 0;
      let negative = 0;
      const segments = series.map((s, k) => {
        const v = s.values[i];
        if (!Number.isFinite(v)) return "";
        const from = v >= 0 ? positive : negative;
        const to = from + v;
        if (v >= 0) positive = to;
        else negative = to;
        return barRect(
          x.map(from),
          x.map(to),
          top,
          band.bandwidth,
          colorOf(k),
          `${label}: ${s.name} = ${formatNumber(v)}`,
        );
      });
      bars.push(titledGroup(`${label}: total ${formatNumber(totals[i])}`, segments));
      if (showValues) {
        const right = positive !== 0 || negative === 0;
        extras.push(
          valueText(
            valueLabels.get(`${i}`)!,
            right ? x.map(positive) + 4 : x.map(negative) - 4,
            top + band.bandwidth / 2,
            right,
          ),
        );
      }
    } else {
      const sub = bandScale(series.length, [top, top + band.bandwidth], {
        paddingInner: 0.1,
        paddingOuter: 0,
      });
      series.forEach((s, k) => {
        const v = s.values[i];
        if (!Number.isFinite(v)) return;
        const e = errorOf(s, i);
        const y = sub.start(k);
        const name = series.length > 1 ? `${label}: ${s.name}` : label;
        bars.push(
          barRect(
            zero,
            x.map(v),
            y,
            sub.bandwidth,
            colorOf(k),
            `${name} = ${formatNumber(v)}${e > 0 ? ` ± ${formatNumber(e)}` : ""}`,
          ),
        );
        const middle = y + sub.bandwidth / 2;
        if (e > 0)
          extras.push(errorBar(x.map(v - e), x.map(v + e), middle, Math.min(sub.bandwidth * 0.6, 8)));
        if (showValues) {
          const right = v >= 0;
          const end = right ? x.map(v + e) + 4 : x.map(v - e) - 4;
          extras.push(valueText(valueLabels.get(`${i}:${k}`)!, end, middle, right));
        }
      });
    }
    extras.push(
      textLabel({
        text: label,
        x: plotLeft - 10,
        y: top + band.bandwidth / 2,
        fontSize: FONT.label,
        anchor: "end",
        verticalAlign: "middle",
        maxWidth: maxLabelWidth,
        fill: AXIS_COLOR,
      }),
    );
  });
  body.push(element("g", { class: "bars" }, bars));
  body.push(
    element("line", {
      x1: zero,
      x2: zero,
      y1: plotTop,
      y2: plotBottom,
      stroke: AXIS_COLOR,
      "stroke-width": 1,
    }),
  );
  body.push(element("g", { class: "labels" }, extras));
  if (legend) body.push(legend.render(width - PADDING - legend.width, plotTop));
  return chartSvg(frame, height, body);
}

function errorOf(s: BarSeries, i: number): number {
  const e = s.errors ? s.errors[i] : 0;
  return Number.isFinite(e) && e > 0 ? e : 0;
}

/** A bar between two x positions (either order) with a tooltip. */
function barRect(x0: number, x1: number, y: number, height: number, fill: string, title: string): string {
  return titledGroup(
    title,
    element("rect", { x: Math.min(x0, x1), y, width: Math.abs(x1 - x0), height, fill }),
  );
}

/** A horizontal error bar with end caps. */
function errorBar(x0: number, x1: number, y: number, cap: number): string {
  return element("path", {
    d: pathData`M${x0},${y}H${x1}M${x0},${y - cap / 2}V${y + cap / 2}M${x1},${y - cap / 2}V${y + cap / 2}`,
    stroke: AXIS_COLOR,
    "stroke-width": 1,
    fill: "none",
  });
}

function valueText(text: string, x: number, y: number, right: boolean): string {
  return textLabel({
    text,
    x,
    y,
    fontSize: FONT.small,
    anchor: right ? "start" : "end",
    verticalAlign: "middle",
    fill: AXIS_COLOR,
  });
}
