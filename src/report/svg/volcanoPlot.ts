/**
 * Volcano plots: effect size against −log10 p for many tests (features between conditions), with
 * significant tests coloured by direction and the strongest ones labelled where there is room.
 */

import { axisDepth, linearAxisTicks, renderAxis } from "./axis.js";
import {
  type ChartOptions,
  chartHeight,
  chartSvg,
  chartWidth,
  FONT,
  frameLayout,
  noDataChart,
  PADDING,
  skippedCaption,
} from "./chartFrame.js";
import { AXIS_COLOR, SHAP_BLUE, SHAP_RED } from "./colors.js";
import { chartDomain } from "./dataExtent.js";
import { categoricalLegend } from "./legend.js";
import { linearScale } from "./linearScale.js";
import { countOf, formatCount, formatNumber } from "./numberFormat.js";
import { element, pathData, titledGroup } from "./svgBuilder.js";
import { textLabel } from "./textLabel.js";
import { textWidth, truncateToWidth } from "./textMetrics.js";

/** Input of {@link volcanoPlot}: one entry per test. */
export interface VolcanoData {
  labels: readonly string[];
  /** Effect size (e.g. log2 fold change, Cohen's d); non-finite entries are skipped. */
  effect: ArrayLike<number>;
  /** Raw p-values in [0, 1]; p = 0 is drawn at the top as a triangle, NaN or outside [0, 1] skipped. */
  pValue: ArrayLike<number>;
  /** Multiple-testing adjusted p-values; significance uses them when given. */
  adjustedPValue?: ArrayLike<number>;
}

/** Options of {@link volcanoPlot}. */
export interface VolcanoOptions extends ChartOptions {
  /** Significance level on the (adjusted) p-value (default 0.05). */
  alpha?: number;
  /** Minimum |effect| to count as significant (default 0). */
  effectThreshold?: number;
  /** Significant tests labelled at most, strongest first (default 12). */
  maxLabels?: number;
  /** x-axis title (default "Effect size"). */
  xLabel?: string;
  /** y-axis title (default "−log10 p"). */
  yLabel?: string;
  /** Longest label in px before "…" (default 160). */
  maxLabelWidth?: number;
}

const DEFAULT_TITLE = "Volcano plot";
const NOT_SIGNIFICANT = "#b3b3b3";

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * A volcano plot as an SVG string: grey points, significant ones red (effect > 0) or blue (< 0),
 * dashed threshold lines, labels placed greedily without overlaps (those without room are counted).
 * No valid test gives a "No data" chart; arrays of different lengths throw.
 */
