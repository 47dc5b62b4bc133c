/**
 * Scatter plots of many points: 2-D embeddings (UMAP, PCA) or two features, coloured by a category
 * (class, donor) or a continuous value (a feature). Big inputs are subsampled with the seeded
 * generator and said so; categorical points are drawn in a seeded random order so that no class
 * systematically hides another, continuous ones in increasing value so the high values stay visible.
 */

import { createRandom } from "../../util/random.js";
import { axisDepth, linearAxisTicks, renderAxis } from "./axis.js";
import {
  type ChartOptions,
  chartHeight,
  chartSvg,
  chartWidth,
  frameLayout,
  noDataChart,
  PADDING,
  skippedCaption,
} from "./chartFrame.js";
import { categoricalColors, divergingColor, featureValueColor, MISSING_COLOR } from "./colors.js";
import { chartDomain, finiteExtent } from "./dataExtent.js";
import { categoricalLegend, colorBarLegend, type LegendBlock } from "./legend.js";
import { linearScale } from "./linearScale.js";
import { countOf, formatCount, formatNumber } from "./numberFormat.js";
import { element, titledGroup, tooltip } from "./svgBuilder.js";

/** Input of {@link scatterPlot}: one entry per point. */
export interface ScatterData {
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Colour by category (e.g. class); mutually exclusive with `value`. */
  category?: ArrayLike<string>;
  /** Colour by a continuous value (NaN drawn grey). */
  value?: ArrayLike<number>;
  /** Per-point tooltip text (used when at most `tooltipLimit` points are drawn). */
  labels?: ArrayLike<string>;
}

/** Options of {@link scatterPlot}. */
export interface ScatterOptions extends ChartOptions {
  xLabel?: string;
  yLabel?: string;
  /** Points drawn at most; more are subsampled with the seeded generator (default 20,000). */
  maxPoints?: number;
  /** Seed of the subsample and of the categorical drawing order (default 0). */
  seed?: number;
  /** Point radius in px (default by count: 3.5 → 1.5). */
  pointRadius?: number;
  /** Category order in the legend and palette (default: sorted by code unit). */
  categoryOrder?: readonly string[];
  /** Continuous colour map: "featureValue" (SHAP blue → red, default) or "diverging" (blue–white–red centred on 0). */
  colorScale?: "featureValue" | "diverging";
  /** Legend or colour-bar title (default "Category" / "Value"). */
  colorTitle?: string;
  /** Same data units per pixel on both axes (default false; true suits embeddings). */
  equalAspect?: boolean;
  /** Per-point tooltips only up to this many points (default 2,000): they cost ~50 bytes each. */
  tooltipLimit?: number;
}

const DEFAULT_TITLE = "Scatter plot";

/**
 * A scatter plot as an SVG string. Points with a non-finite coordinate are skipped and counted;
 * none left gives a "No data" chart; arrays of different lengths throw.
 */
