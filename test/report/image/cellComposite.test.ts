import { describe, expect, it } from "vitest";
import { pooledChannelRange, renderComposite } from "../../../src/report/image/cellComposite.js";

describe("pooledChannelRange", () => {
  it("takes NumPy's linear percentiles over the pixels of every cell together", () => {
    const a = Float64Array.from([0, 1, 2, 3, 4]);
    const b = Float64Array.from([5, 6, 7, 8, 9, 10]);
    // np.percentile(range(11), [50, 90]) = [5, 9]
    expect(pooledChannelRange([a, b], 50, 90)).toEqual([5, 9]);
    expect(pooledChannelRange([b, a], 0, 100)).toEqual([0, 10]);
  });

  it("gives [0, 1] without pixels and widens equal bounds by one", () => {
    expect(pooledChannelRange([], 50, 99.8)).toEqual([0, 1]);
    expect(pooledChannelRange([new Float64Array(4).fill(7)], 1, 99)).toEqual([7, 8]);
  });
});

describe("renderComposite", () => {
  it("maps a given range to black … full colour, clipping outside it", () => {
    const plane = Float64Array.from([0, 10, 20, 40]);
    const cell = { width: 4, height: 1, channels: 1, image: [plane], mask: null };
    const { rgb } = renderComposite(cell as never, [{ channel: 0, color: [200, 100, 0], range: [10, 30] }]);
    expect(Array.from(rgb)).toEqual([0, 0, 0, 0, 0, 0, 100, 50, 0, 200, 100, 0]);
  });
});
