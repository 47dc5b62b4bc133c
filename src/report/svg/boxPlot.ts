/**
 * Box plots with every point shown, e.g. a class's frequency per condition with one point per donor
 * and a line joining each donor's points across conditions (paired designs show their pairing).
 * Several panels (one per class) sit side by side, each with its own y axis.
 */

import { axisDepth, categoryAxisTicks, linearAxisTicks, renderAxis } from "./axis.js";
import { bandScale } from "./bandScale.js";
import { beeswarmOffsets, maxAbsOffset } from "./beeswarm.js";
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
import { AXIS_COLOR, categoricalColors, MUTED_TEXT_COLOR } from "./colors.js";
import { chartDomain, finiteExtent } from "./dataExtent.js";
import { categoricalLegend } from "./legend.js";
import { linearScale } from "./linearScale.js";
import { formatCount, formatNumber } from "./numberFormat.js";
import { boxStatistics } from "./summaryStatistics.js";
import { element, pathData, titledGroup } from "./svgBuilder.js";
import { textLabel } from "./textLabel.js";
import { maxTextWidth, truncateToWidth } from "./textMetrics.js";

/** The values of one box (e.g. one condition), optionally with the id of each value's donor. */
export interface BoxGroup {
  name: string;
  /** NaN/±∞ are skipped and counted. */
  values: ArrayLike<number>;
  /** Id per value (e.g. donor); equal ids in adjacent groups are joined by a line. */
  ids?: readonly string[];
}

/** One panel: a title and its boxes. */
export interface BoxPanel {
  title?: string;
  /** A small note under the panel title (e.g. a p-value). */
  subtitle?: string;
  groups: readonly BoxGroup[];
}

/** Input of {@link boxPlot}. */
export interface BoxPlotData {
  panels: readonly BoxPanel[];
}

/** Options of {@link boxPlot}. */
export interface BoxPlotOptions extends ChartOptions {
  /** y-axis title (default "Value"). */
  yLabel?: string;
  /** Draw the boxes (default true); false leaves a strip plot. */
  showBoxes?: boolean;
  /** Join points with the same id in adjacent groups (default true when ids are given). */
  connectPairs?: boolean;
  /** Panels per line (default: all, at most 4). */
  columns?: number;
  /** Height of a panel's plotting area in px (default 220). */
  panelHeight?: number;
  /** The same y axis for every panel (default false: classes differ in scale). */
  sharedY?: boolean;
  /** Start every y axis at 0 (default true: frequencies and counts). */
  includeZero?: boolean;
  /** Legend title for ids (default "Donor"). */
  idTitle?: string;
}

const DEFAULT_TITLE = "Distribution per group";
// Beyond this many distinct ids, colours stop telling donors apart: points are drawn in one colour.
const MAX_ID_COLORS = 10;

/**
 * Box plots (median, quartiles, Tukey whiskers) with points (beeswarm-spread, deterministic) and
 * paired lines, as an SVG string. Non-finite values are skipped and counted; no finite value gives a
 * "No data" chart; ids whose length differs from the values throw.
 */
