import { realpathSync } from "node:fs";
import { join } from "node:path";
import type { CellImage } from "../image/cellImage.js";
import { readMetadataCell } from "../io/cellSource.js";
import {
  type CompositeChannel,
  FALLBACK_COLORS,
  MARKER_COLORS,
  pooledChannelRange,
  renderComposite,
} from "../report/image/cellComposite.js";
import { encodePng } from "../report/image/png.js";
import { HttpError, integerParameter, numberParameter } from "./httpErrors.js";
import { isInside } from "./safePath.js";

/** How to draw a cell: channels with colour and absolute contrast bounds, an outline, a pixel scale. */
export interface ImageRequest {
  channels: CompositeChannel[];
  /** Channel whose mask boundary is drawn in white, or undefined. */
  outline?: number;
  /** Pixel repeat factor, 1…8. */
  scale: number;
}

/** A channel's name, default colour and default contrast bounds (pooled percentiles of a few cells). */
export interface ChannelInfo {
  index: number;
  name: string;
  color: string;
  range: [number, number];
}

const MAX_CHANNELS = 16;

function hexColor(rgb: readonly [number, number, number]): string {
  return rgb.map((v) => v.toString(16).padStart(2, "0")).join("");
}

/**
 * Parses the query of an image URL: `c=<channel>:<rrggbb>:<low>:<high>` once per channel (1…16),
 * optional `outline=<channel>` and `scale=<1…8>` (default 1). 400 for anything malformed.
 */
export function parseImageRequest(query: URLSearchParams, channelCount: number): ImageRequest {
  const specs = query.getAll("c");
  if (specs.length === 0 || specs.length > MAX_CHANNELS) throw new HttpError(400, "give 1 to 16 c= channels");
  const channels = specs.map((spec): CompositeChannel => {
    const parts = spec.split(":");
    if (parts.length !== 4) throw new HttpError(400, "c must be channel:rrggbb:low:high");
    const channel = integerParameter(parts[0], "channel", 0, channelCount - 1);
    if (!/^[0-9a-fA-F]{6}$/.test(parts[1])) throw new HttpError(400, "colour must be rrggbb");
    const color: [number, number, number] = [0, 2, 4].map((i) =>
      Number.parseInt(parts[1].slice(i, i + 2), 16),
    ) as [number, number, number];
    const low = numberParameter(parts[2], "low");
    const high = numberParameter(parts[3], "high");
    return { channel, color, range: [low, high] };
  });
  const outlineText = query.get("outline");
  const outline =
    outlineText === null || outlineText === ""
      ? undefined
      : integerParameter(outlineText, "outline", 0, channelCount - 1);
  const scaleText = query.get("scale");
  const scale = scaleText === null ? 1 : integerParameter(scaleText, "scale", 1, 8);
  return { channels, outline, scale };
}

/**
 * Reads cells from the data root named in summary.json, refusing any file that resolves (symlinks
 * followed) outside it, and renders them as PNG. Recent PNGs are cached.
 */
export class CellImageSource {
  private readonly root: string | null;
  private readonly cache = new Map<string, Uint8Array>();

  constructor(dataRoot: string) {
    try {
      this.root = realpathSync(dataRoot);
    } catch {
      this.root = null;
    }
  }

  /** The cell of `file` (relative to the data root); HttpError 404 when missing, outside the root or unreadable. */
  read(file: string, objectNumber: string): CellImage {
    if (!this.root) throw new HttpError(404, "the data folder of these results is not available");
    let real: string;
    try {
      real = realpathSync(join(this.root, file));
    } catch {
      throw new HttpError(404, "cell file not found");
    }
    if (!isInside(this.root, real) || real === this.root) throw new HttpError(404, "cell file not found");
    try {
      return readMetadataCell(this.root, real.slice(this.root.length + 1), objectNumber);
    } catch {
      throw new HttpError(404, "cell file cannot be read");
    }
  }

  /** PNG of a cell drawn as `request` asks; `key` identifies the cell and the request for the cache. */
  png(key: string, file: string, objectNumber: string, request: ImageRequest): Uint8Array {
    const cached = this.cache.get(key);
    if (cached) return cached;
    const cell = this.read(file, objectNumber);
    for (const spec of request.channels)
      if (spec.channel >= cell.channels) throw new HttpError(400, `the cell has ${cell.channels} channels`);
    if (request.outline !== undefined && request.outline >= cell.channels)
      throw new HttpError(400, `the cell has ${cell.channels} channels`);
    const image = renderComposite(cell, request.channels, {
      outlineChannel: request.outline,
      scale: request.scale,
    });
    const png = encodePng(image.rgb, image.width, image.height);
    if (this.cache.size >= 4000) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, png);
    return png;
  }

  /**
   * Channel names, default colours and contrast bounds pooled over `sample` cells (fluorescence: 50th and 99.8th; bright field: 1st and 99.5th
   * percentiles of all their pixels); see pooledChannelRange for the edge cases.
   */
  channelInfo(
    sample: readonly { file: string; objectNumber: string }[],
    names: readonly string[] | null,
  ): ChannelInfo[] {
    const cells: CellImage[] = [];
    for (const s of sample) {
      try {
        cells.push(this.read(s.file, s.objectNumber));
      } catch {
        // An unreadable cell just does not contribute to the defaults.
      }
    }
    const channels = Math.max(names?.length ?? 0, ...cells.map((c) => c.channels), 0);
    const out: ChannelInfo[] = [];
    let fallback = 0;
    for (let c = 0; c < channels; c++) {
      const name = names?.[c] ?? `Ch${c + 1}`;
      const marker =
        MARKER_COLORS[name] ??
        (c === 0 ? ([160, 160, 160] as const) : FALLBACK_COLORS[fallback++ % FALLBACK_COLORS.length]);
      const planes = cells.filter((cell) => c < cell.channels).map((cell) => cell.image[c]);
      // Fluorescence: from the background (the median pixel) up, as the report's composites, so a
      // channel without signal stays dark; bright field keeps its full grey range.
      const brightField = name === "BF" || (names === null && c === 0);
      const range = brightField ? pooledChannelRange(planes, 1, 99.5) : pooledChannelRange(planes, 50, 99.8);
      out.push({ index: c, name, color: hexColor(marker), range });
    }
    return out;
  }
}
