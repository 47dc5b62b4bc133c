import { describe, expect, it } from "vitest";
import { importanceByChannel, shapByChannel } from "../../src/explain/channelImportance.js";
import { featureChannels, featureChannelsOf } from "../../src/explain/featureChannels.js";
import { meanAbsoluteShapPerClass } from "../../src/explain/globalImportance.js";
import type { ShapResult } from "../../src/explain/shapValues.js";
import { renameChannels } from "../../src/features/channelNames.js";
import { featureUnionFor } from "../../src/features/featureSets.js";
import { createRandom } from "../../src/util/random.js";

const PANEL5 = ["BF", "F-Actin", "MHCII", "CD3", "P-CD3zeta"];
const PANEL8 = ["BF", "Antibody", "CD18", "F-Actin", "MHCII", "CD3", "P-CD3zeta", "Live-Dead"];

describe("featureChannels", () => {
  it("reads the paper's examples (8-channel panel, marker names after renaming)", () => {
    expect(featureChannels("correlation_distance_R5_MHCII_R6_CD3", PANEL8)).toEqual([4, 5]);
    expect(featureChannels("sum_intensity_ratio_MHCII_R5_R6", PANEL8)).toEqual([4, 5]);
    expect(featureChannels("kurtosis_intensity_P-CD3zeta", PANEL8)).toEqual([6]);
    expect(featureChannels("mask_based_equivalent_diameter_BF", PANEL8)).toEqual([0]);
    expect(featureChannels("sum_intensity_ratio_Ch5_R5_R6")).toEqual([4, 5]);
    // Whole tokens: Ch1 is not Ch10, and hu-1 or percentile numbers are no channels.
    expect(featureChannels("dice_distance_Ch1_Ch10")).toEqual([0, 9]);
    expect(featureChannels("mask_based_moments_hu-1_Ch3")).toEqual([2]);
    expect(featureChannels("percentile_10_Ch2")).toEqual([1]);
    expect(featureChannels("cells_per_image")).toEqual([]);
    // Without channel names, marker names are not recognised.
    expect(featureChannels("kurtosis_intensity_P-CD3zeta")).toEqual([]);
    expect(() => featureChannels("dice_distance_Ch1_Ch6", PANEL5)).toThrow(/channel 6/);
    expect(() => featureChannels("dice_distance_Ch0_Ch1")).toThrow(/1-based/);
  });

  it("maps every README column (5 channels) to its channels, with or without renaming", () => {
    const names = featureUnionFor("readme").columnNames(5);
    expect(names.length).toBe(600);
    const byTokens = featureChannelsOf(names);
    const renamed = renameChannels(names, PANEL5);
    const byMarkers = featureChannelsOf(renamed, PANEL5);
    expect(byMarkers).toEqual(byTokens);
    const histogram = [0, 0, 0, 0];
    for (const channels of byTokens) histogram[channels.length]++;
    // Single-channel families: 32+6+1+1+9+9 per channel = 290; pair features: Collocalization 140,
    // CenterOfCellsDistances 20 and the 30 intersection ratios whose channel is one of the two
    // masks; the other 90 intersection ratios involve a third channel (its intensity inside the
    // intersection of two other channels' masks).
    expect(histogram).toEqual([0, 290, 220, 90]);
    expect(byTokens[names.indexOf("sum_intensity_ratio_Ch3_R3_R4")]).toEqual([2, 3]);
    expect(byTokens[names.indexOf("sum_intensity_ratio_Ch1_R3_R4")]).toEqual([0, 2, 3]);
    expect(byTokens[names.indexOf("correlation_distance_R1_Ch1_R2_Ch2")]).toEqual([0, 1]);
  });
});

describe("importanceByChannel and shapByChannel", () => {
  const names = renameChannels(featureUnionFor("readme").columnNames(5), PANEL5);

  it("splits a pair feature evenly and keeps the total", () => {
    const importances = new Float64Array(names.length);
    importances[names.indexOf("correlation_distance_R3_MHCII_R4_CD3")] = 1;
    importances[names.indexOf("kurtosis_intensity_P-CD3zeta")] = 0.5;
    importances[names.indexOf("sum_intensity_ratio_BF_R3_R4")] = 0.3;
    const shares = importanceByChannel(importances, names, PANEL5);
    // BF gets a third of the three-channel ratio; MHCII and CD3 half of the pair plus a third.
    expect(Array.from(shares.shares)).toEqual([0.3 / 3, 0, 0.5 + 0.3 / 3, 0.5 + 0.3 / 3, 0.5]);
    expect(shares.unassigned).toBe(0);
    expect(shares.featureCounts[0]).toBe(
      featureChannelsOf(names, PANEL5).filter((channels) => channels.includes(0)).length,
    );
    const extra = importanceByChannel([2, 1], ["cells_per_image", "area_BF"], PANEL5);
    expect(extra.unassigned).toBe(2);
    expect(Array.from(extra.shares)).toEqual([1, 0, 0, 0, 0]);
    expect(() => importanceByChannel([1], names, PANEL5)).toThrow(/importances/);
  });

  it("per class: the channels' mean |SHAP| add up to the features' total", () => {
    const random = createRandom(5);
    const classes = ["A", "B", "C"];
    const rows = 20;
    const features = names.length;
    const values = Float64Array.from({ length: rows * classes.length * features }, () => random.normal());
    const shap: ShapResult = {
      values,
      bias: new Float64Array(rows * classes.length),
      rows,
      classes,
      featureNames: names,
      outputSpace: "margin (softmax logit)",
      method: "tree",
    };
    const byChannel = shapByChannel(shap, PANEL5);
    const means = meanAbsoluteShapPerClass(shap);
    for (let k = 0; k < classes.length; k++) {
      let features = 0;
      for (let j = 0; j < names.length; j++) features += means.perClass[k * names.length + j];
      let channels = byChannel.unassignedPerClass[k];
      for (let c = 0; c < PANEL5.length; c++) channels += byChannel.perClass[c * classes.length + k];
      expect(Math.abs(channels - features)).toBeLessThan(1e-9 * features);
    }
    const total = means.overall.reduce((s, v) => s + v, 0);
    expect(Math.abs(byChannel.overall.reduce((s, v) => s + v, 0) - total)).toBeLessThan(1e-9 * total);
    // Precomputed means give the same result.
    expect(Array.from(shapByChannel(means, PANEL5).perClass)).toEqual(Array.from(byChannel.perClass));
  });
});
