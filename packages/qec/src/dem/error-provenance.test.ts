import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import type { Circuit, Instruction } from '../circuit/circuit.ts';
import { flippingComponents, type GateSpec } from '../circuit/gate-table.ts';
import { parseCircuit } from '../circuit/parse-circuit.ts';
import { forEachInstruction } from '../sample/for-each-instruction.ts';
import { readFixture, STIM_FIXTURES } from '../testing/stim-fixtures.ts';
import { analyzeErrors, type ErrorAnalysis } from './analyze-errors.ts';
import type { DemTarget } from './dem.ts';
import type { DataFrame, FaultLocation } from './error-provenance.ts';

function circuit(text: string): Circuit {
  return unwrap(parseCircuit(text));
}

interface Step {
  readonly inst: Instruction;
  readonly spec: GateSpec;
}

const stepsOf = (c: Circuit): Step[] => {
  const steps: Step[] = [];
  forEachInstruction(c, (inst) => steps.push({ inst, spec: inst.spec }));
  return steps;
};

const qubitOf = (inst: Instruction, k: number): number => {
  const t = inst.targets[k]!;
  if (t.type !== 'qubit') throw new Error('qubit expected');
  return t.qubit;
};

/** Index of each qubit's last measurement in the record. */
function lastMeasurements(steps: readonly Step[]): Map<number, number> {
  const last = new Map<number, number>();
  let m = 0;
  for (const { inst, spec } of steps) {
    if (spec.kind === 'measure' || spec.kind === 'measure-reset') inst.targets.forEach((_, k) => last.set(qubitOf(inst, k), m++));
  }
  return last;
}

interface ForwardResult {
  readonly symptoms: string;
  readonly frame: DataFrame;
}

/**
 * Independent forward reference: inject one fault, push its Pauli frame through the circuit
 * (frame action bit by bit, resets clear, measurements read), record the detectors and
 * observables it flips and the frame just before each qubit's last measurement.
 */
function propagateForward(steps: readonly Step[], fault: FaultLocation): ForwardResult {
  const last = lastMeasurements(steps);
  const bits = new Map<number, number>(); // qubit → x | z << 1
  const flips: boolean[] = [];
  const detectors: number[] = [];
  const observables = new Map<number, boolean>();
  const snapshot = new Map<number, number>();
  steps.forEach(({ inst, spec }, index) => {
    if (spec.kind === 'unitary') {
      for (let g = 0; g < inst.targets.length; g += spec.arity) {
        const qs = Array.from({ length: spec.arity }, (_, i) => qubitOf(inst, g + i));
        const old = qs.reduce((acc, q, i) => acc | ((bits.get(q) ?? 0) << (2 * i)), 0);
        const next = spec.frameAction.reduce((acc, row, i) => acc | ((popcountParity(row & old) ? 1 : 0) << i), 0);
        qs.forEach((q, i) => bits.set(q, (next >> (2 * i)) & 3));
      }
    } else if (spec.kind === 'reset') {
      inst.targets.forEach((_, k) => bits.delete(qubitOf(inst, k)));
    } else if (spec.kind === 'measure' || spec.kind === 'measure-reset') {
      inst.targets.forEach((_, k) => {
        const q = qubitOf(inst, k);
        const m = flips.length;
        const reads = flippingComponents(spec.basis);
        const b = bits.get(q) ?? 0;
        let flipped = ((reads.x ? b & 1 : 0) ^ (reads.z ? (b >> 1) & 1 : 0)) === 1;
        let snap = b;
        if (fault.kind === 'measurement-flip' && fault.instructionIndex === index && fault.qubits[0] === q) {
          flipped = !flipped;
          snap ^= reads.x ? 1 : 2; // the last result's flip counts as the Pauli that flips it
        }
        if (last.get(q) === m) snapshot.set(q, snap);
        flips.push(flipped);
        if (spec.kind === 'measure-reset') bits.delete(q);
      });
    } else if (spec.name === 'DETECTOR' || spec.name === 'OBSERVABLE_INCLUDE') {
      const value = inst.targets.reduce((acc, t) => acc !== (t.type === 'rec' && flips[flips.length - t.lookback]!), false);
      if (spec.name === 'DETECTOR') {
        if (value) detectors.push(countDetectorsBefore(steps, index));
      } else {
        const k = inst.args[0]!;
        observables.set(k, (observables.get(k) ?? false) !== value);
      }
    }
    if (index === fault.instructionIndex && fault.kind === 'pauli') {
      fault.qubits.forEach((q, i) => {
        const letter = { I: 0, X: 1, Z: 2, Y: 3 }[fault.paulis[i]!]!;
        bits.set(q, (bits.get(q) ?? 0) ^ letter);
      });
    }
  });
  const symptoms = [
    ...detectors.sort((a, b) => a - b).map((d) => `D${d}`),
    ...[...observables].filter(([, v]) => v).map(([k]) => k).sort((a, b) => a - b).map((k) => `L${k}`),
  ].join(' ');
  const sorted = [...snapshot].sort(([a], [b]) => a - b);
  return { symptoms, frame: { x: sorted.filter(([, b]) => b & 1).map(([q]) => q), z: sorted.filter(([, b]) => b & 2).map(([q]) => q) } };
}

