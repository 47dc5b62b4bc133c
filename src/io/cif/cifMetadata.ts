import { AmnisTag } from "./amnisTags.js";
import type { ByteSource } from "./byteSource.js";
import {
  readInteger,
  readIntegers,
  readText,
  type TiffDirectory,
  TiffFormatError,
  type TiffHeader,
} from "./tiffStructure.js";

/** What a .cif/.rif file says about its acquisition, read from its first directory and its XML. */
export interface CifMetadata {
  /** The path the file was opened with. */
  readonly file: string;
  readonly littleEndian: boolean;
  readonly bigTiff: boolean;
  /** Channels per object (C): tag 33000, else the channels in use in the XML. */
  readonly channelCount: number;
  /**
   * One name per channel: tag 33007 ("|"-separated) when present, else the XML display names
   * (`Channel{k}Name`) of the channels in use, else `Ch{k}`.
   */
  readonly channelNames: readonly string[];
  /** One description per channel from tag 33008, or `null` when the file has none. */
  readonly channelDescriptions: readonly string[] | null;
  /**
   * Instrument channel numbers (1-based: Ch1…Ch12) of the stored channels, in storage order, from
   * the XML `ChannelInUseIndicators_0_11`; `null` when the XML does not say or disagrees with C.
   */
  readonly instrumentChannels: readonly number[] | null;
  /** Objective magnification (20, 40, 60) from the XML, or `null`. */
  readonly magnification: number | null;
  /** Instrument name (tag 33006), or `null`. */
  readonly instrument: string | null;
  /** Number of objects the file declares (tag 33018), or `null`; the directories are authoritative. */
  readonly declaredObjectCount: number | null;
  /** Acquisition time as written (tag 33004), or `null`. */
  readonly acquisitionTime: string | null;
  /** Software versions: acquisition (tag 33069) and processing (tag 33066), `null` when absent. */
  readonly acquisitionSoftware: string | null;
  readonly processingSoftware: string | null;
  /** Default channel width in pixels (tag 33009), or `null`; objects are cropped narrower. */
  readonly channelWidth: number | null;
  /** The acquisition settings XML (tag 33027) for anything not parsed here, or `null`. */
  readonly acquisitionXml: string | null;
}

/**
 * Reads the metadata from the first directory of a .cif/.rif file. Throws TiffFormatError when the
 * channel count is in neither tag 33000 nor the XML, and OutOfRangeError when a value lies beyond
 * the end of the file.
 */
export function readCifMetadata(
  source: ByteSource,
  header: TiffHeader,
  first: TiffDirectory,
  file: string,
): CifMetadata {
  const text = (tag: number) => nonEmpty(readText(source, first, tag));
  const xml = text(AmnisTag.acquisitionXml);
  const inUse = xml ? channelsInUse(xml) : null;
  const taggedCount = readInteger(source, header, first, AmnisTag.channelCount);
  const channelCount = taggedCount ?? inUse?.length ?? null;
  if (channelCount === null || channelCount < 1) {
    throw new TiffFormatError("channel count not found (no tag 33000 and no channels in use in the XML)");
  }
  const instrumentChannels = inUse && inUse.length === channelCount ? inUse : null;
  const magnificationText = xml ? xmlElementText(xml, "Magnification") : null;
  const magnification = magnificationText === null ? Number.NaN : Number(magnificationText);
  const objectCount = readIntegers(source, header, first, AmnisTag.objectCount);
  const channelWidth = readInteger(source, header, first, AmnisTag.channelWidth);
  return {
    file,
    littleEndian: header.littleEndian,
    bigTiff: header.bigTiff,
    channelCount,
    channelNames: channelNamesOf(text(AmnisTag.channelNames), xml, instrumentChannels, channelCount),
    channelDescriptions: splitList(text(AmnisTag.channelDescriptions), channelCount),
    instrumentChannels,
    magnification: Number.isFinite(magnification) && magnification > 0 ? magnification : null,
    instrument: text(AmnisTag.instrument),
    declaredObjectCount: objectCount && objectCount.length > 0 ? objectCount[0] : null,
    acquisitionTime: text(AmnisTag.acquisitionTime),
    acquisitionSoftware: text(AmnisTag.acquisitionSoftware),
    processingSoftware: text(AmnisTag.processingSoftware),
    channelWidth: channelWidth !== null && channelWidth > 0 ? channelWidth : null,
    acquisitionXml: xml,
  };
}

function channelNamesOf(
  tagged: string | null,
  xml: string | null,
  instrumentChannels: readonly number[] | null,
  count: number,
): string[] {
  const fromTag = splitList(tagged, count);
  if (fromTag) return fromTag;
  const numbers = instrumentChannels ?? Array.from({ length: count }, (_, i) => i + 1);
  if (xml && instrumentChannels) {
    const names = numbers.map((k) => nonEmpty(xmlElementText(xml, `Channel${k}Name`)?.trim() ?? null));
    if (names.every((name) => name !== null)) return names as string[];
  }
  return numbers.map((k) => `Ch${k}`);
}

/** 1-based numbers of the channels marked "1" in `ChannelInUseIndicators_0_11`, or null. */
function channelsInUse(xml: string): number[] | null {
  const indicators = xmlElementText(xml, "ChannelInUseIndicators_0_11");
  if (indicators === null) return null;
  const flags = indicators.trim().split(/\s+/);
  const used: number[] = [];
  flags.forEach((flag, i) => {
    if (flag === "1") used.push(i + 1);
  });
  return used.length > 0 ? used : null;
}

function splitList(text: string | null, count: number): string[] | null {
  if (text === null) return null;
  const parts = text.split("|");
  return parts.length === count ? parts : null;
}

function nonEmpty(text: string | null): string | null {
  return text === null || text.trim() === "" ? null : text;
}

/**
 * The text of the first `<name>…</name>` element of `xml` with entities decoded, or `null` when
 * there is none (`<name/>` gives ""). Enough for the flat, attribute-free Amnis settings XML.
 */
export function xmlElementText(xml: string, name: string): string | null {
  const open = `<${name}>`;
  const start = xml.indexOf(open);
  if (start < 0) return xml.includes(`<${name}/>`) ? "" : null;
  const end = xml.indexOf(`</${name}>`, start + open.length);
  if (end < 0) return null;
  return decodeEntities(xml.slice(start + open.length, end));
}

const NAMED_ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, body: string) => {
    if (body.startsWith("#x")) return codePoint(Number.parseInt(body.slice(2), 16), whole);
    if (body.startsWith("#")) return codePoint(Number.parseInt(body.slice(1), 10), whole);
    return NAMED_ENTITIES[body] ?? whole;
  });
}

function codePoint(value: number, fallback: string): string {
  return Number.isInteger(value) && value >= 0 && value <= 0x10ffff ? String.fromCodePoint(value) : fallback;
}
