import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { instruction, qubit, rec, type Circuit } from '../circuit/circuit.ts';
import { GATES } from '../circuit/gate-table.ts';
import { parseCircuit } from '../circuit/parse-circuit.ts';
import { unwrap, Xoshiro128 } from '@verilab/core';
import { getRowBit } from '../shots/row-bits.ts';
import { readFixture } from '../testing/stim-fixtures.ts';
import { compileFrameSampler, MAX_BATCH_SHOTS } from './frame-sampler.ts';
import { naiveFrameSample } from '../testing/naive-frame-simulator.ts';
import { bitRates, expectRatesAgree } from '../testing/rate-comparison.ts';

function circuitOf(text: string): Circuit {
  return unwrap(parseCircuit(text));
}

const rowsOf = (rows: Uint8Array, bits: number, shots: number): string[] =>
  Array.from({ length: shots }, (_, s) =>
    Array.from({ length: bits }, (_, k) => (getRowBit(rows, bits, s, k) ? '1' : '0')).join(''),
  );

describe('compileFrameSampler: exact behaviour', () => {
  it('reports the circuit shape', () => {
    const sampler = compileFrameSampler(
      circuitOf('R 0 7\nM 0 7\nREPEAT 3 {\n  MR 7\n  DETECTOR rec[-1]\n}\nOBSERVABLE_INCLUDE(2) rec[-1]\n'),
    );
    expect([sampler.numQubits, sampler.numMeasurements, sampler.numDetectors, sampler.numObservables]).toEqual([
      8, 5, 3, 3,
    ]);
  });

  it('gives known detection events for probability-1 errors on a repetition code', () => {
    // Data qubits 0, 2, 4; ancillas 1, 3 measure Z0Z2 and Z2Z4 for three rounds. An X on data
    // qubit 4 before the final readout fires only the last boundary detector (Z2Z4 vs round 3)
    // and flips observable 1 (Z4) but not observable 0 (Z0).
    const sampler = compileFrameSampler(
      circuitOf(`
R 0 1 2 3 4
REPEAT 3 {
  CX 0 1 2 1 2 3 4 3
  MR 1 3
  DETECTOR rec[-2]
  DETECTOR rec[-1]
}
X_ERROR(1) 4
M 0 2 4
DETECTOR rec[-3] rec[-2] rec[-5]
DETECTOR rec[-2] rec[-1] rec[-4]
OBSERVABLE_INCLUDE(0) rec[-3]
OBSERVABLE_INCLUDE(1) rec[-1]
`),
    );
    const batch = sampler.sample(40, Xoshiro128.fromSeed(1), { finalFrames: true });
    expect(new Set(rowsOf(batch.detectors, 8, 40))).toEqual(new Set(['00000001']));
    expect(new Set(rowsOf(batch.observables, 2, 40))).toEqual(new Set(['01']));
    expect(batch.finalFrames!.qubits).toEqual([0, 1, 2, 3, 4]);
    expect(new Set(rowsOf(batch.finalFrames!.x, 5, 40))).toEqual(new Set(['00001']));
    expect(new Set(rowsOf(batch.finalFrames!.z, 5, 40))).toEqual(new Set(['00000']));

    const midRound = compileFrameSampler(
      circuitOf(`
R 0 1 2 3 4
CX 0 1 2 1 2 3 4 3
MR 1 3
DETECTOR rec[-2]
DETECTOR rec[-1]
X_ERROR(1) 2
CX 0 1 2 1 2 3 4 3
MR 1 3
DETECTOR rec[-2] rec[-4]
DETECTOR rec[-1] rec[-3]
`),
    ).sample(5, Xoshiro128.fromSeed(2));
    expect(new Set(rowsOf(midRound.detectors, 4, 5))).toEqual(new Set(['0011']));
  });

  it('clears the frame at resets in every basis and reads each basis from the right component', () => {
    const batch = compileFrameSampler(
      circuitOf(`
Y_ERROR(1) 0 1 2 3 4 5
R 0
RX 1
RY 2
M 0 1 2 3
MX 4
MY 5
`),
    ).sample(3, Xoshiro128.fromSeed(3), { finalFrames: true });
    // Y = X and Z: Z-basis reads x, X-basis reads z, Y-basis reads x ^ z.
    expect(new Set(rowsOf(batch.finalFrames!.x, 6, 3))).toEqual(new Set(['000111']));
    expect(new Set(rowsOf(batch.finalFrames!.z, 6, 3))).toEqual(new Set(['000111']));
    const flips = compileFrameSampler(
      circuitOf('X_ERROR(1) 0 1 2\nZ_ERROR(1) 3 4 5\nM 0 3\nMX 1 4\nMY 2 5\nDETECTOR rec[-6]\nDETECTOR rec[-5]\nDETECTOR rec[-4]\nDETECTOR rec[-3]\nDETECTOR rec[-2]\nDETECTOR rec[-1]\n'),
    ).sample(2, Xoshiro128.fromSeed(4));
    // M 0 (X): 1, M 3 (Z): 0, MX 1 (X): 0, MX 4 (Z): 1, MY 2 (X): 1, MY 5 (Z): 1.
    expect(new Set(rowsOf(flips.detectors, 6, 2))).toEqual(new Set(['100111']));
  });

  it('folds a final measurement result flip into the final frame', () => {
    const batch = compileFrameSampler(
      circuitOf('R 0 1\nM(1) 0\nMX(1) 1\nOBSERVABLE_INCLUDE(0) rec[-2]\nOBSERVABLE_INCLUDE(1) rec[-1]\nM 0\n'),
    ).sample(4, Xoshiro128.fromSeed(5), { finalFrames: true });
    // Qubit 0's result flip was not its last measurement; qubit 1's was.
    expect(new Set(rowsOf(batch.observables, 2, 4))).toEqual(new Set(['11']));
    expect(new Set(rowsOf(batch.finalFrames!.x, 2, 4))).toEqual(new Set(['00']));
    expect(new Set(rowsOf(batch.finalFrames!.z, 2, 4))).toEqual(new Set(['01']));
  });

  describe('each unitary conjugates the frame as its gate-table row says', () => {
    const unitaries = GATES.filter((gate) => gate.kind === 'unitary');
    it.each(unitaries.map((gate) => [gate.name, gate] as const))('%s', (_, gate) => {
      const n = 2 * gate.arity;
      const qubits = gate.arity === 1 ? [0] : [0, 1];
      for (let input = 0; input < 1 << n; input++) {
        const prepare = qubits.flatMap((q, i) => [
          ...((input >>> (2 * i)) & 1 ? [instruction('X_ERROR', [qubit(q)], [1])] : []),
          ...((input >>> (2 * i + 1)) & 1 ? [instruction('Z_ERROR', [qubit(q)], [1])] : []),
        ]);
        const circuit: Circuit = {
          items: [
            instruction('R', qubits.map((q) => qubit(q))),
            ...prepare,
            instruction(gate.name, qubits.map((q) => qubit(q))),
            instruction('M', qubits.map((q) => qubit(q))),
          ],
        };
        const frames = compileFrameSampler(circuit).sample(1, Xoshiro128.fromSeed(0), { finalFrames: true }).finalFrames!;
        let output = 0;
        qubits.forEach((_, i) => {
          output |= (getRowBit(frames.x, qubits.length, 0, i) ? 1 : 0) << (2 * i);
          output |= (getRowBit(frames.z, qubits.length, 0, i) ? 1 : 0) << (2 * i + 1);
        });
        const expected = gate.frameAction.reduce((acc, row, i) => {
          let parity = 0;
          for (let m = row & input; m !== 0; m &= m - 1) parity ^= 1;
          return acc | (parity << i);
        }, 0);
        expect(output, `input ${input.toString(2)}`).toBe(expected);
      }
    });
  });

  it('rejects a record lookback past the start of the record', () => {
    const circuit: Circuit = { items: [instruction('M', [qubit(0)]), instruction('DETECTOR', [rec(2)])] };
    expect(() => compileFrameSampler(circuit)).toThrow(/rec\[-2\]/);
  });
});