const popcountParity = (v: number): number => {
  let p = 0;
  for (let m = v; m !== 0; m &= m - 1) p ^= 1;
  return p;
};

const detectorCounts = new WeakMap<readonly Step[], number[]>();
function countDetectorsBefore(steps: readonly Step[], index: number): number {
  let prefix = detectorCounts.get(steps);
  if (prefix === undefined) {
    prefix = [];
    let n = 0;
    for (const { spec } of steps) {
      prefix.push(n);
      if (spec.name === 'DETECTOR') n++;
    }
    detectorCounts.set(steps, prefix);
  }
  return prefix[index]!;
}

/** XOR of the components' targets, as `D.. L..` text. */
function netSymptoms(targets: readonly DemTarget[]): string {
  const odd = new Set<string>();
  const order = (t: string) => (t[0] === 'D' ? 0 : 2 ** 40) + Number(t.slice(1));
  for (const t of targets) {
    if (t.type === 'separator') continue;
    const name = `${t.type === 'detector' ? 'D' : 'L'}${t.id}`;
    if (odd.has(name)) odd.delete(name);
    else odd.add(name);
  }
  return [...odd].sort((a, b) => order(a) - order(b)).join(' ');
}

const components = (targets: readonly DemTarget[]): DemTarget[][] =>
  targets.reduce<DemTarget[][]>((acc, t) => (t.type === 'separator' ? [...acc, []] : (acc[acc.length - 1]!.push(t), acc)), [[]]);

/** Measured (qubit, basis) pairs of each observable, derived from the circuit. */
function observableSupports(c: Circuit): Map<number, { qubit: number; basis: 'X' | 'Y' | 'Z' }[]> {
  const steps = stepsOf(c);
  const last = lastMeasurements(steps);
  const record: { qubit: number; basis: 'X' | 'Y' | 'Z' }[] = [];
  const supports = new Map<number, { qubit: number; basis: 'X' | 'Y' | 'Z' }[]>();
  for (const { inst, spec } of steps) {
    if (spec.kind === 'measure' || spec.kind === 'measure-reset') {
      inst.targets.forEach((_, k) => record.push({ qubit: qubitOf(inst, k), basis: spec.basis }));
    } else if (spec.name === 'OBSERVABLE_INCLUDE') {
      for (const t of inst.targets) {
        if (t.type !== 'rec') continue;
        const m = record.length - t.lookback;
        // The frame describes each qubit at its last measurement, so only those can be checked.
        expect(last.get(record[m]!.qubit)).toBe(m);
        supports.set(inst.args[0]!, [...(supports.get(inst.args[0]!) ?? []), record[m]!]);
      }
    }
  }
  return supports;
}

function frameParity(frame: DataFrame, support: readonly { qubit: number; basis: 'X' | 'Y' | 'Z' }[]): boolean {
  return support.reduce((acc, { qubit, basis }) => {
    const x = frame.x.includes(qubit);
    const z = frame.z.includes(qubit);
    return acc !== (basis === 'Z' ? x : basis === 'X' ? z : x !== z);
  }, false);
}

const xorFrames = (frames: readonly DataFrame[]): DataFrame => {
  const odd = (lists: readonly (readonly number[])[]) => {
    const s = new Set<number>();
    for (const q of lists.flat()) if (s.has(q)) s.delete(q); else s.add(q);
    return [...s].sort((a, b) => a - b);
  };
  return { x: odd(frames.map((f) => f.x)), z: odd(frames.map((f) => f.z)) };
};

