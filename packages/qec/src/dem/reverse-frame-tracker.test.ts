import { describe, expect, it } from 'vitest';
import { GATES } from '../circuit/gate-table.ts';
import { NonDeterministicError, ReverseFrameTracker } from './reverse-frame-tracker.ts';
import { describeCode, observableCode } from './symptom-codes.ts';

const gate = (name: string) => GATES.filter((spec) => spec.kind === 'unitary').find((spec) => spec.name === name)!;
const show = (codes: readonly number[]) => codes.map(describeCode).join(' ');

describe('ReverseFrameTracker', () => {
  it('turns DETECTOR/OBSERVABLE_INCLUDE record targets into measurement sensitivities', () => {
    // Circuit: M 0 1; DETECTOR rec[-1] rec[-2]; DETECTOR rec[-1]; OBSERVABLE_INCLUDE(0) rec[-2]
    const t = new ReverseFrameTracker(2, 2, 2);
    t.undoObservableInclude([2], observableCode(0));
    expect(t.undoDetector([1])).toBe(1);
    expect(t.undoDetector([1, 2])).toBe(0);
    expect(show(t.undoMeasurement(1, 'Z', 'M'))).toBe('D0 D1 X-frame(1)');
    expect(show(t.undoMeasurement(0, 'Z', 'M'))).toBe('D0 L0 X-frame(0)');
    expect(show(t.flippedByX[0]!)).toBe('D0 L0 X-frame(0)');
    expect(show(t.flippedByZ[0]!)).toBe('Z-frame(0)');
    expect(show(t.pauliSensitivity([0, 1], 'XY'))).toBe('D1 L0 X-frame(0) X-frame(1) Z-frame(1)');
  });

  it('maps sensitivities backwards through a Clifford by the transpose of its frame action', () => {
    // Detector D0 reads qubit 1 in Z after CX 0 1: an X on either qubit before the CX flips it.
    const t = new ReverseFrameTracker(2, 1, 1);
    t.undoDetector([1]);
    t.undoMeasurement(1, 'Z', 'M');
    t.undoUnitary(gate('CX'), [0, 1]);
    expect(show(t.flippedByX[0]!)).toBe('D0 X-frame(1)');
    expect(show(t.flippedByX[1]!)).toBe('D0 X-frame(1)');
    expect(show(t.flippedByZ[0]!)).toBe('');
    t.undoUnitary(gate('H'), [0]);
    expect(show(t.flippedByZ[0]!)).toBe('D0 X-frame(1)');
    expect(show(t.flippedByX[0]!)).toBe('');
  });

  it('clears at resets, keeps frames through earlier measurements, and flags gauge dependence', () => {
    const t = new ReverseFrameTracker(1, 2, 1);
    t.undoDetector([1]);
    t.undoMeasurement(0, 'Z', 'M'); // the last measurement anchors the frame probes
    expect(show(t.undoMeasurement(0, 'Z', 'M'))).toBe(''); // an earlier flip leaves no frame
    expect(show(t.flippedByX[0]!)).toBe('D0 X-frame(0)');
    t.undoReset(0, 'Z', 'R');
    expect(t.flippedByX[0]).toEqual([]);
    t.checkInitialization();

    const random = new ReverseFrameTracker(1, 1, 1);
    random.undoDetector([1]);
    random.undoMeasurement(0, 'X', 'MX');
    expect(() => random.undoReset(0, 'Z', 'R (instruction #0)')).toThrow(NonDeterministicError);
    expect(() => random.checkInitialization()).toThrow(/D0 anticommute with the initial \|0> state of qubit 0/);
  });

  it('rejects records before the start of the circuit', () => {
    const t = new ReverseFrameTracker(1, 1, 1);
    expect(() => t.undoDetector([2])).toThrow(/before the start of the circuit/);
  });
});
