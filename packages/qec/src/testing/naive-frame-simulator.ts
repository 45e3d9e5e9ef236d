/**
 * Test-only reference for the bit-parallel frame sampler: the same Pauli-frame semantics
 * (frame-sampler.ts), simulated one shot at a time in the most direct way — frame bits as
 * plain arrays, each gate's frame-action matrix multiplied out bit by bit, one uniform draw per
 * noise target group. Shares no code with the sampler beyond the gate table, so agreement of
 * the two distributions checks the compiler, the renaming, the XOR kernels, the geometric
 * skipping and the transposes.
 */
import type { Circuit, Instruction } from '../circuit/circuit.ts';
import { findGate, flippingComponents } from '../circuit/gate-table.ts';
import type { Rng } from '@verilab/core';
import { bytesPerShot } from '../shots/row-bits.ts';

export interface NaiveSample {
  readonly detectors: Uint8Array;
  readonly observables: Uint8Array;
  readonly measuredQubits: readonly number[];
  readonly finalX: Uint8Array;
  readonly finalZ: Uint8Array;
}

function flatten(circuit: Circuit, out: Instruction[] = []): Instruction[] {
  for (const item of circuit.items) {
    if (item.kind === 'instruction') out.push(item);
    else if (item.kind === 'repeat') for (let r = 0; r < item.repetitions; r++) flatten(item.body, out);
  }
  return out;
}

const qubitsOf = (instruction: Instruction): number[] =>
  instruction.targets.map((t) => (t.type === 'qubit' ? t.qubit : Number.NaN));

export function naiveFrameSample(circuit: Circuit, shots: number, rng: Rng): NaiveSample {
  const program = flatten(circuit).map((ins) => ({ ins, spec: findGate(ins.gate)!, qubits: qubitsOf(ins) }));
  const numQubits = 1 + Math.max(-1, ...program.flatMap(({ qubits }) => qubits).filter((q) => !Number.isNaN(q)));
  const measured = new Set<number>();
  let numDetectors = 0;
  let numObservables = 0;
  for (const { ins, spec } of program) {
    if (spec.kind === 'measure' || spec.kind === 'measure-reset') qubitsOf(ins).forEach((q) => measured.add(q));
    if (spec.name === 'DETECTOR') numDetectors++;
    if (spec.name === 'OBSERVABLE_INCLUDE') numObservables = Math.max(numObservables, ins.args[0]! + 1);
  }
  const measuredQubits = [...measured].sort((a, b) => a - b);
  const detBytes = bytesPerShot(numDetectors);
  const obsBytes = bytesPerShot(numObservables);
  const frameBytes = bytesPerShot(measuredQubits.length);
  const result: NaiveSample = {
    detectors: new Uint8Array(shots * detBytes),
    observables: new Uint8Array(shots * obsBytes),
    measuredQubits,
    finalX: new Uint8Array(shots * frameBytes),
    finalZ: new Uint8Array(shots * frameBytes),
  };
  const setBit = (rows: Uint8Array, rowBytes: number, shot: number, k: number, bit: number) => {
    rows[shot * rowBytes + (k >>> 3)]! ^= bit << (k & 7);
  };

  for (let shot = 0; shot < shots; shot++) {
    const x = new Array<number>(numQubits).fill(0);
    const z = new Array<number>(numQubits).fill(0);
    const snapshot = new Map<number, [number, number]>();
    const record: number[] = [];
    let detector = 0;
    for (const { ins, spec, qubits } of program) {
      if (spec.kind === 'unitary') {
        for (let i = 0; i < qubits.length; i += spec.arity) {
          const group = qubits.slice(i, i + spec.arity);
          const old = group.flatMap((q) => [x[q]!, z[q]!]);
          const next = spec.frameAction!.map((row) => old.reduce((acc, bit, j) => acc ^ (bit & (row >>> j)), 0));
          group.forEach((q, k) => {
            x[q] = next[2 * k]!;
            z[q] = next[2 * k + 1]!;
          });
        }
      } else if (spec.kind === 'reset') {
        for (const q of qubits) x[q] = z[q] = 0;
      } else if (spec.kind === 'measure' || spec.kind === 'measure-reset') {
        const reads = flippingComponents(spec.basis!);
        for (const q of qubits) {
          const frame: [number, number] = [x[q]!, z[q]!];
          let result = (reads.x ? x[q]! : 0) ^ (reads.z ? z[q]! : 0);
          if (rng.nextDouble() < (ins.args[0] ?? 0)) {
            result ^= 1;
            frame[reads.x ? 0 : 1] ^= 1;
          }
          snapshot.set(q, frame);
          record.push(result);
          if (spec.kind === 'measure-reset') x[q] = z[q] = 0;
        }
      } else if (spec.kind === 'noise') {
        const components = spec.noise!(ins.args);
        for (let i = 0; i < qubits.length; i += spec.arity) {
          let u = rng.nextDouble();
          const hit = components.find((c) => (u -= c.probability) < 0);
          if (hit === undefined) continue;
          qubits.slice(i, i + spec.arity).forEach((q, k) => {
            const pauli = hit.paulis[k];
            if (pauli === 'X' || pauli === 'Y') x[q]! ^= 1;
            if (pauli === 'Z' || pauli === 'Y') z[q]! ^= 1;
          });
        }
      } else if (spec.name === 'DETECTOR' || spec.name === 'OBSERVABLE_INCLUDE') {
        const parity = ins.targets.reduce((acc, t) => acc ^ (t.type === 'rec' ? record[record.length - t.lookback]! : 0), 0);
        if (spec.name === 'DETECTOR') setBit(result.detectors, detBytes, shot, detector++, parity);
        else setBit(result.observables, obsBytes, shot, ins.args[0]!, parity);
      }
    }
    measuredQubits.forEach((q, k) => {
      const [fx, fz] = snapshot.get(q)!;
      setBit(result.finalX, frameBytes, shot, k, fx);
      setBit(result.finalZ, frameBytes, shot, k, fz);
    });
  }
  return result;
}
