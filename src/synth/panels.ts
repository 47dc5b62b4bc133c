/** The markers a synthetic channel can show; bright field is channel 1 in every panel. */
export type Marker = "BF" | "Antibody" | "CD18" | "F-Actin" | "MHCII" | "CD3" | "P-CD3zeta" | "Live-Dead";

/** The study's 8-channel panel, in acquisition order (R5 = MHCII, R6 = CD3, R7 = P-CD3zeta). */
export const PANEL_8: readonly Marker[] = [
  "BF",
  "Antibody",
  "CD18",
  "F-Actin",
  "MHCII",
  "CD3",
  "P-CD3zeta",
  "Live-Dead",
];

/** The 5-channel panel used for classification in the study. */
export const PANEL_5: readonly Marker[] = ["BF", "F-Actin", "MHCII", "CD3", "P-CD3zeta"];

/** The panel for a channel count (5 or 8); throws for any other count. */
export function panelFor(channels: number): readonly Marker[] {
  if (channels === 5) return PANEL_5;
  if (channels === 8) return PANEL_8;
  throw new RangeError(`synthetic panels have 5 or 8 channels, not ${channels}`);
}
