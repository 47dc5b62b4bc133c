import { describe, expect, it } from "vitest";
import { renameChannels, validateChannelNames } from "../../src/features/channelNames.js";
import { featureUnionFor } from "../../src/features/featureSets.js";

const FIVE = ["BF", "F-Actin", "MHCII", "CD3", "P-CD3zeta"];

describe("renameChannels", () => {
  it("renames Ch tokens and keeps R tokens, as the study's notebooks did", () => {
    expect(
      renameChannels(
        [
          "sum_intensity_ratio_Ch3_R3_R4",
          "correlation_distance_R3_Ch3_R4_Ch4",
          "manders_overlap_coefficient_R3_Ch3_R5_Ch5",
          "dice_distance_Ch1_Ch4",
          "kurtosis_intensity_Ch5",
          "mask_based_moments_hu-0_Ch1",
          "Hog_12_Ch2",
        ],
        FIVE,
      ),
    ).toEqual([
      "sum_intensity_ratio_MHCII_R3_R4",
      "correlation_distance_R3_MHCII_R4_CD3",
      "manders_overlap_coefficient_R3_MHCII_R5_P-CD3zeta",
      "dice_distance_BF_CD3",
      "kurtosis_intensity_P-CD3zeta",
      "mask_based_moments_hu-0_BF",
      "Hog_12_F-Actin",
    ]);
  });

  it("never lets Ch1 clobber Ch10 or Ch11 with ten or more channels", () => {
    const names = Array.from({ length: 12 }, (_, i) => `M${i + 1}`);
    expect(renameChannels(["dice_distance_Ch1_Ch10", "Area_Ch11", "Area_Ch1"], names)).toEqual([
      "dice_distance_M1_M10",
      "Area_M11",
      "Area_M1",
    ]);
  });

  it("renames the whole README set without collisions", () => {
    const renamed = renameChannels(featureUnionFor("readme").columnNames(5), FIVE);
    expect(new Set(renamed).size).toBe(600);
    expect(renamed).toContain("sum_intensity_ratio_MHCII_R3_R4");
  });

  it("rejects names that would be ambiguous or too few", () => {
    expect(() => renameChannels(["Area_Ch6"], FIVE)).toThrow(/channel 6/);
    expect(() => validateChannelNames(FIVE, 5)).not.toThrow();
    expect(() => validateChannelNames(["BF"], 5)).toThrow(/1 channel names given for 5/);
    expect(() => validateChannelNames(["BF", "P_CD3", "A", "B", "C"], 5)).toThrow(/_/);
    expect(() => validateChannelNames(["BF", "BF", "A", "B", "C"], 5)).toThrow(/twice/);
    expect(() => validateChannelNames(["BF", "Ch2", "A", "B", "C"], 5)).toThrow(/token/);
  });
});
