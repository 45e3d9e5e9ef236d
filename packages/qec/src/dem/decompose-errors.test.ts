import { describe, expect, it } from 'vitest';
import { decomposeHyperedges } from './decompose-errors.ts';
import { ErrorClassTable } from './error-class-table.ts';
import type { FaultLocator } from './error-provenance.ts';
import { describeCode, detectorCode, frameXCode, observableCode, SEPARATOR_CODE } from './symptom-codes.ts';

/** `"D0 D1 L0 ^ D2"` → target codes. */
const codes = (text: string): number[] =>
  text
    .split(' ')
    .filter((t) => t !== '')
    .map((t) => (t === '^' ? SEPARATOR_CODE : t[0] === 'D' ? detectorCode(Number(t.slice(1))) : observableCode(Number(t.slice(1)))));

const show = (targets: readonly number[]): string => targets.map(describeCode).join(' ');

let nextInstruction = 0;

/** Every test fault is an X_ERROR on qubit 0. */
const locate: FaultLocator = ({ instructionIndex, probability }) => ({
  instructionIndex,
  gate: 'X_ERROR',
  qubits: [0],
  paulis: 'X',
  kind: 'pauli',
  probability,
});

/** Classes with one fault each, whose frame is X on the given qubits, one frame per component. */
function table(entries: readonly (readonly [string, number, number[]])[]): ErrorClassTable {
  const t = new ErrorClassTable();
  for (const [text, p, qubits] of entries) {
    const targets = Float64Array.from(codes(text));
    const k = t.add(targets, targets.length, p);
    const frame = Float64Array.from(qubits.map(frameXCode).sort((a, b) => a - b));
    if (t.addFault(k, nextInstruction++, 0, 1, p)) t.recordFrame(k, frame, 0, frame.length);
  }
  return t;
}

const lines = (t: ErrorClassTable): string[] => Array.from(t.live(), (k) => `${t.probabilityOf(k)} ${show(t.targetsOf(k))}`);
const classWith = (t: ErrorClassTable, text: string): number => t.live().find((k) => show(t.targetsOf(k)) === text)!;

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
    expect(t.componentFramesOf(classWith(t, 'D0 D2 ^ D1 D3'))).toEqual([[frameXCode(3)], [frameXCode(4)]]);
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
    expect(t.componentFramesOf(t.live()[1]!)).toEqual([[frameXCode(1)], [frameXCode(2), frameXCode(3)]]);
  });

  it('merges a rewritten class into an existing class with the same components', () => {
    const t = table([
      ['D0', 0.1, [1]],
      ['D1 D2', 0.1, [2]],
      ['D0 ^ D1 D2', 0.2, [1, 2]],
      ['D0 D1 D2', 0.3, [1, 2]],
    ]);
    decomposeHyperedges(t, locate);
    const merged = classWith(t, 'D0 ^ D1 D2');
    expect(t.probabilityOf(merged)).toBeCloseTo(0.2 * 0.7 + 0.3 * 0.8, 15);
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