export function boxPlot(data: BoxPlotData, options: BoxPlotOptions = {}): string {
  const panels = data.panels;
  let nonFinite = 0;
  const ids: string[] = [];
  for (const panel of panels)
    for (const group of panel.groups) {
      if (group.ids && group.ids.length !== group.values.length)
        throw new RangeError(
          `group "${group.name}" has ${group.ids.length} ids for ${group.values.length} values`,
        );
      for (let i = 0; i < group.values.length; i++) {
        if (!Number.isFinite(group.values[i])) nonFinite++;
        else if (group.ids && !ids.includes(group.ids[i])) ids.push(group.ids[i]);
      }
    }
  const all = finiteExtent(...panels.flatMap((panel) => panel.groups.map((group) => group.values)));
  const captions = skippedCaption(nonFinite);
  if (all.finite === 0) return noDataChart(options, DEFAULT_TITLE, "No data", captions);
  const showBoxes = options.showBoxes ?? true;
  captions.push(
    showBoxes
      ? `Boxes: median and quartiles; whiskers: most extreme values within 1.5 × IQR; points: ${ids.length > 0 ? `${(options.idTitle ?? "donor").toLowerCase()}s` : "values"}${ids.length > 0 && (options.connectPairs ?? true) ? ", lines join the same one across groups" : ""}.`
      : "",
  );
  if (ids.length > MAX_ID_COLORS)
    captions.push(`${formatCount(ids.length)} ids: too many to colour apart, all drawn alike.`);
  captions.push(...(options.notes ?? []));
  const shownCaptions = captions.filter(Boolean);

  const idColors = ids.length > 0 && ids.length <= MAX_ID_COLORS ? categoricalColors(ids.length) : [];
  const colorOfId = (id: string | undefined) =>
    id === undefined || idColors.length === 0 ? "#4d4d4d" : idColors[ids.indexOf(id)];
  const legend =
    idColors.length > 0
      ? categoricalLegend(
          ids.map((id, k) => ({ label: id, color: idColors[k], shape: "circle" as const })),
          { title: options.idTitle ?? "Donor" },
        )
      : undefined;

  const width = chartWidth(
    options,
    Math.max(360, Math.min(4, panels.length) * 200 + (legend ? legend.width + 40 : 0)),
  );
  const frame = frameLayout(width, options.title ?? DEFAULT_TITLE, options.subtitle, shownCaptions);
  const columns = Math.max(1, Math.min(options.columns ?? Math.min(panels.length, 4), panels.length));
  const lines = Math.ceil(panels.length / columns);
  const gridLeft = PADDING;
  const gridRight = width - PADDING - (legend ? legend.width + 20 : 0);
  const panelWidth = (gridRight - gridLeft) / columns;
  const plotHeight = options.panelHeight ?? 220;
  const includeZero = options.includeZero ?? true;
  const sharedDomain = chartDomain(all.min, all.max, { includeZero, padding: 0.05 });

  // Sizes every panel shares, so the grid lines up: header, x labels (rotated when crowded).
  const anySubtitle = panels.some((panel) => panel.subtitle);
  const header = FONT.subtitle + 6 + (anySubtitle ? FONT.small + 4 : 0);
  const groupNames = panels.flatMap((panel) => panel.groups.map((group) => group.name));
  const maxGroups = Math.max(1, ...panels.map((panel) => panel.groups.length));
  const rotate = maxTextWidth(groupNames, { fontSize: FONT.label }) > (panelWidth - 60) / maxGroups - 6;
  const xAxisDepth = axisDepth({
    orientation: "bottom",
    offset: 0,
    start: 0,
    end: 0,
    ticks: groupNames.map((label) => ({ position: 0, label })),
    tickSize: 0,
    labelRotation: rotate ? -35 : 0,
    maxLabelWidth: 120,
  });
  const panelHeight = header + plotHeight + xAxisDepth + 16;
  const height = chartHeight(
    options,
    Math.max(frame.top + lines * panelHeight, legend ? frame.top + legend.height : 0) + frame.bottom,
  );

  const body: string[] = [];
  panels.forEach((panel, p) => {
    const left = gridLeft + (p % columns) * panelWidth;
    const top = frame.top + Math.floor(p / columns) * panelHeight;
    const extent = finiteExtent(...panel.groups.map((group) => group.values));
    const domain = options.sharedY
      ? sharedDomain
      : chartDomain(extent.min, extent.max, { includeZero, padding: 0.05 });
    const plotTop = top + header;
    const plotBottom = plotTop + plotHeight;
    const y = linearScale(domain, [plotBottom, plotTop]);
    const yTicks = linearAxisTicks(y, Math.max(2, Math.round(plotHeight / 50)));
    const yTitle = p % columns === 0 ? (options.yLabel ?? "Value") : undefined;
    const yAxisProbe = {
      orientation: "left" as const,
      offset: 0,
      start: plotBottom,
      end: plotTop,
      ticks: yTicks,
      title: yTitle,
    };
    const plotLeft = left + axisDepth(yAxisProbe) + 4;
    const plotRight = left + panelWidth - 12;
    const band = bandScale(panel.groups.length, [plotLeft, plotRight], {
      paddingInner: 0.3,
      paddingOuter: 0.3,
    });
    const parts: string[] = [
      renderAxis({ ...yAxisProbe, offset: plotLeft, gridLength: plotRight - plotLeft }),
    ];
    parts.push(
      renderAxis({
        orientation: "bottom",
        offset: plotBottom,
        start: plotLeft,
        end: plotRight,
        ticks: categoryAxisTicks(
          panel.groups.map((group) => group.name),
          (i) => band.center(i),
        ),
        tickSize: 0,
        labelRotation: rotate ? -35 : 0,
        maxLabelWidth: 120,
      }),
    );
    const titleFit = truncateToWidth(panel.title ?? "", panelWidth - 8, {
      fontSize: FONT.subtitle,
      bold: true,
    });
    parts.push(
      textLabel({
        text: panel.title ?? "",
        x: left + panelWidth / 2,
        y: top,
        fontSize: FONT.subtitle,
        bold: true,
        anchor: "middle",
        verticalAlign: "top",
        maxWidth: panelWidth - 8,
        title: titleFit.truncated ? panel.title : "",
      }),
    );
    if (panel.subtitle)
      parts.push(
        textLabel({
          text: panel.subtitle,
          x: left + panelWidth / 2,
          y: top + FONT.subtitle + 4,
          fontSize: FONT.small,
          anchor: "middle",
          verticalAlign: "top",
          maxWidth: panelWidth - 8,
          fill: MUTED_TEXT_COLOR,
        }),
      );

    // Point positions: x spread by a beeswarm on the y positions, so equal values sit side by side.
    const positions = panel.groups.map((group, g) => {
      const ys = Array.from(group.values, (value) => (Number.isFinite(value) ? y.map(value) : Number.NaN));
      const offsets = beeswarmOffsets(ys, 3.5);
      const room = band.bandwidth / 2 - 3;
      const squeeze = maxAbsOffset(offsets) > room ? room / maxAbsOffset(offsets) : 1;
      return ys.map((py, i) => ({ x: band.center(g) + offsets[i] * squeeze, y: py, id: group.ids?.[i] }));
    });

    panel.groups.forEach((group, g) => {
      const stats = boxStatistics(group.values);
      if (stats.count === 0 || !showBoxes) return;
      const cx = band.center(g);
      const half = band.bandwidth / 2;
      const [q1, q3, median] = [y.map(stats.q1), y.map(stats.q3), y.map(stats.median)];
      const [low, high] = [y.map(stats.lowerWhisker), y.map(stats.upperWhisker)];
      parts.push(
        titledGroup(
          `${panel.title ? `${panel.title}, ` : ""}${group.name}: n = ${stats.count}, median ${formatNumber(stats.median)}, quartiles ${formatNumber(stats.q1)}–${formatNumber(stats.q3)}, mean ${formatNumber(stats.mean)}`,
          [
            element("path", {
              d: pathData`M${cx},${q3}V${high}M${cx - half / 3},${high}H${cx + half / 3}M${cx},${q1}V${low}M${cx - half / 3},${low}H${cx + half / 3}`,
              stroke: AXIS_COLOR,
              fill: "none",
            }),
            element("rect", {
              x: cx - half,
              y: q3,
              width: 2 * half,
              height: Math.max(q1 - q3, 0.5),
              fill: "#f0f0f0",
              stroke: AXIS_COLOR,
            }),
            element("line", {
              x1: cx - half,
              x2: cx + half,
              y1: median,
              y2: median,
              stroke: "#000000",
              "stroke-width": 2,
            }),
          ],
          { class: "box" },
        ),
      );
    });

    if (options.connectPairs ?? true) {
      const segments: string[] = [];
      for (let g = 0; g + 1 < positions.length; g++) {
        const next = new Map<string, { x: number; y: number }>();
        for (const point of positions[g + 1])
          if (point.id !== undefined && Number.isFinite(point.y)) next.set(point.id, point);
        for (const point of positions[g]) {
          const partner =
            point.id === undefined || !Number.isFinite(point.y) ? undefined : next.get(point.id);
          if (partner)
            segments.push(
              element("line", {
                x1: point.x,
                y1: point.y,
                x2: partner.x,
                y2: partner.y,
                stroke: colorOfId(point.id),
              }),
            );
        }
      }
      if (segments.length > 0)
        parts.push(element("g", { "stroke-width": 1, "stroke-opacity": 0.6 }, segments));
    }

    positions.forEach((points, g) => {
      const group = panel.groups[g];
      const marks = points.flatMap((point, i) =>
        Number.isFinite(point.y)
          ? [
              titledGroup(
                `${point.id !== undefined ? `${point.id}: ` : ""}${group.name} = ${formatNumber(group.values[i], 4)}`,
                element("circle", {
                  cx: point.x,
                  cy: point.y,
                  r: 3.5,
                  fill: colorOfId(point.id),
                  stroke: "#ffffff",
                  "stroke-width": 0.75,
                }),
              ),
            ]
          : [],
      );
      parts.push(element("g", { class: "points" }, marks));
    });
    body.push(element("g", { class: "panel" }, parts));
  });
  if (legend) body.push(legend.render(width - PADDING - legend.width, frame.top + header));
  return chartSvg(frame, height, body);
}
