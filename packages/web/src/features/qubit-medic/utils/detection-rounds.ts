import type { CodeLayout } from '@verilab/qubit-medic';

/**
 * The detection events of one shot, round by round: detector k watches stabiliser
 * `layout.detectors[k].stabilizer` in round `layout.detectors[k].round`, where rounds
 * 0 … rounds−1 are the stabiliser measurement rounds and round `rounds` is the final check
 * computed from the measured data qubits (the prompt's "Round 1 … Round R, Final check").
 */
export interface RoundEvents {
  readonly round: number;
  readonly label: string;
  /** Stabiliser indices that have a detector in this round. */
  readonly watched: readonly number[];
  /** Stabiliser indices whose detector fired. */
  readonly fired: readonly number[];
}

export function roundLabel(round: number, rounds: number): string {
  return round >= rounds ? 'Final check' : `Round ${round + 1}`;
}

export function detectionRounds(layout: CodeLayout, syndromeBits: readonly number[]): RoundEvents[] {
  const rounds = Array.from({ length: layout.rounds + 1 }, (_, round) => ({
    round,
    label: roundLabel(round, layout.rounds),
    watched: [] as number[],
    fired: [] as number[],
  }));
  layout.detectors.forEach((detector, k) => {
    const slot = rounds[detector.round];
    if (slot === undefined) return;
    slot.watched.push(detector.stabilizer);
    if (syndromeBits[k] === 1) slot.fired.push(detector.stabilizer);
  });
  return rounds;
}