export function scatterPlot(data: ScatterData, options: ScatterOptions = {}): string {
  const n = data.x.length;
  for (const [name, array] of [
    ["y", data.y],
    ["category", data.category],
    ["value", data.value],
    ["labels", data.labels],
  ] as const)
    if (array && array.length !== n)
      throw new RangeError(`scatterPlot: ${name} has ${array.length} entries for ${n} points`);
  if (data.category && data.value)
    throw new RangeError("scatterPlot: colour by category or by value, not both");

  const kept: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(data.x[i]) && Number.isFinite(data.y[i])) kept.push(i);
  const captions = skippedCaption(n - kept.length, "point", "with a non-finite coordinate skipped");
  if (kept.length === 0) return noDataChart(options, DEFAULT_TITLE, "No data", captions);
  const seed = options.seed ?? 0;
  const random = createRandom(seed);
  const maxPoints = Math.max(1, options.maxPoints ?? 20_000);
  let drawn = kept;
  if (kept.length > maxPoints) {
    drawn = Array.from(random.sampleIndices(kept.length, maxPoints), (k) => kept[k]);
    captions.unshift(
      `Showing ${formatCount(maxPoints)} of ${formatCount(kept.length)} points (seeded random subsample, seed ${seed}).`,
    );
  }

  // Colours and drawing order.
  let colorOf: (i: number) => string = () => "#0072b2";
  let legend: LegendBlock | undefined;
  if (data.category) {
    const category = data.category;
    const counts = new Map<string, number>();
    for (const i of drawn) counts.set(category[i], (counts.get(category[i]) ?? 0) + 1);
    const present = [...counts.keys()];
    const order = options.categoryOrder
      ? [
          ...options.categoryOrder.filter((c) => counts.has(c)),
          ...present.filter((c) => !options.categoryOrder!.includes(c)).sort(byCodeUnit),
        ]
      : present.sort(byCodeUnit);
    const palette = categoricalColors(order.length);
    const colorByName = new Map(order.map((name, k) => [name, palette[k]]));
    colorOf = (i) => colorByName.get(category[i])!;
    if (order.length > 20) captions.push(`${order.length} categories: colours repeat.`);
    legend = categoricalLegend(
      order.map((name) => ({
        label: `${name} (${formatCount(counts.get(name)!)})`,
        color: colorByName.get(name)!,
        shape: "circle" as const,
      })),
      { title: options.colorTitle ?? "Category" },
    );
    drawn = drawn.slice().sort((a, b) => a - b);
    random.shuffle(drawn);
  } else if (data.value) {
    const value = data.value;
    const extent = finiteExtent(drawn.map((i) => value[i]));
    const diverging = options.colorScale === "diverging";
    const bound = Math.max(Math.abs(extent.min), Math.abs(extent.max));
    const [low, high] = diverging ? [-bound, bound] : [extent.min, extent.max];
    const map = diverging ? divergingColor : featureValueColor;
    colorOf = (i) =>
      Number.isFinite(value[i]) ? map(high > low ? (value[i] - low) / (high - low) : 0.5) : MISSING_COLOR;
    if (extent.nonFinite > 0)
      captions.push(`${countOf(extent.nonFinite, "point")} without a finite colour value drawn grey.`);
    legend = colorBarLegend({
      color: map,
      title: options.colorTitle ?? "Value",
      lowLabel: formatNumber(low),
      highLabel: formatNumber(high),
      length: 140,
      maxTitleWidth: 140,
    });
    // Missing first, then ascending value: the extremes end on top.
    drawn = drawn.slice().sort((a, b) => {
      const va = Number.isFinite(value[a]) ? value[a] : Number.NEGATIVE_INFINITY;
      const vb = Number.isFinite(value[b]) ? value[b] : Number.NEGATIVE_INFINITY;
      return va - vb || a - b;
    });
  }
  captions.push(...(options.notes ?? []));

  const width = chartWidth(options);
  const frame = frameLayout(width, options.title ?? DEFAULT_TITLE, options.subtitle, captions);
  const xExtent = finiteExtent(drawn.map((i) => data.x[i]));
  const yExtent = finiteExtent(drawn.map((i) => data.y[i]));
  let xDomain = chartDomain(xExtent.min, xExtent.max, { padding: 0.03 });
  let yDomain = chartDomain(yExtent.min, yExtent.max, { padding: 0.03 });
  const plotTop = frame.top + 6;
  const plotRight = width - PADDING - (legend ? legend.width + 24 : 8);
  const defaultHeight = Math.round(width * 0.72);
  const probeTicks = (domain: [number, number]) => linearAxisTicks(linearScale(domain, [0, 300]), 5);
  const yAxisDepth = axisDepth({
    orientation: "left",
    offset: 0,
    start: 0,
    end: 0,
    ticks: probeTicks(yDomain),
    title: options.yLabel ?? "y",
  });
  const plotLeft = PADDING + yAxisDepth + 4;
  const xAxisDepth = axisDepth({
    orientation: "bottom",
    offset: 0,
    start: 0,
    end: 0,
    ticks: probeTicks(xDomain),
    title: options.xLabel ?? "x",
  });
  const height = chartHeight(
    options,
    Math.max(defaultHeight, legend ? plotTop + legend.height + xAxisDepth + frame.bottom + 8 : 0),
  );
  const plotBottom = height - frame.bottom - xAxisDepth - 8;
  if (options.equalAspect) {
    // Widen the domain that has fewer units per pixel so both axes share one scale.
    const unitsX = (xDomain[1] - xDomain[0]) / (plotRight - plotLeft);
    const unitsY = (yDomain[1] - yDomain[0]) / (plotBottom - plotTop);
    if (unitsX > unitsY) yDomain = widen(yDomain, unitsX * (plotBottom - plotTop));
    else xDomain = widen(xDomain, unitsY * (plotRight - plotLeft));
  }
  const x = linearScale(xDomain, [plotLeft, plotRight]);
  const y = linearScale(yDomain, [plotBottom, plotTop]);
  const xTicks = Math.max(2, Math.round((plotRight - plotLeft) / 90));
  const yTicks = Math.max(2, Math.round((plotBottom - plotTop) / 60));

  const radius = options.pointRadius ?? (drawn.length < 500 ? 3.5 : drawn.length < 5000 ? 2.2 : 1.5);
  const opacity = drawn.length < 500 ? 0.9 : drawn.length < 5000 ? 0.75 : 0.6;
  const withTooltips = drawn.length <= (options.tooltipLimit ?? 2000);
  const points = drawn.map((i) => {
    const attributes = { cx: x.map(data.x[i]), cy: y.map(data.y[i]), r: radius, fill: colorOf(i) };
    if (!withTooltips) return element("circle", attributes);
    const label = data.labels?.[i] ?? (data.category ? data.category[i] : "");
    const where = `(${formatNumber(data.x[i], 4)}, ${formatNumber(data.y[i], 4)})`;
    const value = data.value ? `, value ${formatNumber(data.value[i], 4)}` : "";
    return element("circle", attributes, tooltip(`${label ? `${label}: ` : ""}${where}${value}`));
  });
  const body = [
    renderAxis({
      orientation: "bottom",
      offset: plotBottom,
      start: plotLeft,
      end: plotRight,
      ticks: linearAxisTicks(x, xTicks),
      title: options.xLabel ?? "x",
      gridLength: plotBottom - plotTop,
    }),
    renderAxis({
      orientation: "left",
      offset: plotLeft,
      start: plotBottom,
      end: plotTop,
      ticks: linearAxisTicks(y, yTicks),
      title: options.yLabel ?? "y",
      gridLength: plotRight - plotLeft,
    }),
    titledGroup(countOf(drawn.length, "point"), points, { class: "points", "fill-opacity": opacity }),
  ];
  if (legend) body.push(legend.render(plotRight + 24, plotTop));
  return chartSvg(frame, height, body);
}

function widen(domain: [number, number], span: number): [number, number] {
  const middle = (domain[0] + domain[1]) / 2;
  return [middle - span / 2, middle + span / 2];
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
