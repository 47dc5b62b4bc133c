import { describe, expect, it } from "vitest";
import { xmlElementText } from "../../../src/io/cif/cifMetadata.js";
import { CifReader } from "../../../src/io/cif/cifObjects.js";
import { acquisitionXml, buildCif } from "./syntheticCif.js";

describe("Amnis settings XML", () => {
  it("finds the first element's text and decodes entities", () => {
    const xml = "<a><Name>B &amp; T &lt;cells&gt; &#233;&#x263A;</Name><Name>second</Name><Empty/></a>";
    expect(xmlElementText(xml, "Name")).toBe("B & T <cells> é☺");
    expect(xmlElementText(xml, "Empty")).toBe("");
    expect(xmlElementText(xml, "Missing")).toBeNull();
    expect(xmlElementText("<Open>never closed", "Open")).toBeNull();
    expect(xmlElementText("<X>&bogus; &#99999999;</X>", "X")).toBe("&bogus; &#99999999;");
  });
});

describe("CIF metadata", () => {
  const objects: never[] = [];
  const open = (options: Parameters<typeof buildCif>[0]) =>
    CifReader.fromBytes(buildCif(options), "m.cif").metadata;

  it("maps the channels in use to instrument channel numbers and their display names", () => {
    const flags = "0 1 0 1 1 0 0 0 0 0 0 1";
    const xml = acquisitionXml(12, [
      "BF",
      "F-Actin",
      "x",
      "CD3",
      "MHCII",
      "y",
      "z",
      "w",
      "v",
      "u",
      "t",
      "Live",
    ]).replace(/<ChannelInUseIndicators_0_11>[^<]*/, `<ChannelInUseIndicators_0_11>${flags} `);
    const metadata = open({ channels: 4, objects, xml });
    expect(metadata.channelCount).toBe(4);
    expect(metadata.instrumentChannels).toEqual([2, 4, 5, 12]);
    expect(metadata.channelNames).toEqual(["F-Actin", "CD3", "MHCII", "Live"]);
  });

  it("falls back to Ch{k} when display names are missing, and prefers tag 33000 for the count", () => {
    const xml = acquisitionXml(2).replace(/<Display>[\s\S]*<\/Display>/, "");
    expect(open({ channels: 2, objects, xml }).channelNames).toEqual(["Ch1", "Ch2"]);
    const tagged = open({ channels: 3, objects, xml, firstFields: [{ tag: 33000, type: 3, values: [3] }] });
    expect(tagged.channelCount).toBe(3);
    expect(tagged.instrumentChannels).toBeNull(); // the XML marks 2 channels, the tag says 3
    expect(tagged.channelNames).toEqual(["Ch1", "Ch2", "Ch3"]);
  });
});
