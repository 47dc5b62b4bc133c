/** The cell classes of the synthetic experiment (a subset of the study's nine). */
export const SYNTH_CLASSES = [
  "B_cell",
  "T_cell",
  "T_cell_with_signaling",
  "Synapses_without_signaling",
  "Synapses_with_signaling",
  "No_cell_cell_interaction",
  "Multiplets",
] as const;

/** One synthetic cell class. */
export type SynthClass = (typeof SYNTH_CLASSES)[number];

/** Class frequencies (fractions summing to 1) of one condition. */
export type ClassFrequencies = Record<SynthClass, number>;

/**
 * Baseline frequencies without stimulation, and with it. Only T_cell (down), T_cell_with_signaling
 * and Synapses_with_signaling (up) differ: the planted truth that analyses must recover.
 */
const UNSTIMULATED: ClassFrequencies = {
  B_cell: 0.3,
  T_cell: 0.36,
  T_cell_with_signaling: 0.04,
  Synapses_without_signaling: 0.12,
  Synapses_with_signaling: 0.03,
  No_cell_cell_interaction: 0.08,
  Multiplets: 0.07,
};
const STIMULATED: ClassFrequencies = {
  ...UNSTIMULATED,
  T_cell: 0.22,
  T_cell_with_signaling: 0.1,
  Synapses_with_signaling: 0.11,
};

/** A condition of the synthetic design with its class frequencies and how strongly T cells signal. */
export interface SynthCondition {
  name: string;
  /** Whether the condition stimulates T cells (SEA, a T-cell bispecific). */
  stimulated: boolean;
  frequencies: ClassFrequencies;
  /** Multiplies the P-CD3zeta signal of signalling cells (a planted morphology shift). */
  signalStrength: number;
}

/** Control and stimulated conditions in the study's naming. */
export const DEFAULT_CONDITIONS: readonly SynthCondition[] = [
  { name: "-SEA", stimulated: false, frequencies: UNSTIMULATED, signalStrength: 1 },
  { name: "+SEA", stimulated: true, frequencies: STIMULATED, signalStrength: 1.5 },
];

/** Experiments and their donors: six donors, so that paired per-donor tests have power. */
export const DEFAULT_DONORS: readonly { experiment: string; donor: string }[] = [
  { experiment: "Experiment_1", donor: "Donor_1" },
  { experiment: "Experiment_1", donor: "Donor_2" },
  { experiment: "Experiment_1", donor: "Donor_3" },
  { experiment: "Experiment_2", donor: "Donor_4" },
  { experiment: "Experiment_2", donor: "Donor_5" },
  { experiment: "Experiment_2", donor: "Donor_6" },
];

/** Classes whose frequency differs between the default control and stimulated conditions. */
export function changedClasses(control: SynthCondition, treatment: SynthCondition): SynthClass[] {
  return SYNTH_CLASSES.filter((c) => Math.abs(control.frequencies[c] - treatment.frequencies[c]) > 1e-12);
}