function errorsOf(analysis: ErrorAnalysis) {
  return analysis.dem.items.flatMap((item) => (item.kind === 'error' ? [item] : [])).map((item, i) => ({ item, provenance: analysis.provenance[i]! }));
}

/** The documented representative: most probable fault, ties to the first in circuit order. */
const representativeFault = (faults: readonly FaultLocation[]): FaultLocation =>
  faults.reduce((best, f) => (f.probability > best.probability ? f : best));

describe('provenance on the Stim fixtures', () => {
  for (const fixture of STIM_FIXTURES) {
    const c = circuit(readFixture(fixture, 'circuit.stim'));
    const supports = observableSupports(c);
    const flipsOf = (targets: readonly DemTarget[], k: number) => netSymptoms(targets).split(' ').includes(`L${k}`);

    it(`${fixture.name}: frames and component frames carry each mechanism's observable flips`, () => {
      for (const decomposeErrors of [false, true]) {
        for (const { item, provenance } of errorsOf(analyzeErrors(c, { decomposeErrors }))) {
          const parts = components(item.targets);
          expect(provenance.componentFrames.length).toBe(parts.length);
          for (const [k, support] of supports) {
            expect(frameParity(provenance.frame, support)).toBe(flipsOf(item.targets, k));
            expect(frameParity(xorFrames(provenance.componentFrames), support)).toBe(flipsOf(item.targets, k));
            parts.forEach((part, j) => expect(frameParity(provenance.componentFrames[j]!, support)).toBe(flipsOf(part, k)));
          }
        }
      }
    });

    if (fixture.distance === 3) {
      it(`${fixture.name}: every fault's symptoms and the representative's frame match forward propagation`, () => {
        const steps = stepsOf(c);
        for (const decomposeErrors of [false, true]) {
          for (const { item, provenance } of errorsOf(analyzeErrors(c, { decomposeErrors }))) {
            for (const fault of provenance.faults) expect(propagateForward(steps, fault).symptoms).toBe(netSymptoms(item.targets));
            expect(provenance.frame).toEqual(propagateForward(steps, representativeFault(provenance.faults)).frame);
          }
        }
      });
    }

    it(`${fixture.name}: a data qubit's flip before its final measurement has the flip itself as frame`, () => {
      const steps = stepsOf(c);
      const finalIndex = steps.findLastIndex(({ spec }) => spec.kind === 'measure');
      const flipIndex = finalIndex - 1;
      const pauli = fixture.task === 'rotated_memory_z' ? 'X' : 'Z';
      expect(steps[flipIndex]!.inst.gate).toBe(`${pauli}_ERROR`);
      const analysis = analyzeErrors(c, { decomposeErrors: true });
      const final = steps[finalIndex]!.inst;
      for (const q of final.targets.map((_, k) => qubitOf(final, k))) {
        const found = analysis.provenance.filter((p) => p.faults.some((f) => f.instructionIndex === flipIndex && f.qubits[0] === q));
        expect(found.length).toBe(1);
        // The flip (5p, the likeliest fault here) is its mechanism's representative — unless it
        // merged with an equally likely earlier flip on a qubit with the same symptoms (two data
        // qubits of a weight-2 boundary check): then that qubit's frame, equivalent for every
        // detector and observable.
        const chosen = representativeFault(found[0]!.faults);
        expect(chosen).toMatchObject({ instructionIndex: flipIndex, paulis: pauli });
        const r = chosen.qubits[0]!;
        expect(found[0]!.frame).toEqual(pauli === 'X' ? { x: [r], z: [] } : { x: [], z: [r] });
        if (found[0]!.faults.length === 1) expect(r).toBe(q);
      }
    });

    if (fixture.rounds >= 2) {
      it(`${fixture.name}: mechanisms of an ancilla flip before a mid-circuit MR have empty frames`, () => {
        const steps = stepsOf(c);
        const firstMr = steps.findIndex(({ spec }) => spec.kind === 'measure-reset');
        expect(steps[firstMr - 1]!.inst.gate).toBe('X_ERROR');
        for (const decomposeErrors of [false, true]) {
          const analysis = analyzeErrors(c, { decomposeErrors });
          const mechanisms = analysis.provenance.filter((p) => p.faults.some((f) => f.instructionIndex === firstMr - 1));
          expect(mechanisms.length).toBe(steps[firstMr]!.inst.targets.length);
          for (const p of mechanisms) expect(p.frame).toEqual({ x: [], z: [] });
        }
      });
    }
  }
});

