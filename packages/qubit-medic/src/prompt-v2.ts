import { ANSWER_INSTRUCTIONS } from './prompt-v1.ts';
import { pythonFloatRepr } from '@verilab/core';
import type { CodeLayout } from './code-layout.ts';

/**
 * The default prompt: the same task and answer format as v1, but true to the physics (docs/original-qubit-medic.md#w1,
 * #w2). Detection events are grouped by their real round and stabiliser type, each
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
  const { head, tail } = staticParts(layout, p, noiseLabel);
  return `${head}\n${detectionEventLines(layout, syndromeBits).join('\n')}\n${tail}`;
}

/**
 * Everything but the detection events depends only on the level, so it is built once per
 * (layout, p, noise) and reused: prompt building is on the hot path of every episode.
 */
const STATIC_PARTS = new WeakMap<CodeLayout, Map<string, { head: string; tail: string }>>();

function staticParts(layout: CodeLayout, p: number, noiseLabel: string): { head: string; tail: string } {
  let byLevel = STATIC_PARTS.get(layout);
  if (byLevel === undefined) {
    byLevel = new Map();
    STATIC_PARTS.set(layout, byLevel);
  }
  const key = `${p}|${noiseLabel}`;
  let parts = byLevel.get(key);
  if (parts === undefined) {
    parts = buildStaticParts(layout, p, noiseLabel);
    byLevel.set(key, parts);
  }
  return parts;
}

function buildStaticParts(layout: CodeLayout, p: number, noiseLabel: string): { head: string; tail: string } {
  const { distance, rounds, basis } = layout;
  const n = layout.dataQubits.length;
  const names = stabilizerNames(layout);
  const protectedType = basis === 'Z' ? 'X' : 'Z';
  const head = [
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
  ].join('\n');
  const tail = [
    '',
    `Identify which data qubits (numbered 0-${n - 1}) had X-errors and Z-errors. The logical qubit fails when the ${protectedType} errors you miss cross the code. Most syndromes have 0-2 errors; an empty list means no errors of that type.`,
    '',
    ANSWER_INSTRUCTIONS,
  ].join('\n');
  return { head, tail };
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

/** Per layout: each (round, type) group's detectors in stabiliser order, with their names. */
interface DetectorGroup {
  readonly label: string;
  readonly detectors: readonly number[];
  readonly names: readonly string[];
}

const GROUPS = new WeakMap<CodeLayout, readonly DetectorGroup[]>();

function detectorGroups(layout: CodeLayout): readonly DetectorGroup[] {
  const cached = GROUPS.get(layout);
  if (cached !== undefined) return cached;
  const names = stabilizerNames(layout);
  const built: DetectorGroup[] = [];
  for (let round = 0; round <= layout.rounds; round++) {
    const roundLabel = round === layout.rounds ? 'Final check' : `Round ${round + 1}`;
    for (const type of ['X', 'Z'] as const) {
      const detectors = layout.detectors
        .map((detector, index) => ({ detector, index }))
        .filter(({ detector }) => detector.round === round && layout.stabilizers[detector.stabilizer]?.type === type)
        .sort((a, b) => a.detector.stabilizer - b.detector.stabilizer)
        .map(({ index }) => index);
      if (detectors.length > 0) {
        const groupNames = detectors.map((d) => names[layout.detectors[d]?.stabilizer ?? -1] ?? '');
        built.push({ label: `${roundLabel} ${type}: `, detectors, names: groupNames });
      }
    }
  }
  GROUPS.set(layout, built);
  return built;
}

function detectionEventLines(layout: CodeLayout, bits: readonly number[]): string[] {
  return detectorGroups(layout).map(({ label, detectors, names }) => {
    let values = '';
    let fired = '';
    for (let k = 0; k < detectors.length; k++) {
      const bit = bits[detectors[k] as number];
      values += k === 0 ? String(bit ?? 0) : ` ${bit ?? 0}`;
      if (bit === 1) fired += fired === '' ? names[k] : ` ${names[k]}`;
    }
    return `${label}${values}  (fired: ${fired === '' ? 'none' : fired})`;
  });
}
