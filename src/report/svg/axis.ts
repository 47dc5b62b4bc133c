/**
 * Axes: a line, tick marks, tick labels and a title, for numeric and categorical ticks alike (both
 * reduce to labelled pixel positions). {@link axisDepth} tells layout how much room an axis needs
 * beside its line, so margins fit the labels instead of being guessed.
 */

import { AXIS_COLOR, GRID_COLOR } from "./colors.js";
import type { LinearScale } from "./linearScale.js";
import type { LogScale } from "./logScale.js";
import { formatNumber, formatTick } from "./numberFormat.js";
import { element } from "./svgBuilder.js";
import { textLabel } from "./textLabel.js";
import { maxTextWidth, textWidth } from "./textMetrics.js";

/** One labelled position on an axis. */
export interface AxisTick {
  /** Pixel coordinate along the axis. */
  position: number;
  label: string;
}

/** Which side of the plot the axis is on. */
export type AxisOrientation = "bottom" | "left" | "top" | "right";

/** Options of {@link renderAxis}. */
export interface AxisOptions {
  orientation: AxisOrientation;
  /** Cross-axis pixel coordinate of the axis line (y for bottom/top, x for left/right). */
  offset: number;
  /** Pixel extent of the axis line along the axis. */
  start: number;
  end: number;
  ticks: readonly AxisTick[];
  title?: string;
  /** Tick label size in px (default 11; the title is 1 px larger). */
  fontSize?: number;
  /** Tick mark length in px (default 5; 0 hides them, e.g. for category labels). */
  tickSize?: number;
  /** Degrees to rotate labels of a bottom/top axis (e.g. −45 for long class names). */
  labelRotation?: number;
  /** Labels longer than this (px) are cut with "…" (full name kept as a tooltip). Default 200. */
  maxLabelWidth?: number;
  /** Draw light grid lines of this length (px) from each tick into the plot (default none). */
  gridLength?: number;
  /** Draw the axis line (default true). */
  line?: boolean;
}

const LABEL_GAP = 3;
const TITLE_GAP = 8;

function labelSize(options: AxisOptions): { fontSize: number; tickSize: number; maxLabelWidth: number } {
  return {
    fontSize: options.fontSize ?? 11,
    tickSize: options.tickSize ?? 5,
    maxLabelWidth: options.maxLabelWidth ?? 200,
  };
}

/** Extent (px) of the tick labels perpendicular to the axis line. */
function labelDepth(options: AxisOptions): number {
  if (options.ticks.length === 0) return 0;
  const { fontSize, maxLabelWidth } = labelSize(options);
  const widest = Math.min(
    maxLabelWidth,
    maxTextWidth(
      options.ticks.map((tick) => tick.label),
      { fontSize },
    ),
  );
  const vertical = options.orientation === "left" || options.orientation === "right";
  if (vertical) return widest;
  const angle = (Math.abs(options.labelRotation ?? 0) * Math.PI) / 180;
  return angle === 0 ? fontSize : widest * Math.sin(angle) + fontSize * Math.cos(angle);
}

/** Room (px) the axis needs beyond its line: ticks, labels and title. */
export function axisDepth(options: AxisOptions): number {
  const { fontSize, tickSize } = labelSize(options);
  const labels = options.ticks.length === 0 ? 0 : tickSize + LABEL_GAP + labelDepth(options);
  return labels + (options.title ? TITLE_GAP + fontSize + 1 : 0);
}

/**
 * Label every k-th tick (k ≥ 1, the smallest that works) so that neighbouring labels do not overlap:
 * horizontal labels need half their widths apart, rotated ones a line height across, vertical ones a
 * line height. Tick marks and grid lines stay on every tick.
 */
export function labelStride(options: AxisOptions): number {
  const { ticks } = options;
  if (ticks.length < 2) return 1;
  const { fontSize, maxLabelWidth } = labelSize(options);
  const vertical = options.orientation === "left" || options.orientation === "right";
  const angle = (Math.abs(options.labelRotation ?? 0) * Math.PI) / 180;
  const widths = ticks.map((tick) => Math.min(maxLabelWidth, textWidth(tick.label, { fontSize })));
  const needed = (a: number, b: number) =>
    vertical ? fontSize + 1 : angle > 0 ? (fontSize + 1) / Math.sin(angle) : (widths[a] + widths[b]) / 2 + 6;
  for (let every = 1; every < ticks.length; every++) {
    let fits = true;
    for (let i = 0; i + every < ticks.length && fits; i += every)
      fits = Math.abs(ticks[i + every].position - ticks[i].position) >= needed(i, i + every);
    if (fits) return every;
  }
  return ticks.length;
}

