import type { CellImage } from "../image/cellImage.js";
import type { CellTransform } from "./pipeline.js";

/**
 * Keeps the listed channels (0-based, in the given order; a channel may be listed twice) of every
 * cell, with their masks, as scifAI's `selected_channels`. Planes are shared with the input, not
 * copied (transforms never modify their input). Throws a RangeError for an empty list, an index
 * that is not a whole number ≥ 0, or one beyond the cell's channels.
 */
export class ChannelSelection implements CellTransform {
  readonly name = "ChannelSelection";
  readonly channels: readonly number[];

  constructor(channels: readonly number[]) {
    if (channels.length === 0) throw new RangeError("ChannelSelection needs at least one channel");
    for (const channel of channels) {
      if (!Number.isInteger(channel) || channel < 0)
        throw new RangeError(`ChannelSelection: channel indices are 0-based whole numbers, got ${channel}`);
    }
    this.channels = [...channels];
  }

  outputChannels(channels: number): number {
    this.checkChannels(channels);
    return this.channels.length;
  }

  transformCell(cell: CellImage): CellImage {
    this.checkChannels(cell.channels);
    return {
      height: cell.height,
      width: cell.width,
      channels: this.channels.length,
      image: this.channels.map((c) => cell.image[c]),
      mask: cell.mask ? this.channels.map((c) => cell.mask![c]) : null,
    };
  }

  private checkChannels(channels: number): void {
    const beyond = this.channels.filter((c) => c >= channels);
    if (beyond.length > 0) {
      throw new RangeError(
        `ChannelSelection selects channel ${beyond.join(", ")} (0-based) of a cell with ${channels} channels`,
      );
    }
  }
}