describe('compileFrameSampler: batches and determinism', () => {
  const circuit = circuitOf(readFixture('si1000_d3_r3_p0.001', 'circuit.stim'));

  it('never changes its output for a seed (no-regression snapshot)', () => {
    const batch = compileFrameSampler(circuit).sample(5000, Xoshiro128.fromSeed(2024), { finalFrames: true });
    const hash = createHash('sha256');
    for (const bytes of [batch.detectors, batch.observables, batch.finalFrames!.x, batch.finalFrames!.z]) hash.update(bytes);
    expect(hash.digest('hex')).toMatchInlineSnapshot(`"0b20aae0eb3fc6964f24e714bfcbd522af120fdf7aff52668711b24f1fa1245d"`);
  });

  it('never changes its output for a seed on a circuit using every gate (snapshot taken before the gate table was written as flows)', () => {
    const everyGate = circuitOf(`R 0 1 2
RX 3
RY 4
DEPOLARIZE1(0.2) 0 1 2 3 4
I 0
X 1
Y 2
Z 3
H 0 4
S 1
S_DAG 2
SQRT_X 3
SQRT_X_DAG 4
CX 0 1
CY 1 2
CZ 2 3
SWAP 3 4
DEPOLARIZE2(0.1) 0 1 2 3
H 1
S 0
CX 4 0
M 0 1
MX 2
MY 3
MR 4
DETECTOR rec[-1]
DETECTOR rec[-2]
DETECTOR rec[-3]
DETECTOR rec[-4]
DETECTOR rec[-5]
OBSERVABLE_INCLUDE(0) rec[-1] rec[-2]
`);
    const digests = [false, true].map((randomizeGauge) => {
      const batch = compileFrameSampler(everyGate, { randomizeGauge }).sample(1000, Xoshiro128.fromSeed(17), { finalFrames: true });
      const hash = createHash('sha256');
      for (const bytes of [batch.detectors, batch.observables, batch.finalFrames!.x, batch.finalFrames!.z]) hash.update(bytes);
      return hash.digest('hex');
    });
    expect(digests).toEqual([
      '9edaf71345a23f0c9321aed1f9844ea9565581f4a9cc8625a8023399070f46fd',
      '6f986a6bb3338ee3f6afd0f465573259bd939905257ee35e748c11961348e75e',
    ]);
  });

  it('streams: sample(a) then sample(b) equals sample(a + b) when a is a whole number of batches', () => {
    const sampler = compileFrameSampler(circuit);
    const rng = Xoshiro128.fromSeed(9);
    const first = sampler.sample(2 * MAX_BATCH_SHOTS, rng);
    const second = sampler.sample(777, rng);
    const whole = compileFrameSampler(circuit).sample(2 * MAX_BATCH_SHOTS + 777, Xoshiro128.fromSeed(9));
    expect(whole.detectors).toEqual(new Uint8Array([...first.detectors, ...second.detectors]));
    expect(whole.observables).toEqual(new Uint8Array([...first.observables, ...second.observables]));
  });

  it('writes every byte of the rows it is given (views of the shots asked for), and refuses rows too short', () => {
    const sampler = compileFrameSampler(circuit);
    const shots = MAX_BATCH_SHOTS + 77;
    const fresh = sampler.sample(shots, Xoshiro128.fromSeed(4));
    const into = { detectors: new Uint8Array(fresh.detectors.length + 9).fill(0xff), observables: new Uint8Array(fresh.observables.length).fill(0xff) };
    const reused = sampler.sample(shots, Xoshiro128.fromSeed(4), { into });
    expect(reused.detectors).toEqual(fresh.detectors);
    expect(reused.observables).toEqual(fresh.observables);
    expect(reused.detectors.buffer).toBe(into.detectors.buffer);
    expect(() => sampler.sample(shots + 1, Xoshiro128.fromSeed(4), { into })).toThrow(/observable rows need/);
  });

  it('gives the same bits from any Rng with the same stream (drawn through the host) as from a Xoshiro128 (drawn in the kernel)', () => {
    const sampler = compileFrameSampler(circuit, { randomizeGauge: true });
    const inner = Xoshiro128.fromSeed(10);
    const host = { nextUint32: () => inner.nextUint32(), nextDouble: () => inner.nextDouble() };
    const kernel = Xoshiro128.fromSeed(10);
    const options = { finalFrames: true, measurementFlips: true };
    const viaHost = sampler.sample(MAX_BATCH_SHOTS + 100, host, options);
    const viaKernel = sampler.sample(MAX_BATCH_SHOTS + 100, kernel, options);
    expect(viaKernel).toEqual(viaHost);
    expect(kernel.state()).toEqual(inner.state());
  });

  it.each([0, 1, 31, 33, MAX_BATCH_SHOTS + 5])('sizes rows for %i shots and leaves padding bits zero', (shots) => {
    const noisy = circuitOf('R 0 1 2\nX_ERROR(0.5) 0 1 2\nM 0 1 2\nDETECTOR rec[-1]\nDETECTOR rec[-2]\nDETECTOR rec[-3]\nOBSERVABLE_INCLUDE(0) rec[-1]\n');
    const batch = compileFrameSampler(noisy).sample(shots, Xoshiro128.fromSeed(shots), { finalFrames: true });
    expect(batch.shots).toBe(shots);
    for (const rows of [batch.detectors, batch.observables, batch.finalFrames!.x, batch.finalFrames!.z]) {
      expect(rows.length).toBe(shots);
      expect(rows.every((byte) => byte < 8)).toBe(true);
    }
    if (shots > 100) {
      const ones = batch.detectors.reduce((acc, byte) => acc + (byte & 1), 0);
      expect(Math.abs(ones / shots - 0.5)).toBeLessThan(0.06);
    }
  });
});