/** The axis as a `<g>`: grid lines (behind), line, ticks, labels, title. */
export function renderAxis(options: AxisOptions): string {
  const { fontSize, tickSize, maxLabelWidth } = labelSize(options);
  const { orientation, offset } = options;
  const vertical = orientation === "left" || orientation === "right";
  // +1 points away from the plot: down for bottom, right for right, up for top, left for left.
  const outward = orientation === "bottom" || orientation === "right" ? 1 : -1;
  const segment = (along: number, from: number, to: number) =>
    vertical
      ? element("line", { x1: from, x2: to, y1: along, y2: along })
      : element("line", { x1: along, x2: along, y1: from, y2: to });
  const parts: string[] = [];
  if (options.gridLength) {
    const inner = offset - outward * options.gridLength;
    const grid = options.ticks.map((tick) => segment(tick.position, offset, inner));
    parts.push(element("g", { stroke: GRID_COLOR, "stroke-width": 1 }, grid));
  }
  const strokes: string[] = [];
  if (options.line ?? true) {
    strokes.push(
      vertical
        ? element("line", { x1: offset, x2: offset, y1: options.start, y2: options.end })
        : element("line", { x1: options.start, x2: options.end, y1: offset, y2: offset }),
    );
  }
  if (tickSize > 0)
    for (const tick of options.ticks)
      strokes.push(segment(tick.position, offset, offset + outward * tickSize));
  if (strokes.length > 0) parts.push(element("g", { stroke: AXIS_COLOR, "stroke-width": 1 }, strokes));

  const labelOffset = offset + outward * (tickSize + LABEL_GAP);
  const rotation = options.labelRotation ?? 0;
  const every = labelStride(options);
  const labels = options.ticks.flatMap((tick, index) => {
    if (index % every !== 0) return [];
    const common = { text: tick.label, fontSize, maxWidth: maxLabelWidth };
    if (vertical)
      return textLabel({
        ...common,
        x: labelOffset,
        y: tick.position,
        anchor: outward < 0 ? "end" : "start",
        verticalAlign: "middle",
      });
    if (rotation === 0)
      return textLabel({
        ...common,
        x: tick.position,
        y: outward > 0 ? labelOffset : labelOffset - fontSize * 0.75,
        anchor: "middle",
        verticalAlign: "top",
      });
    // Rotated labels hang from their tick: the end nearest the axis sits at the tick, rotated about it.
    return textLabel({
      ...common,
      x: tick.position,
      y: labelOffset + (outward * fontSize) / 3,
      anchor: outward > 0 === rotation < 0 ? "end" : "start",
      verticalAlign: "middle",
      rotate: rotation,
    });
  });
  if (labels.length > 0) parts.push(element("g", { fill: AXIS_COLOR }, labels));

  if (options.title) {
    const depth = options.ticks.length === 0 ? 0 : tickSize + LABEL_GAP + labelDepth(options);
    const titleSize = fontSize + 1;
    const middle = (options.start + options.end) / 2;
    const maxWidth = Math.max(Math.abs(options.end - options.start), 40);
    const distance = depth + TITLE_GAP;
    if (vertical) {
      const x = offset + outward * (distance + titleSize / 2);
      parts.push(
        textLabel({
          text: options.title,
          x,
          y: middle,
          fontSize: titleSize,
          anchor: "middle",
          verticalAlign: "middle",
          maxWidth,
          fill: AXIS_COLOR,
          rotate: -90,
        }),
      );
    } else {
      parts.push(
        textLabel({
          text: options.title,
          x: middle,
          y: outward > 0 ? offset + distance : offset - distance,
          fontSize: titleSize,
          anchor: "middle",
          verticalAlign: outward > 0 ? "top" : "baseline",
          maxWidth,
          fill: AXIS_COLOR,
        }),
      );
    }
  }
  return element("g", { class: `axis axis-${orientation}` }, parts);
}

/** Ticks of a linear scale labelled with the decimals their step needs; at least two when the domain allows. */
export function linearAxisTicks(scale: LinearScale, count = 5): AxisTick[] {
  // A short axis asks for few ticks; when that leaves one (or none), ask for more so the scale can be read.
  let wanted = count;
  while (wanted < 40 && scale.ticks(wanted).length < 2 && scale.domain[0] !== scale.domain[1]) wanted *= 2;
  const step = scale.tickStep(wanted);
  return scale.ticks(wanted).map((value) => ({ position: scale.map(value), label: formatTick(value, step) }));
}

/** Ticks of a log scale (powers of ten as "0.01", "1,000" or "1e−6"). */
export function logAxisTicks(scale: LogScale, count = 5): AxisTick[] {
  return scale.ticks(count).map((value) => ({ position: scale.map(value), label: formatNumber(value, 3) }));
}

/** Ticks at band centres labelled with category names. */
export function categoryAxisTicks(labels: readonly string[], center: (index: number) => number): AxisTick[] {
  return labels.map((label, index) => ({ position: center(index), label }));
}
