import { describe, expect, it } from 'vitest';
import { decomposeHyperedges } from './decompose-errors.ts';
import { ErrorClassTable } from './error-class-table.ts';
import type { Contribution, FaultLocator } from './error-provenance.ts';
import { describeCode, detectorCode, frameXCode, observableCode, SEPARATOR_CODE } from './symptom-codes.ts';

/** `"D0 D1 L0 ^ D2"` → target codes. */
const codes = (text: string): number[] =>
  text
    .split(' ')
    .filter((t) => t !== '')
    .map((t) => (t === '^' ? SEPARATOR_CODE : t[0] === 'D' ? detectorCode(Number(t.slice(1))) : observableCode(Number(t.slice(1)))));

const show = (targets: readonly number[]): string => targets.map(describeCode).join(' ');

let nextInstruction = 0;
/** A contribution whose frame is X on the given qubits, one frame per component. */
function contribution(probability: number, ...componentQubits: number[][]): Contribution {
  const frames = componentQubits.map((qs) => qs.map(frameXCode));
  return {
    instructionIndex: nextInstruction++,
    group: 0,
    combination: 1,
    probability,
    frame: frames.flat().sort((a, b) => a - b),
    componentFrames: frames,
  };
}

/** Every test fault is an X_ERROR on qubit 0. */
const locate: FaultLocator = ({ instructionIndex, probability }) => ({
  instructionIndex,
  gate: 'X_ERROR',
  qubits: [0],
  paulis: 'X',
  kind: 'pauli',
  probability,
});

function table(entries: readonly (readonly [string, number, number[]])[]): ErrorClassTable {
  const t = new ErrorClassTable();
  for (const [text, p, qubits] of entries) t.add(codes(text), p, [contribution(p, qubits)]);
  return t;
}

const lines = (t: ErrorClassTable): string[] => t.live().map((c) => `${c.probability} ${show(c.targets)}`);

describe('decomposeHyperedges (Stim global decomposition pass)', () => {
  it('searches for a cover by known edges whose observables cancel exactly', () => {
    const t = table([
      ['D0 D1 L0', 0.01, [1]],
      ['D2 D3', 0.01, [2]],
      ['D0 D2', 0.01, [3]],
      ['D1 D3', 0.01, [4]],
      ['D0 D1 D2 D3', 0.001, [9]],
    ]);
    decomposeHyperedges(t, locate);
    // D0 D1 L0 ^ D2 D3 would leave L0 flipped; the search backtracks to D0 D2 ^ D1 D3.
    expect(lines(t)).toContain('0.001 D0 D2 ^ D1 D3');
    const rewritten = t.live().find((c) => show(c.targets) === 'D0 D2 ^ D1 D3')!;
    expect(rewritten.representative!.componentFrames).toEqual([[frameXCode(3)], [frameXCode(4)]]);
  });

  it('uses the last known component (in target order) when several share detectors', () => {
    const t = table([
      ['D0 D1', 0.01, [1]],
      ['D0 D1 L0', 0.01, [2]],
      ['D2 L0', 0.01, [3]],
      ['D0 D1 D2', 0.001, [9]],
    ]);
    decomposeHyperedges(t, locate);
    expect(lines(t)).toContain('0.001 D0 D1 L0 ^ D2 L0');
  });

  it('falls back to a remnant edge whose frame completes the fault frame', () => {
    const t = table([
      ['D0', 0.01, [1]],
      ['D0 D1 D2', 0.001, [1, 2, 3]],
    ]);
    decomposeHyperedges(t, locate);
    expect(lines(t)).toEqual(['0.01 D0', '0.001 D0 ^ D1 D2']);
    const rewritten = t.live()[1]!;
    expect(rewritten.representative!.componentFrames).toEqual([[frameXCode(1)], [frameXCode(2), frameXCode(3)]]);
  });

  it('merges a rewritten class into an existing class with the same components', () => {
    const t = table([
      ['D0', 0.1, [1]],
      ['D1 D2', 0.1, [2]],
      ['D0 ^ D1 D2', 0.2, [1, 2]],
      ['D0 D1 D2', 0.3, [1, 2]],
    ]);
    decomposeHyperedges(t, locate);
    const merged = t.live().find((c) => show(c.targets) === 'D0 ^ D1 D2')!;
    expect(merged.probability).toBeCloseTo(0.2 * 0.7 + 0.3 * 0.8, 15);
    expect(t.faultsOf(merged).map((f) => f.probability)).toEqual([0.2, 0.3]);
  });

  it('leaves graph-like models alone and reports undecomposable components', () => {
    const graphlike = table([['D0 D1 ^ D2', 0.1, [1]]]);
    decomposeHyperedges(graphlike, locate);
    expect(lines(graphlike)).toEqual(['0.1 D0 D1 ^ D2']);
    const hopeless = table([['D0 D1 D2 D3', 0.1, [1]]]);
    expect(() => decomposeHyperedges(hopeless, locate)).toThrow(/no decomposition of the component 'D0 D1 D2 D3' \(produced by X_ERROR X on qubits 0 \(instruction #\d+\)\)/);
  });
});
