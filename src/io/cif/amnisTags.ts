/**
 * TIFF tags of Amnis .cif/.rif files (ImageStream, FlowSight) that this reader uses. Numbers and
 * meanings as documented by Bio-Formats' FlowSightReader and the IFC R package, checked against
 * the example file.
 */
export const TiffTag = {
  imageWidth: 256,
  imageLength: 257,
  bitsPerSample: 258,
  compression: 259,
  stripOffsets: 273,
  stripByteCounts: 279,
} as const;

/** Amnis-specific tags. */
export const AmnisTag = {
  /** Number of channels (some files only; others give it in the XML). */
  channelCount: 33000,
  /** Kind of directory: 1 file information, 2 object image, 3 object mask. */
  directoryKind: 33002,
  /** Object number of an image directory. */
  objectNumber: 33003,
  /** Acquisition time (text). */
  acquisitionTime: 33004,
  /** Instrument name (text). */
  instrument: 33006,
  /** Channel names separated by "|" (some files only). */
  channelNames: 33007,
  /** Channel descriptions separated by "|" (some files only). */
  channelDescriptions: 33008,
  /** Default channel width in pixels. */
  channelWidth: 33009,
  /** Number of objects the file declares. */
  objectCount: 33018,
  /** Acquisition settings as XML (illumination, fluidics, imaging, display). */
  acquisitionXml: 33027,
  /** Background mean per channel of an object image. */
  backgroundMean: 33052,
  /** Background standard deviation per channel of an object image. */
  backgroundStd: 33053,
  /** Version of the software that processed the file (text). */
  processingSoftware: 33066,
  /** Version of the acquisition software (text). */
  acquisitionSoftware: 33069,
} as const;

/** Values of AmnisTag.directoryKind. */
export const DirectoryKind = { file: 1, image: 2, mask: 3 } as const;
