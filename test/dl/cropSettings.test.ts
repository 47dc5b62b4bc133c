import { describe, expect, it } from "vitest";
import {
  parseAugmentations,
  parseBounds,
  parseChannelList,
  parseNameList,
  parseScaling,
} from "../../src/dl/cropSettings.js";

describe("crop settings on the command line", () => {
  it("parses channel lists and names", () => {
    expect(parseChannelList("0,3, 4")).toEqual([0, 3, 4]);
    expect(() => parseChannelList("0,,1")).toThrow(/--channels must list 0-based/);
    expect(() => parseChannelList("1,-2")).toThrow(/0-based/);
    expect(parseNameList("BF, CD3", "--channel-names")).toEqual(["BF", "CD3"]);
    expect(() => parseNameList("a,,b", "--classes")).toThrow(/--classes has an empty name/);
  });

  it("parses the scalings", () => {
    expect(parseScaling(undefined, undefined, 3)).toEqual({ kind: "divide", factor: 4095 });
    expect(parseScaling("255", undefined, 3)).toEqual({ kind: "divide", factor: 255 });
    expect(parseScaling("minmax", "0:10,5:6", 2)).toEqual({ kind: "minmax", lower: [0, 5], upper: [10, 6] });
    expect(parseScaling(undefined, "0:10", 1)).toEqual({ kind: "minmax", lower: [0], upper: [10] });
    expect(parseScaling("minmax", undefined, 2, { sampleSize: 50, seed: 3 })).toEqual({
      kind: "sampled",
      lowerPercentile: 0,
      upperPercentile: 100,
      sampleSize: 50,
      seed: 3,
    });
    expect(parseScaling("percentile", undefined, 2, { percentiles: "0.5, 99.5" })).toMatchObject({
      kind: "sampled",
      lowerPercentile: 0.5,
      upperPercentile: 99.5,
    });
    expect(parseScaling("percentile", undefined, 2)).toMatchObject({
      lowerPercentile: 1,
      upperPercentile: 99,
    });
    expect(() => parseScaling("minmax", "0:10", 2)).toThrow(/1 pairs for 2 selected channels/);
    expect(() => parseScaling("4095", "0:10", 1)).toThrow(/--bounds goes with --scale minmax/);
    expect(() => parseScaling("zero", undefined, 1)).toThrow(/positive number, 'minmax' or 'percentile'/);
    expect(() => parseScaling("-3", undefined, 1)).toThrow(/positive number/);
    expect(() => parseScaling("percentile", undefined, 1, { percentiles: "99,1" })).toThrow(/lower ≤ upper/);
    expect(() => parseBounds("5:1")).toThrow(/low ≤ high/);
    expect(() => parseBounds("1:2:3")).toThrow(/low:high pairs/);
  });

  it("parses augmentation lists", () => {
    expect(parseAugmentations("flips,rotations,noise=0.02,crop=0.7")).toEqual({
      flips: true,
      rotations: true,
      noiseStd: 0.02,
      resizedCrop: { minScale: 0.7, maxScale: 1 },
    });
    expect(() => parseAugmentations("flips,blur")).toThrow(/got 'blur'/);
    expect(() => parseAugmentations("crop=1.5")).toThrow(/crop=MIN/);
    expect(() => parseAugmentations("noise")).toThrow(/noise=STD/);
  });
});
