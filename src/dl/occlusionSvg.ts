import { encodePng, pngDataUri } from "../report/image/png.js";
import { type ChartOptions, chartSvg, frameLayout, PADDING } from "../report/svg/chartFrame.js";
import { divergingColor, parseHexColor } from "../report/svg/colors.js";
import { colorBarLegend } from "../report/svg/legend.js";
import { formatNumber } from "../report/svg/numberFormat.js";
import { element } from "../report/svg/svgBuilder.js";
import { textLabel } from "../report/svg/textLabel.js";
import type { OcclusionMap } from "./occlusion.js";

/** Options of {@link occlusionMapSvg}. */
export interface OcclusionSvgOptions extends ChartOptions {
  /** Channel of the crop drawn under the map (default 0). */
  channel?: number;
  /** Its name, shown in the caption (default "channel <i>"). */
  channelName?: string;
  /** Name of the explained class (default "class <k>"). */
  className?: string;
  /** Screen pixels per crop pixel (default 5). */
  scale?: number;
  /** Opacity of the map over the image, 0–1 (default 0.55). */
  opacity?: number;
}

/**
 * An SVG of an occlusion map: the chosen channel of the crop in grey (min–max stretched) beside
 * the same channel with the map laid over it in blue (the region lowered the class's probability
 * when kept) to red (it supported the class), with a colour bar symmetric around 0. Both images
 * are embedded as PNG data URIs, drawn pixelated; the map is blended into the grey image with an
 * opacity that grows with |drop|. `image` is the crop (C × S × S float32).
 */
export function occlusionMapSvg(
  image: Float32Array,
  channels: number,
  map: OcclusionMap,
  options: OcclusionSvgOptions = {},
): string {
  const size = map.size;
  const channel = options.channel ?? 0;
  if (!(Number.isInteger(channel) && channel >= 0 && channel < channels))
    throw new RangeError(`channel must be in 0…${channels - 1}, got ${channel}`);
  const scale = options.scale ?? 5;
  const side = size * scale;
  const opacity = options.opacity ?? 0.55;
  const channelName = options.channelName ?? `channel ${channel}`;
  const className = options.className ?? `class ${map.classIndex}`;
  let limit = 0;
  for (const v of map.values) if (Number.isFinite(v)) limit = Math.max(limit, Math.abs(v));
  const grey = greyPixels(image.subarray(channel * size * size, (channel + 1) * size * size));
  const greyRgb = new Uint8Array(size * size * 3);
  const blended = new Uint8Array(size * size * 3);
  map.values.forEach((v, i) => {
    const t = limit > 0 ? 0.5 + v / (2 * limit) : 0.5;
    const colour = parseHexColor(divergingColor(t));
    const alpha = opacity * Math.min(1, Math.abs(v) / (limit || 1));
    for (let k = 0; k < 3; k++) {
      greyRgb[i * 3 + k] = grey[i];
      blended[i * 3 + k] = Math.round((1 - alpha) * grey[i] + alpha * colour[k]);
    }
  });
  const legend = colorBarLegend({
    color: divergingColor,
    title: "Probability drop",
    lowLabel: formatNumber(-limit),
    highLabel: formatNumber(limit),
    length: Math.min(side, 160),
  });
  const captions = [
    `${channelName} of the crop (left) and the occlusion map for ${className} (right): red regions supported the class, blue ones argued against it.`,
    `p(${className}) = ${formatNumber(map.baseProbability)} for the whole crop; ${map.patch}×${map.patch} patches, stride ${map.stride}, ${map.patches} positions; each patch replaced by the channel means.`,
    ...(options.notes ?? []),
  ];
  const gap = 24;
  const width = options.width ?? Math.max(2 * PADDING + 2 * side + 2 * gap + legend.width, 360);
  const frame = frameLayout(
    width,
    options.title ?? `Occlusion map: ${className}`,
    options.subtitle,
    captions,
  );
  const top = frame.top + 16;
  const height = options.height ?? top + Math.max(side, legend.height) + frame.bottom + 8;
  const greyUri = pngDataUri(encodePng(greyRgb, size, size));
  const overlayUri = pngDataUri(encodePng(blended, size, size));
  const picture = (x: number, uri: string) =>
    element("image", {
      x,
      y: top,
      width: side,
      height: side,
      href: uri,
      preserveAspectRatio: "none",
      style: "image-rendering:pixelated",
    });
  const rightX = PADDING + side + gap;
  const body = [
    textLabel({ text: channelName, x: PADDING, y: top - 4, fontSize: 11, maxWidth: side }),
    textLabel({ text: `${channelName} + occlusion`, x: rightX, y: top - 4, fontSize: 11, maxWidth: side }),
    picture(PADDING, greyUri),
    picture(rightX, overlayUri),
    legend.render(rightX + side + gap, top),
  ];
  return chartSvg(frame, height, body);
}

/** A plane min–max stretched to 0–255 (a constant or non-finite plane is mid-grey). */
function greyPixels(plane: Float32Array): Uint8Array {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of plane) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const out = new Uint8Array(plane.length);
  const range = max - min;
  for (let i = 0; i < plane.length; i++) {
    const v = plane[i];
    out[i] = range > 0 && Number.isFinite(v) ? Math.round(((v - min) / range) * 255) : 128;
  }
  return out;
}