export function volcanoPlot(data: VolcanoData, options: VolcanoOptions = {}): string {
  const { labels, effect, pValue, adjustedPValue } = data;
  const n = labels.length;
  for (const [name, array] of [
    ["effect", effect],
    ["pValue", pValue],
    ["adjustedPValue", adjustedPValue],
  ] as const)
    if (array && array.length !== n)
      throw new RangeError(`volcanoPlot: ${name} has ${array.length} entries for ${n} labels`);
  const alpha = options.alpha ?? 0.05;
  const effectThreshold = options.effectThreshold ?? 0;
  const valid: number[] = [];
  for (let i = 0; i < n; i++)
    if (Number.isFinite(effect[i]) && pValue[i] >= 0 && pValue[i] <= 1) valid.push(i);
  const captions = skippedCaption(
    n - valid.length,
    "test",
    "with a non-finite effect or a p-value outside [0, 1] skipped",
  );
  if (valid.length === 0) return noDataChart(options, DEFAULT_TITLE, "No data", captions);

  const q = (i: number) => (adjustedPValue ? adjustedPValue[i] : pValue[i]);
  const significant = (i: number) => q(i) < alpha && Math.abs(effect[i]) >= effectThreshold;
  let maxY = 0;
  let zeros = 0;
  for (const i of valid) {
    if (pValue[i] > 0) maxY = Math.max(maxY, -Math.log10(pValue[i]));
    else zeros++;
  }
  const alphaY = -Math.log10(alpha);
  // p = 0 (underflow) has no finite −log10: such tests sit on a line above the highest finite one.
  const capY = Math.max(maxY, adjustedPValue ? 0 : alphaY) * 1.08 + (maxY === 0 ? 1 : 0);
  const yOf = (i: number) => (pValue[i] > 0 ? -Math.log10(pValue[i]) : capY);
  if (zeros > 0) captions.push(`${countOf(zeros, "test")} with p = 0 drawn as triangles at the top.`);

  // The raw-p threshold line: with adjusted p-values, the largest raw p still significant, when
  // adjustment kept the order of the p-values (Bonferroni, Benjamini–Hochberg).
  let thresholdY = Number.NaN;
  let thresholdText = "";
  if (!adjustedPValue) {
    thresholdY = alphaY;
    thresholdText = `p = ${formatNumber(alpha)}`;
  } else {
    let largest = Number.NEGATIVE_INFINITY;
    for (const i of valid) if (adjustedPValue[i] < alpha) largest = Math.max(largest, pValue[i]);
    const monotone = valid.every((i) => !(pValue[i] <= largest) || adjustedPValue[i] < alpha);
    if (largest > 0 && monotone) {
      thresholdY = -Math.log10(largest);
      thresholdText = `adjusted p < ${formatNumber(alpha)}`;
    }
  }
  const up = valid.filter((i) => significant(i) && effect[i] > 0).length;
  const down = valid.filter((i) => significant(i) && effect[i] < 0).length;
  captions.unshift(
    `${formatCount(up + down)} of ${formatCount(valid.length)} tests significant (${adjustedPValue ? "adjusted p" : "p"} < ${formatNumber(alpha)}${effectThreshold > 0 ? `, |effect| ≥ ${formatNumber(effectThreshold)}` : ""}).`,
  );

  const legend = categoricalLegend(
    [
      { label: `Higher (${formatCount(up)})`, color: SHAP_RED, shape: "circle" },
      { label: `Lower (${formatCount(down)})`, color: SHAP_BLUE, shape: "circle" },
      { label: "Not significant", color: NOT_SIGNIFICANT, shape: "circle" },
    ],
    {},
  );
  const width = chartWidth(options);
  let effectMin = Number.POSITIVE_INFINITY;
  let effectMax = Number.NEGATIVE_INFINITY;
  for (const i of valid) {
    effectMin = Math.min(effectMin, effect[i]);
    effectMax = Math.max(effectMax, effect[i]);
  }
  if (effectThreshold > 0) {
    effectMin = Math.min(effectMin, -effectThreshold);
    effectMax = Math.max(effectMax, effectThreshold);
  }
  const maxLabels = Math.max(0, options.maxLabels ?? 12);
  const labelled = valid
    .filter(significant)
    .sort(
      (a, b) => q(a) - q(b) || pValue[a] - pValue[b] || Math.abs(effect[b]) - Math.abs(effect[a]) || a - b,
    )
    .slice(0, maxLabels);
  const captionsBeforeLayout = captions.length;
  captions.push(...(options.notes ?? []));
  // Room reserved for the "labels without room" caption (its longest form), filled in after placement.
  const omittedCaption = (count: number) =>
    `${formatCount(count)} of ${formatCount(labelled.length)} labels left out for lack of room (hover over the points).`;
  const frame = frameLayout(width, options.title ?? DEFAULT_TITLE, options.subtitle, [
    ...captions,
    ...(labelled.length > 0 ? [omittedCaption(labelled.length)] : []),
  ]);
  const xDomain = chartDomain(effectMin, effectMax, { padding: 0.05 });
  // Symmetric effects read best around a centred zero.
  const bound = Math.max(Math.abs(xDomain[0]), Math.abs(xDomain[1]));
  const x0 = linearScale(effectMin < 0 && effectMax > 0 ? [-bound, bound] : xDomain, [0, 1]);
  const yDomain = chartDomain(0, Math.max(capY, thresholdY || 0), { includeZero: true, padding: 0.04 });
  const yLabel = options.yLabel ?? `${"\u2212"}log10 p`;
  const probe = linearAxisTicks(linearScale(yDomain, [300, 0]), 5);
  const plotLeft =
    PADDING +
    axisDepth({ orientation: "left", offset: 0, start: 0, end: 0, ticks: probe, title: yLabel }) +
    4;
  const plotRight = width - PADDING - legend.width - 24;
  const plotTop = frame.top + 6;
  const xAxisProbe = linearAxisTicks(linearScale(x0.domain as [number, number], [plotLeft, plotRight]), 5);
  const xDepth = axisDepth({
    orientation: "bottom",
    offset: 0,
    start: 0,
    end: 0,
    ticks: xAxisProbe,
    title: options.xLabel ?? "Effect size",
  });
  const height = chartHeight(options, Math.round(width * 0.7));
  const plotBottom = height - frame.bottom - xDepth - 8;
  const x = linearScale(x0.domain as [number, number], [plotLeft, plotRight]);
  const y = linearScale(yDomain, [plotBottom, plotTop]);

  const body: string[] = [
    renderAxis({
      orientation: "bottom",
      offset: plotBottom,
      start: plotLeft,
      end: plotRight,
      ticks: linearAxisTicks(x, Math.max(2, Math.round((plotRight - plotLeft) / 90))),
      title: options.xLabel ?? "Effect size",
      gridLength: plotBottom - plotTop,
    }),
    renderAxis({
      orientation: "left",
      offset: plotLeft,
      start: plotBottom,
      end: plotTop,
      ticks: linearAxisTicks(y, Math.max(2, Math.round((plotBottom - plotTop) / 60))),
      title: yLabel,
      gridLength: plotRight - plotLeft,
    }),
  ];
  const guides: string[] = [];
  if (Number.isFinite(thresholdY)) {
    const at = y.map(thresholdY);
    guides.push(
      titledGroup(
        `Threshold: ${thresholdText}`,
        element("line", { x1: plotLeft, x2: plotRight, y1: at, y2: at }),
      ),
    );
  }
  if (effectThreshold > 0)
    for (const side of [-effectThreshold, effectThreshold]) {
      const at = x.map(side);
      guides.push(
        titledGroup(
          `|effect| = ${formatNumber(effectThreshold)}`,
          element("line", { x1: at, x2: at, y1: plotTop, y2: plotBottom }),
        ),
      );
    }
  if (guides.length > 0)
    body.push(element("g", { stroke: "#888888", "stroke-dasharray": "4,3", "stroke-width": 1 }, guides));

  const radius = valid.length > 2000 ? 2 : 3;
  const colorOf = (i: number) => (!significant(i) ? NOT_SIGNIFICANT : effect[i] > 0 ? SHAP_RED : SHAP_BLUE);
  // Grey first so the significant points stay on top.
  const order = valid.slice().sort((a, b) => Number(significant(a)) - Number(significant(b)) || a - b);
  const points = order.map((i) => {
    const cx = x.map(effect[i]);
    const cy = y.map(yOf(i));
    const tip = `${labels[i]}: effect ${formatNumber(effect[i], 4)}, p = ${formatNumber(pValue[i], 3)}${adjustedPValue ? `, adjusted p = ${formatNumber(adjustedPValue[i], 3)}` : ""}`;
    const mark =
      pValue[i] > 0
        ? element("circle", { cx, cy, r: radius, fill: colorOf(i) })
        : element("path", {
            d: pathData`M${cx},${cy - radius - 1}L${cx + radius + 1},${cy + radius}L${cx - radius - 1},${cy + radius}Z`,
            fill: colorOf(i),
          });
    return titledGroup(tip, mark);
  });
  body.push(element("g", { class: "points", "fill-opacity": 0.85 }, points));

  // Greedy labels: strongest first, the first candidate spot that stays inside the plot and clear
  // of the labels and labelled points already placed.
  const maxLabelWidth = options.maxLabelWidth ?? 160;
  const placed: Box[] = labelled.map((i) => {
    const cx = x.map(effect[i]);
    const cy = y.map(yOf(i));
    return { left: cx - radius, right: cx + radius, top: cy - radius, bottom: cy + radius };
  });
  const labelMarks: string[] = [];
  let omitted = 0;
  const lineHeight = FONT.small + 2;
  for (const i of labelled) {
    const cx = x.map(effect[i]);
    const cy = y.map(yOf(i));
    const fitted = truncateToWidth(labels[i], maxLabelWidth, { fontSize: FONT.small });
    const w = textWidth(fitted.text, { fontSize: FONT.small });
    const gap = radius + 3;
    const candidates: { left: number; top: number; anchor: "start" | "end" | "middle"; tx: number }[] = [
      { left: cx + gap, top: cy - lineHeight / 2, anchor: "start", tx: cx + gap },
      { left: cx - gap - w, top: cy - lineHeight / 2, anchor: "end", tx: cx - gap },
      { left: cx - w / 2, top: cy - gap - lineHeight, anchor: "middle", tx: cx },
      { left: cx - w / 2, top: cy + gap, anchor: "middle", tx: cx },
      { left: cx + gap, top: cy - gap - lineHeight, anchor: "start", tx: cx + gap },
      { left: cx - gap - w, top: cy - gap - lineHeight, anchor: "end", tx: cx - gap },
      { left: cx + gap, top: cy + gap, anchor: "start", tx: cx + gap },
      { left: cx - gap - w, top: cy + gap, anchor: "end", tx: cx - gap },
    ];
    const spot = candidates.find((c) => {
      const box = { left: c.left, top: c.top, right: c.left + w, bottom: c.top + lineHeight };
      if (box.left < plotLeft || box.right > plotRight || box.top < plotTop || box.bottom > plotBottom)
        return false;
      return !placed.some((other) => overlaps(box, other));
    });
    if (!spot) {
      omitted++;
      continue;
    }
    placed.push({ left: spot.left, top: spot.top, right: spot.left + w, bottom: spot.top + lineHeight });
    labelMarks.push(
      textLabel({
        text: labels[i],
        x: spot.tx,
        y: spot.top + lineHeight / 2,
        fontSize: FONT.small,
        anchor: spot.anchor,
        verticalAlign: "middle",
        maxWidth: maxLabelWidth,
        fill: AXIS_COLOR,
      }),
    );
  }
  body.push(element("g", { class: "point-labels" }, labelMarks));
  body.push(legend.render(plotRight + 24, plotTop));
  const finalCaptions = captions.slice();
  if (omitted > 0) finalCaptions.splice(captionsBeforeLayout, 0, omittedCaption(omitted));
  const finalFrame = frameLayout(width, options.title ?? DEFAULT_TITLE, options.subtitle, finalCaptions);
  // Keep the layout computed with the reserved caption line: the image height stays the same.
  return chartSvg({ ...finalFrame, bottom: frame.bottom }, height, body);
}

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}
