import { pythonFloatRepr } from '@verilab/core';
import type { CodeLayout } from './code-layout.ts';

/**
 * The original Qubit-Medic prompt, byte for byte (docs/original-qubit-medic.md#prompt, #syndrome-block), so adapters trained on it
 * can be evaluated here. It is kept exactly as it was, flaws included: its rows are fixed-width
 * chunks of the flat detector array labelled "X"/"Z" by position, not Stim's rounds and
 * stabiliser types. `v2` is the correct prompt.
 */
export interface PromptV1Input {
  readonly distance: number;
  readonly rounds: number;
  readonly p: number;
  readonly syndromeBits: readonly number[];
  readonly numXStabilizers: number;
  readonly numZStabilizers: number;
  readonly numDataQubits: number;
}

export function buildPromptV1(input: PromptV1Input): string {
  return [
    'You are an expert quantum error correction decoder. Your job is to identify which data qubits experienced errors based on syndrome measurements.',
    '',
    `A surface code protects 1 logical qubit using ${input.numDataQubits} data qubits arranged in a ${input.distance}x${input.distance} grid. Stabilizer measurements detect errors: a '1' means that stabilizer fired (detected something wrong nearby); a '0' means it looks fine. Errors must be deduced from the pattern of stabilizers that fired.`,
    '',
    `Code distance: ${input.distance}`,
    `Number of stabilizer rounds: ${input.rounds}`,
    `Physical error rate: ${pythonFloatRepr(input.p)}`,
    `X-stabilizer count per round: ${input.numXStabilizers}`,
    `Z-stabilizer count per round: ${input.numZStabilizers}`,
    '',
    formatSyndromeBlockV1(input.syndromeBits, input.rounds, input.numXStabilizers, input.numZStabilizers),
    '',
    `Identify which data qubits (numbered 0-${input.numDataQubits - 1}) had X-errors and Z-errors. Most syndromes have 0-2 errors; an empty list means no errors of that type.`,
    '',
    ANSWER_INSTRUCTIONS,
  ].join('\n');
}

/** The answer-format lines shared by every prompt version (the answer format never changes). */
export const ANSWER_INSTRUCTIONS = [
  'Output exactly ONE line and nothing else. Do not write reasoning, markdown, bullets, analysis, or explanations. Your entire response must match this exact format:',
  'X_ERRORS=[qubit_ids] Z_ERRORS=[qubit_ids]',
  '',
  'Valid one-line examples:',
  'X_ERRORS=[] Z_ERRORS=[]',
  'X_ERRORS=[] Z_ERRORS=[4]',
  'X_ERRORS=[2] Z_ERRORS=[5,6]',
].join('\n');

/** docs/original-qubit-medic.md#syndrome-block: chunks of `numX + numZ` bits per "round", the remainder as "Final-round detectors". */
export function formatSyndromeBlockV1(
  bits: readonly number[],
  rounds: number,
  numX: number,
  numZ: number,
): string {
  const perRound = numX + numZ;
  if (perRound === 0 || rounds === 0 || bits.length === 0) return '(no detectors fired)';
  const lines: string[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = r * perRound;
    if (start >= bits.length) break;
    const chunk = bits.slice(start, start + perRound);
    lines.push(`Round ${r + 1} X-stabilizers: ${chunk.slice(0, numX).join(' ')}`);
    lines.push(`Round ${r + 1} Z-stabilizers: ${chunk.slice(numX, numX + numZ).join(' ')}`);
  }
  if (rounds * perRound < bits.length) {
    lines.push(`Final-round detectors: ${bits.slice(rounds * perRound).join(' ')}`);
  }
  return lines.join('\n');
}

/**
 * The original's `(n_x, n_z)` (docs/original-qubit-medic.md#stabilizer-counts): the X and Z detector counts of the round with the
 * most detectors, typing detectors by their measurement qubit.
 */
export function perRoundStabilizerCounts(layout: CodeLayout): { numX: number; numZ: number } {
  const byRound = new Map<number, { numX: number; numZ: number }>();
  for (const detector of layout.detectors) {
    const counts = byRound.get(detector.round) ?? { numX: 0, numZ: 0 };
    if (layout.stabilizers[detector.stabilizer]?.type === 'X') counts.numX++;
    else counts.numZ++;
    byRound.set(detector.round, counts);
  }
  let best = { numX: 0, numZ: 0 };
  for (const counts of byRound.values()) {
    if (counts.numX + counts.numZ > best.numX + best.numZ) best = counts;
  }
  return best;
}