describe('compileFrameSampler: agrees with a one-shot-at-a-time reference simulator', () => {
  // Every gate kind of the table, noise strong enough that all rates are far from 0.
  const circuit = circuitOf(`
R 0 1 2
RX 3
RY 4
X_ERROR(0.1) 0
Y_ERROR(0.05) 1
Z_ERROR(0.07) 3
DEPOLARIZE1(0.15) 2 4
H 0
S 1
S_DAG 2
SQRT_X 3
SQRT_X_DAG 4
CX 0 1 2 3
CY 1 2
CZ 3 4
SWAP 0 4
DEPOLARIZE2(0.2) 0 1 2 3
PAULI_CHANNEL_1(0.05, 0.1, 0.02) 0 1 2 3 4
REPEAT 2 {
    CX 0 1
    DEPOLARIZE2(0.1) 1 2
    MR(0.05) 1
    MRX 3
    MRY(0.02) 4
    DETECTOR rec[-3]
    DETECTOR rec[-2]
    DETECTOR rec[-1]
    DETECTOR rec[-1] rec[-3]
}
I 0
X 1
Y 2
Z 3
M(0.03) 0 1
MX 2 3
MY 4
DETECTOR rec[-1] rec[-2]
DETECTOR rec[-3]
DETECTOR rec[-4] rec[-5]
OBSERVABLE_INCLUDE(0) rec[-1] rec[-5]
OBSERVABLE_INCLUDE(1) rec[-3]
`);

  it('matches detector, observable, pair and final-frame rates within 5 standard errors', () => {
    const fastShots = 400_000;
    const naiveShots = 200_000;
    const sampler = compileFrameSampler(circuit);
    const fast = sampler.sample(fastShots, Xoshiro128.fromSeed(31), { finalFrames: true });
    const naive = naiveFrameSample(circuit, naiveShots, Xoshiro128.fromSeed(32));
    const D = sampler.numDetectors;
    const pairs = Array.from({ length: D - 1 }, (_, d) => [d, d + 1] as const);
    const compare = (what: string, a: Uint8Array, b: Uint8Array, bits: number) =>
      expectRatesAgree(what, bitRates(a, bits, fastShots, pairs), fastShots, bitRates(b, bits, naiveShots, pairs), naiveShots);
    compare('detectors', fast.detectors, naive.detectors, D);
    compare('observables', fast.observables, naive.observables, sampler.numObservables);
    expect(fast.finalFrames!.qubits).toEqual(naive.measuredQubits);
    compare('final x', fast.finalFrames!.x, naive.finalX, naive.measuredQubits.length);
    compare('final z', fast.finalFrames!.z, naive.finalZ, naive.measuredQubits.length);
  });
});
