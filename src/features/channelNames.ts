/**
 * Renames the `Ch{k}` tokens of scifAI column names to marker names, as the study's notebooks did:
 * `dice_distance_Ch1_Ch4` → `dice_distance_BF_CD3`, `correlation_distance_R5_Ch5_R6_Ch6` →
 * `correlation_distance_R5_MHCII_R6_CD3`. Mask tokens `R{k}` are kept. Works on whole
 * `_`-separated tokens, so `Ch1` never touches `Ch10`. Throws when a name refers to a channel
 * beyond `channelNames`.
 */
export function renameChannels(columnNames: readonly string[], channelNames: readonly string[]): string[] {
  return columnNames.map((name) =>
    name
      .split("_")
      .map((token) => {
        const match = /^Ch(\d+)$/.exec(token);
        if (!match) return token;
        const index = Number(match[1]) - 1;
        if (index >= channelNames.length) {
          throw new RangeError(
            `${name}: channel ${index + 1} has no name (${channelNames.length} names given)`,
          );
        }
        return channelNames[index];
      })
      .join("_"),
  );
}

/** Checks a list of channel names: one per channel, unique, non-empty, no `_` (the token separator). */
export function validateChannelNames(channelNames: readonly string[], channels: number): void {
  if (channelNames.length !== channels) {
    throw new RangeError(`${channelNames.length} channel names given for ${channels} channels`);
  }
  const seen = new Set<string>();
  for (const name of channelNames) {
    if (name === "" || name.includes("_") || name.includes(",")) {
      throw new RangeError(`channel name '${name}' must be non-empty without '_' or ','`);
    }
    if (/^(Ch|R)\d+$/.test(name)) throw new RangeError(`channel name '${name}' looks like a channel token`);
    if (seen.has(name)) throw new RangeError(`channel name '${name}' is given twice`);
    seen.add(name);
  }
}
