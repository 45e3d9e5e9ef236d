import { ANSWER_INSTRUCTIONS } from './prompt-v1.ts';
import { pythonFloatRepr } from './python-float.ts';
import type { CodeLayout } from './code-layout.ts';

/**
 * The default prompt: the same task and answer format as v1, but true to the physics (spec §11
 * weaknesses 1–2). Detection events are grouped by their real round and stabiliser type, each
 * stabiliser is named with the data qubits it checks, and the data-qubit numbering is drawn as
 * the grid the LLM ids refer to.
 */
export interface PromptV2Input {
  readonly layout: CodeLayout;
  readonly p: number;
  readonly syndromeBits: readonly number[];
  /** Free text naming the noise model, e.g. "SI1000-like". */
  readonly noiseLabel: string;
}

export function buildPromptV2({ layout, p, syndromeBits, noiseLabel }: PromptV2Input): string {
  const { distance, rounds, basis } = layout;
  const n = layout.dataQubits.length;
  const names = stabilizerNames(layout);
  const protectedType = basis === 'Z' ? 'X' : 'Z';
  return [
    'You are an expert quantum error correction decoder. Your job is to identify which data qubits experienced errors based on syndrome measurements.',
    '',
    `A rotated surface code of distance ${distance} protects 1 logical qubit with ${n} data qubits, numbered 0-${n - 1} row by row:`,
    dataGrid(layout),
    '',
    `Experiment: the logical qubit is prepared in the ${basis} basis, ${rounds} round${rounds === 1 ? '' : 's'} of stabilizer measurements follow, and finally every data qubit is measured in the ${basis} basis. Physical error rate: ${pythonFloatRepr(p)} (${noiseLabel} circuit noise).`,
    '',
    'Stabilizers (name: data qubits). Z stabilizers detect X errors; X stabilizers detect Z errors.',
    ...layout.stabilizers.map((s, k) => `${names[k]}: ${s.support.join(' ')}`),
    '',
    `A detection event (1) means a stabilizer's value changed: in round 1 compared with the prepared state, ${rounds >= 2 ? `in rounds 2-${rounds} compared with the round before, ` : ''}and in the final check (computed from the measured data qubits) compared with round ${rounds}. Only ${basis} stabilizers have a defined value at the start and at the end, so round 1 and the final check list ${basis} stabilizers only.`,
    '',
    'Detection events:',
    ...detectionEventLines(layout, syndromeBits, names),
    '',
    `Identify which data qubits (numbered 0-${n - 1}) had X-errors and Z-errors. The logical qubit fails when the ${protectedType} errors you miss cross the code. Most syndromes have 0-2 errors; an empty list means no errors of that type.`,
    '',
    ANSWER_INSTRUCTIONS,
  ].join('\n');
}

/** `X0, X1, …` and `Z0, Z1, …`, each type numbered in measurement-qubit order. */
export function stabilizerNames(layout: CodeLayout): string[] {
  const counters = { X: 0, Z: 0 };
  return layout.stabilizers.map((s) => `${s.type}${counters[s.type]++}`);
}

function dataGrid(layout: CodeLayout): string {
  const width = String(layout.dataQubits.length - 1).length;
  const rows = new Map<number, { x: number; id: number }[]>();
  layout.dataCoords.forEach(([x, y], id) => {
    rows.set(y, [...(rows.get(y) ?? []), { x, id }]);
  });
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, cells]) =>
      cells
        .sort((a, b) => a.x - b.x)
        .map((cell) => String(cell.id).padStart(width))
        .join(' '),
    )
    .join('\n');
}

/** Per layout: each (round, type) group's detector indices in stabiliser order, computed once. */
const GROUPS = new WeakMap<CodeLayout, { label: string; detectors: number[] }[]>();

function detectorGroups(layout: CodeLayout): { label: string; detectors: number[] }[] {
  let groups = GROUPS.get(layout);
  if (groups !== undefined) return groups;
  groups = [];
  for (let round = 0; round <= layout.rounds; round++) {
    const roundLabel = round === layout.rounds ? 'Final check' : `Round ${round + 1}`;
    for (const type of ['X', 'Z'] as const) {
      const detectors = layout.detectors
        .map((detector, index) => ({ detector, index }))
        .filter(({ detector }) => detector.round === round && layout.stabilizers[detector.stabilizer]?.type === type)
        .sort((a, b) => a.detector.stabilizer - b.detector.stabilizer)
        .map(({ index }) => index);
      if (detectors.length > 0) groups.push({ label: `${roundLabel} ${type}`, detectors });
    }
  }
  GROUPS.set(layout, groups);
  return groups;
}

function detectionEventLines(
  layout: CodeLayout,
  bits: readonly number[],
  names: readonly string[],
): string[] {
  return detectorGroups(layout).map(({ label, detectors }) => {
    const values = detectors.map((d) => bits[d] ?? 0);
    const fired = detectors.filter((d) => bits[d] === 1).map((d) => names[layout.detectors[d]?.stabilizer ?? -1]);
    return `${label}: ${values.join(' ')}  (fired: ${fired.length > 0 ? fired.join(' ') : 'none'})`;
  });
}
