import { describe, expect, it } from "vitest";
import { analyzeOptionsFromCli } from "../../src/cli/analyzeCommand.js";
import { UsageError } from "../../src/cli/usageError.js";

/** The options commander gives `scifai analyze` with nothing on the command line. */
const defaults = {
  output: "results",
  labelColumn: "label",
  model: "gbdt",
  ablation: true,
  embeddingCells: 3000,
  seed: 0,
  compare: "lr,rf",
  bootstrap: 1000,
  entropyThreshold: 1.2,
  entropyCheck: true,
  focusPercentiles: "2,90",
  focusCheck: true,
  deadChannel: "Live-Dead",
  readoutModel: "lasso",
};

describe("scifai analyze options", () => {
  it("maps the defaults to the study's QC and the lr/rf comparison", () => {
    const options = analyzeOptionsFromCli("data", defaults);
    expect(options.comparisonModels).toEqual(["lr", "rf"]);
    expect(options.qualityControl).toEqual({
      entropy: { threshold: 1.2 },
      focus: { lowerPercentile: 2, upperPercentile: 90 },
      deadCells: { channel: "Live-Dead" },
      outliers: undefined,
    });
    expect(options.cnn).toBeUndefined();
  });

  it("turns QC steps off, on and reconfigures them", () => {
    const options = analyzeOptionsFromCli("data", {
      ...defaults,
      entropyCheck: false,
      focusPercentiles: "1, 95",
      outlierFeatures: "a,b",
      compare: "none",
      channelNames: "BF, F-Actin",
    });
    expect(options.qualityControl?.entropy).toBe(false);
    expect(options.qualityControl?.focus).toEqual({ lowerPercentile: 1, upperPercentile: 95 });
    expect(options.qualityControl?.outliers).toEqual({ features: ["a", "b"] });
    expect(options.comparisonModels).toEqual([]);
    expect(options.channelNames).toEqual(["BF", "F-Actin"]);
  });

  it("takes a CNN with its crop settings", () => {
    const options = analyzeOptionsFromCli("data", {
      ...defaults,
      cnn: "model.onnx",
      cnnChannels: "0,2,4",
      cnnSize: 32,
      cnnScale: 255,
      cnnClasses: "a,b",
    });
    expect(options.cnn).toEqual({
      model: "model.onnx",
      configFrom: undefined,
      channels: [0, 2, 4],
      size: 32,
      classes: ["a", "b"],
      scaling: { kind: "divide", factor: 255 },
    });
  });

  it("refuses inconsistent options with a usage error naming them", () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ model: "xgb" }, /--model must be one of/],
      [{ compare: "lr,knn" }, /--compare: 'knn'/],
      [{ cnnSize: 64 }, /need --cnn/],
      [{ focusPercentiles: "90,2" }, /--focus-percentiles/],
      [{ entropyThreshold: 0 }, /--entropy-threshold/],
      [{ control: "-SEA" }, /--control and --treatment go together/],
      [{ select: "0" }, /--select/],
      [{ modelOptions: "{bad" }, /--model-options is not valid JSON/],
      [{ readoutColumn: "IL2" }, /need --readout/],
      [{ readoutModel: "ols" }, /--readout-model must be lasso or ridge/],
    ];
    for (const [change, message] of cases) {
      const run = () => analyzeOptionsFromCli("data", { ...defaults, ...change } as typeof defaults);
      expect(run).toThrow(UsageError);
      expect(run).toThrow(message);
    }
  });
});
