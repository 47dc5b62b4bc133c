const CHANNEL_TOKEN = /^(?:Ch|R)(\d+)$/;

/**
 * The channels a feature column involves, as sorted distinct 0-based channel indices, read from
 * its `_`-separated tokens: `Ch{k}` (channel k's image) and `R{k}` (channel k's mask), both
 * 1-based, and, when `channelNames` are given, marker names after renaming (a token equal to
 * `channelNames[i]` is channel i). So `correlation_distance_R5_MHCII_R6_CD3` involves channels 5
 * and 6 (1-based) and `sum_intensity_ratio_MHCII_R5_R6` (MHCII = channel 5) too. Masks count as
 * their channel: a mask is segmented from that channel's image. Whole tokens only, so `Ch1` never
 * matches `Ch10`; a marker name that is also an ordinary word of a column name (say a channel
 * called "mean") would be matched too, so name markers distinctly. Returns [] for a name without
 * channel tokens; throws when a token names a channel beyond `channelNames`.
 */
export function featureChannels(featureName: string, channelNames?: readonly string[]): number[] {
  return channelsOfName(featureName, channelNames, channelNames ? markerIndex(channelNames) : null);
}

/** {@link featureChannels} of every name. */
export function featureChannelsOf(
  featureNames: readonly string[],
  channelNames?: readonly string[],
): number[][] {
  const markers = channelNames ? markerIndex(channelNames) : null;
  return featureNames.map((name) => channelsOfName(name, channelNames, markers));
}

function markerIndex(channelNames: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  channelNames.forEach((name, i) => {
    if (!index.has(name)) index.set(name, i);
  });
  return index;
}

function channelsOfName(
  featureName: string,
  channelNames: readonly string[] | undefined,
  markers: Map<string, number> | null,
): number[] {
  const found = new Set<number>();
  for (const token of featureName.split("_")) {
    const match = CHANNEL_TOKEN.exec(token);
    if (match) {
      const index = Number(match[1]) - 1;
      if (index < 0) throw new RangeError(`${featureName}: channel tokens are 1-based, found ${token}`);
      if (channelNames && index >= channelNames.length)
        throw new RangeError(
          `${featureName}: ${token} refers to channel ${index + 1}, but ${channelNames.length} channel names are given`,
        );
      found.add(index);
      continue;
    }
    const index = markers?.get(token);
    if (index !== undefined) found.add(index);
  }
  return [...found].sort((a, b) => a - b);
}
