import { describe, expect, it } from "vitest";
import { ChannelSelection } from "../../src/features/channelSelection.js";
import { GradientRMS } from "../../src/features/gradientRms.js";
import { Pipeline } from "../../src/features/pipeline.js";
import type { CellImage } from "../../src/image/cellImage.js";

const planes = [0, 1, 2, 3].map((c) => Float64Array.from({ length: 6 }, (_, i) => c * 10 + i));
const masks = [0, 1, 2, 3].map((c) => Uint8Array.from({ length: 6 }, (_, i) => (i + c) % 2));
const cell: CellImage = { height: 2, width: 3, channels: 4, image: planes, mask: masks };

describe("ChannelSelection", () => {
  it("keeps the listed channels and their masks, in the given order", () => {
    const out = new ChannelSelection([3, 0]).transformCell(cell);
    expect(out.channels).toBe(2);
    expect(out.image[0]).toBe(planes[3]);
    expect(out.image[1]).toBe(planes[0]);
    expect(out.mask).toEqual([masks[3], masks[0]]);
    expect(cell.channels).toBe(4);
  });

  it("keeps a missing mask missing", () => {
    const out = new ChannelSelection([1]).transformCell({ ...cell, mask: null });
    expect(out.mask).toBeNull();
    expect(out.image).toEqual([planes[1]]);
  });

  it("rejects empty lists, bad indices and channels the cell does not have", () => {
    expect(() => new ChannelSelection([])).toThrow(/at least one channel/);
    expect(() => new ChannelSelection([-1])).toThrow(/0-based/);
    expect(() => new ChannelSelection([1.5])).toThrow(/0-based/);
    expect(() => new ChannelSelection([0, 4]).transformCell(cell)).toThrow(
      /channel 4 \(0-based\) of a cell with 4/,
    );
    expect(() => new ChannelSelection([5]).outputChannels(4)).toThrow(/channel 5/);
  });

  it("gives features named after the selected channels in a Pipeline", () => {
    const pipeline = new Pipeline([
      ["select", new ChannelSelection([2, 0])],
      ["features", new GradientRMS()],
    ]);
    expect(pipeline.featureChannels(4)).toBe(2);
    expect(pipeline.columnNames(4)).toEqual(new GradientRMS().columnNames(2));
    const out = new Float64Array(2);
    pipeline.computeInto(cell, out);
    const expected = new Float64Array(2);
    new Pipeline([["features", new GradientRMS()]]).computeInto(
      { height: 2, width: 3, channels: 2, image: [planes[2], planes[0]], mask: [masks[2], masks[0]] },
      expected,
    );
    expect(out).toEqual(expected);
  });
});