describe('provenance on small circuits', () => {
  const only = (text: string, decomposeErrors = false) => errorsOf(analyzeErrors(circuit(text), { decomposeErrors }));

  it('a mid-circuit measurement flip leaves nothing; a last-result flip counts as the Pauli that flips it', () => {
    const [mid] = only('R 0\nM(0.125) 0\nM 0\nDETECTOR rec[-1] rec[-2]\n');
    expect(mid!.provenance.faults).toEqual([
      { instructionIndex: 1, gate: 'M', qubits: [0], paulis: '', kind: 'measurement-flip', probability: 0.125 },
    ]);
    expect(mid!.provenance.frame).toEqual({ x: [], z: [] });
    expect(only('R 0\nM(0.125) 0\nOBSERVABLE_INCLUDE(0) rec[-1]\n')[0]!.provenance.frame).toEqual({ x: [0], z: [] });
    expect(only('RX 0\nMX(0.125) 0\nOBSERVABLE_INCLUDE(0) rec[-1]\n')[0]!.provenance.frame).toEqual({ x: [], z: [0] });
  });

  it('propagates through Cliffords and stops at each qubit’s last measurement', () => {
    const [viaH] = only('R 0\nH 0\nZ_ERROR(0.125) 0\nH 0\nM 0\nDETECTOR rec[-1]\n');
    expect(viaH!.provenance.frame).toEqual({ x: [0], z: [] });
    // An X on 0 after its last measurement leaves nothing on 0, but the CX carries it to 1.
    const [after] = only('R 0 1\nM 0\nX_ERROR(0.125) 0\nCX 0 1\nM 1\nDETECTOR rec[-1]\n');
    expect(after!.provenance.frame).toEqual({ x: [1], z: [] });
  });

  it('takes the frame of the most probable merged fault, ties to the first in circuit order', () => {
    // Both faults flip only D0; the first also puts X on qubit 1, which no detector reads.
    const text = (p: string, q: string) => `R 0 1\nX_ERROR(${p}) 0\nCX 0 1\nX_ERROR(${q}) 0\nM 0 1\nDETECTOR rec[-2]\n`;
    const frameOf = (p: string, q: string) => only(text(p, q))[0]!.provenance;
    expect(frameOf('0.25', '0.125').frame).toEqual({ x: [0, 1], z: [] });
    expect(frameOf('0.125', '0.25').frame).toEqual({ x: [0], z: [] });
    expect(frameOf('0.125', '0.125').frame).toEqual({ x: [0, 1], z: [] });
    expect(frameOf('0.125', '0.25').faults.map((f) => f.instructionIndex)).toEqual([1, 3]);
  });

  it('reports each depolarizing case as its own fault, with per-component frames for Y = Z-part ^ X-part', () => {
    const two = only('R 0 1\nDEPOLARIZE2(0.1) 0 1\nM 0 1\nDETECTOR rec[-2]\nDETECTOR rec[-1]\n');
    const d0 = two.find(({ item }) => netSymptoms(item.targets) === 'D0')!;
    expect(d0.provenance.faults.map((f) => f.paulis).sort()).toEqual(['XI', 'XZ', 'YI', 'YZ']);
    const q = 0.5 - 0.5 * Math.pow(1 - (16 * 0.1) / 15, 0.125);
    for (const f of d0.provenance.faults) expect(f.probability).toBeCloseTo(q, 15);

    const bell = 'R 0 1\nH 0\nCX 0 1\nDEPOLARIZE1(0.125) 0\nCX 0 1\nH 0\nM 0 1\nDETECTOR rec[-1]\nDETECTOR rec[-2]\n';
    const y = only(bell, true).find(({ item }) => item.targets.some((t) => t.type === 'separator'))!;
    expect(y.provenance.faults.map((f) => f.paulis)).toEqual(['Y']);
    // Components D1 (the Z part) ^ D0 (the X part), with frames read just before the final
    // measurements: Z0 → (CX) Z0 → (H) X0, and X0 → (CX) X0 X1 → (H) Z0 X1.
    expect(y.provenance.componentFrames).toEqual([
      { x: [0], z: [] },
      { x: [1], z: [0] },
    ]);
    expect(y.provenance.frame).toEqual({ x: [0, 1], z: [0] });
  });
});
