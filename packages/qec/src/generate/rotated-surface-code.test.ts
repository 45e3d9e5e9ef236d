import { describe, expect, it } from 'vitest';
import { generateRotatedSurfaceCode, type SurfaceCodeNoise } from './rotated-surface-code.ts';
import { rotatedSurfaceCodeLayout } from './rotated-surface-code-layout.ts';
import { noiseProfile } from './noise-profiles.ts';
import { instruction, qubit, type Circuit, type CircuitItem, type Instruction } from '../circuit/circuit.ts';
import { printCircuit } from '../circuit/print-circuit.ts';
import { parseCircuit } from '../circuit/parse-circuit.ts';
import {
  countDetectors,
  countMeasurements,
  countObservables,
  countQubits,
} from '../circuit/circuit-shape.ts';
import { Xoshiro128 } from '@verilab/core';
import { STIM_FIXTURES, readFixture } from '../testing/stim-fixtures.ts';

const KNOBS: readonly (keyof SurfaceCodeNoise)[] = [
  'afterCliffordDepolarization',
  'beforeRoundDataDepolarization',
  'beforeMeasureFlipProbability',
  'afterResetFlipProbability',
];

/** The circuit without the header comments, as Stim's `Circuit::str()` would print it. */
const body = (circuit: Circuit): string =>
  printCircuit({ items: circuit.items.filter((item) => item.kind !== 'comment') });

const topInstructions = (circuit: Circuit): Instruction[] =>
  circuit.items.filter((item): item is Instruction => item.kind === 'instruction');

describe('generateRotatedSurfaceCode equals stim gen', () => {
  it.each(STIM_FIXTURES.map((fixture) => [fixture.name, fixture] as const))(
    'byte for byte on %s',
    (_, fixture) => {
      const basis = fixture.task === 'rotated_memory_x' ? 'X' : 'Z';
      const circuit = generateRotatedSurfaceCode({
        basis,
        distance: fixture.distance,
        rounds: fixture.rounds,
        noise: fixture.noise,
      });
      expect(printCircuit(circuit)).toBe(readFixture(fixture, 'circuit.stim'));
    },
  );

  it.each([
    ['si1000_d3_r3_p0.001', 'si1000-like', 0.001],
    ['si1000_d3_r1_p0.0005', 'si1000-like', 0.0005],
    ['uniform_d5_r5_p0.001', 'uniform', 0.001],
  ] as const)('noise profiles reproduce %s', (name, profile, p) => {
    const fixture = STIM_FIXTURES.find((f) => f.name === name);
    if (fixture === undefined) throw new Error(name);
    const circuit = generateRotatedSurfaceCode({
      basis: 'Z',
      distance: fixture.distance,
      rounds: fixture.rounds,
      noise: noiseProfile(profile, p),
    });
    expect(printCircuit(circuit)).toBe(readFixture(fixture, 'circuit.stim'));
  });

  // Stim's own expectation (src/stim/gen/gen_surface_code.test.cc, rotated, d = 2, 5 rounds).
  it("matches the d = 2 circuit in Stim's generator test", () => {
    const circuit = generateRotatedSurfaceCode({
      basis: 'Z',
      distance: 2,
      rounds: 5,
      noise: {
        afterCliffordDepolarization: 0.125,
        afterResetFlipProbability: 0.25,
        beforeMeasureFlipProbability: 0.375,
        beforeRoundDataDepolarization: 0.0625,
      },
    });
    const round = [
      'TICK',
      'DEPOLARIZE1(0.0625) 1 3 6 8',
      'H 2 12',
      'DEPOLARIZE1(0.125) 2 12',
      'TICK',
      'CX 2 3 8 7',
      'DEPOLARIZE2(0.125) 2 3 8 7',
      'TICK',
      'CX 2 1 3 7',
      'DEPOLARIZE2(0.125) 2 1 3 7',
      'TICK',
      'CX 12 8 6 7',
      'DEPOLARIZE2(0.125) 12 8 6 7',
      'TICK',
      'CX 12 6 1 7',
      'DEPOLARIZE2(0.125) 12 6 1 7',
      'TICK',
      'H 2 12',
      'DEPOLARIZE1(0.125) 2 12',
      'TICK',
      'X_ERROR(0.375) 2 7 12',
      'MR 2 7 12',
      'X_ERROR(0.25) 2 7 12',
    ];
    const expected = [
      'QUBIT_COORDS(1, 1) 1',
      'QUBIT_COORDS(2, 0) 2',
      'QUBIT_COORDS(3, 1) 3',
      'QUBIT_COORDS(1, 3) 6',
      'QUBIT_COORDS(2, 2) 7',
      'QUBIT_COORDS(3, 3) 8',
      'QUBIT_COORDS(2, 4) 12',
      'R 1 3 6 8',
      'X_ERROR(0.25) 1 3 6 8',
      'R 2 7 12',
      'X_ERROR(0.25) 2 7 12',
      ...round,
      'DETECTOR(2, 2, 0) rec[-2]',
      'REPEAT 4 {',
      ...[
        ...round,
        'SHIFT_COORDS(0, 0, 1)',
        'DETECTOR(2, 0, 0) rec[-3] rec[-6]',
        'DETECTOR(2, 2, 0) rec[-2] rec[-5]',
        'DETECTOR(2, 4, 0) rec[-1] rec[-4]',
      ].map((line) => `    ${line}`),
      '}',
      'X_ERROR(0.375) 1 3 6 8',
      'M 1 3 6 8',
      'DETECTOR(2, 2, 1) rec[-1] rec[-2] rec[-3] rec[-4] rec[-6]',
      'OBSERVABLE_INCLUDE(0) rec[-3] rec[-4]',
    ];
    expect(body(circuit)).toBe(expected.map((line) => `${line}\n`).join(''));
  });

  it('prints every knob in the header, zeros included, in stim gen order', () => {
    const circuit = generateRotatedSurfaceCode({
      basis: 'X',
      distance: 3,
      rounds: 7,
      noise: { beforeMeasureFlipProbability: 0.01 },
    });
    expect(printCircuit(circuit).split('\n').slice(0, 9)).toEqual([
      '# Generated surface_code circuit.',
      '# task: rotated_memory_x',
      '# rounds: 7',
      '# distance: 3',
      '# before_round_data_depolarization: 0',
      '# before_measure_flip_probability: 0.01',
      '# after_reset_flip_probability: 0',
      '# after_clifford_depolarization: 0',
      '# layout:',
    ]);
  });

  it('fuses the data and ancilla R of a Z memory when resets are noiseless, as safe_append does', () => {
    const z = topInstructions(generateRotatedSurfaceCode({ basis: 'Z', distance: 3, rounds: 3 }));
    expect(z.filter((item) => item.gate === 'R').map((item) => item.targets.length)).toEqual([17]);
    const x = topInstructions(generateRotatedSurfaceCode({ basis: 'X', distance: 3, rounds: 3 }));
    expect(
      x.filter((item) => item.gate === 'R' || item.gate === 'RX').map((item) => item.gate),
    ).toEqual(['RX', 'R']);
  });
});

describe('generated circuits have Stim structure on configurations without fixtures', () => {
  const configurations = (['Z', 'X'] as const).flatMap((basis) =>
    [2, 3, 4, 5, 7, 9].flatMap((distance) =>
      [1, 2, 3, 10].map((rounds) => ({ basis, distance, rounds })),
    ),
  );

  it.each(configurations)(
    '$basis basis, d = $distance, $rounds rounds',
    ({ basis, distance: d, rounds }) => {
      const circuit = generateRotatedSurfaceCode({
        basis,
        distance: d,
        rounds,
        noise: noiseProfile('uniform', 0.002),
      });
      const text = printCircuit(circuit);
      // Every rec[-k] points inside the record (the parser checks) and the text round trips.
      const reparsed = parseCircuit(text);
      expect(reparsed.ok).toBe(true);
      expect(reparsed.ok && printCircuit(reparsed.value)).toBe(text);

      // Odd d splits the d² − 1 ancillas evenly; even d has one more X than Z stabilizer. The first
      // and last rounds only have detectors for the memory basis's stabilizers.
      const basisAncillas = basis === 'X' ? Math.floor((d * d) / 2) : Math.ceil((d * d) / 2) - 1;
      expect(countDetectors(circuit)).toBe(2 * basisAncillas + (d * d - 1) * (rounds - 1));
      expect(countMeasurements(circuit)).toBe((d * d - 1) * rounds + d * d);
      expect(countObservables(circuit)).toBe(1);
      expect(countQubits(circuit)).toBe(2 * d * d + 3 * d - 1);

      const repeats = circuit.items.filter((item) => item.kind === 'repeat');
      expect(repeats.map((item) => item.kind === 'repeat' && item.repetitions)).toEqual(
        rounds > 2 ? [rounds - 1] : [],
      );
      expect((text.match(/SHIFT_COORDS\(0, 0, 1\)/g) ?? []).length).toBe(rounds > 1 ? 1 : 0);

      const frames = noiselessFrames(circuit);
      expect(frames.detectorsDeterministic).toBe(true);
      expect(frames.observablesDeterministic).toBe(true);
    },
  );

  it.each(configurations.filter(({ rounds }) => rounds === 3))(
    'the observable is the logical $basis row/column (d = $distance)',
    ({ basis, distance }) => {
      const layout = rotatedSurfaceCodeLayout(distance);
      const circuit = generateRotatedSurfaceCode({ basis, distance, rounds: 3 });
      const final = topInstructions(circuit).find((item) => item.gate === (basis === 'X' ? 'MX' : 'M'));
      const observable = topInstructions(circuit).find((item) => item.gate === 'OBSERVABLE_INCLUDE');
      const measured = (final?.targets ?? []).map((t) => (t.type === 'qubit' ? t.qubit : -1));
      const support = (observable?.targets ?? []).map(
        (t) => measured[measured.length - (t.type === 'rec' ? t.lookback : 0)],
      );
      const coords = support.map((q) => layout.qubits.find((qubit) => qubit.index === q));
      // Z memory reads the bottom row (y = 1); X memory the left column (x = 1).
      expect(coords.map((c) => (basis === 'Z' ? c?.y : c?.x))).toEqual(Array(distance).fill(1));
      expect(new Set(coords.map((c) => (basis === 'Z' ? c?.x : c?.y))).size).toBe(distance);

      // A logical operator of the other type (X column for Z memory, Z row for X memory), applied just
      // before the final measurement, flips the observable and no detector; one error on it
      // does fire some.
      const crossing = layout.qubits
        .filter((q) => q.role === 'data' && (basis === 'Z' ? q.x === 1 : q.y === 1))
        .map((q) => q.index);
      const flip = basis === 'Z' ? 'X_ERROR' : 'Z_ERROR';
      const logical = noiselessFrames(insertBeforeFinalMeasurement(circuit, flip, crossing));
      expect(logical.detectorsFired).toBe(false);
      expect(logical.observableAlwaysFlipped).toBe(true);
      const single = noiselessFrames(insertBeforeFinalMeasurement(circuit, flip, crossing.slice(0, 1)));
      expect(single.detectorsFired).toBe(true);
    },
  );

  it.each(KNOBS)('%s alone lands where Stim puts it', (knob) => {
    const d = 3;
    const p = 0.01;
    const perBasis = (['Z', 'X'] as const).map((basis) => {
      const circuit = generateRotatedSurfaceCode({
        basis,
        distance: d,
        rounds: 4,
        noise: { [knob]: p },
      });
      const seen = new Map<string, number>();
      forEachInstruction(circuit, 1, (item, times) => {
        if (item.args[0] === p && /ERROR|DEPOLARIZE/.test(item.gate)) {
          seen.set(item.gate, (seen.get(item.gate) ?? 0) + times * item.targets.length);
        }
      });
      expect(printCircuit(circuit)).toContain(`# ${snake(knob)}: 0.01\n`);
      return Object.fromEntries(seen);
    });
    const data = d * d;
    const ancillas = d * d - 1;
    const xAncillas = ancillas / 2;
    const cxTargets = 2 * 4 * (d - 1) * d; // every data–ancilla edge, 2 targets per CX
    const expected: Record<string, [Record<string, number>, Record<string, number>]> = {
      afterCliffordDepolarization: [
        { DEPOLARIZE1: 4 * 2 * xAncillas, DEPOLARIZE2: 4 * cxTargets },
        { DEPOLARIZE1: 4 * 2 * xAncillas, DEPOLARIZE2: 4 * cxTargets },
      ],
      beforeRoundDataDepolarization: [{ DEPOLARIZE1: 4 * data }, { DEPOLARIZE1: 4 * data }],
      beforeMeasureFlipProbability: [
        { X_ERROR: 4 * ancillas + data },
        { X_ERROR: 4 * ancillas, Z_ERROR: data },
      ],
      afterResetFlipProbability: [
        { X_ERROR: ancillas + data + 4 * ancillas },
        { X_ERROR: 5 * ancillas, Z_ERROR: data },
      ],
    };
    expect(perBasis).toEqual(expected[knob]);
  });

  it('rejects invalid options with RangeError', () => {
    const bad = [
      { basis: 'Z', distance: 1, rounds: 1 },
      { basis: 'Z', distance: 2.5, rounds: 1 },
      { basis: 'Z', distance: 2048, rounds: 1 },
      { basis: 'Z', distance: 3, rounds: 0 },
      { basis: 'Z', distance: 3, rounds: 1.5 },
      { basis: 'Y', distance: 3, rounds: 1 },
      { basis: 'Z', distance: 3, rounds: 1, noise: { afterCliffordDepolarization: 1.5 } },
      { basis: 'Z', distance: 3, rounds: 1, noise: { afterResetFlipProbability: Number.NaN } },
      { basis: 'Z', distance: 3, rounds: 1, noise: { beforeMeasureFlipProbability: -0.1 } },
    ];
    for (const options of bad) {
      expect(() =>
        generateRotatedSurfaceCode(options as Parameters<typeof generateRotatedSurfaceCode>[0]),
      ).toThrow(RangeError);
    }
    expect(() => generateRotatedSurfaceCode({ basis: 'Z', distance: 1, rounds: 1 })).toThrow(
      /distance/,
    );
    expect(() => generateRotatedSurfaceCode({ basis: 'Z', distance: 3, rounds: 0 })).toThrow(/rounds/);
  });
});

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function forEachInstruction(
  circuit: Circuit,
  times: number,
  visit: (item: Instruction, times: number) => void,
): void {
  for (const item of circuit.items) {
    if (item.kind === 'instruction') visit(item, times);
    else if (item.kind === 'repeat') forEachInstruction(item.body, times * item.repetitions, visit);
  }
}

function insertBeforeFinalMeasurement(
  circuit: Circuit,
  gate: string,
  qubits: readonly number[],
): Circuit {
  const items: CircuitItem[] = [...circuit.items];
  const final = items.findLastIndex((item) => item.kind === 'instruction' && /^MX?$/.test(item.gate));
  const injection = instruction(gate, qubits.map((q) => qubit(q)), [1]);
  items.splice(final, 0, injection);
  return { items };
}

/**
 * A deliberately tiny, independent Pauli-frame check (32 shots per word, 4 words): noise channels
 * are skipped except X_ERROR(1)/Z_ERROR(1) used for injection, and the frame component a
 * reset or measurement leaves undetermined is randomised — the trick Stim's frame simulator
 * uses to expose non-deterministic detectors and observables.
 */
function noiselessFrames(circuit: Circuit) {
  const rng = Xoshiro128.fromSeed(2021);
  const words = 4;
  const x = new Map<number, Uint32Array>();
  const z = new Map<number, Uint32Array>();
  const get = (m: Map<number, Uint32Array>, q: number) => {
    let v = m.get(q);
    if (v === undefined) m.set(q, (v = new Uint32Array(words)));
    return v;
  };
  const randomize = (v: Uint32Array) => v.forEach((_, w) => (v[w] = rng.nextUint32()));
  const record: Uint32Array[] = [];
  const detectors: Uint32Array[] = [];
  const observables: Uint32Array[] = [];
  const parity = (lookbacks: readonly number[]) => {
    const out = new Uint32Array(words);
    for (const k of lookbacks) {
      const r = record[record.length - k];
      if (r === undefined) throw new Error(`rec[-${k}] out of range`);
      for (let w = 0; w < words; w++) out[w] = (out[w] ?? 0) ^ (r[w] ?? 0);
    }
    return out;
  };
  forEachInstruction({ items: unroll(circuit) }, 1, (item) => {
    const qs = item.targets.map((t) => (t.type === 'qubit' ? t.qubit : -1));
    const lookbacks = item.targets.map((t) => (t.type === 'rec' ? t.lookback : 0));
    switch (item.gate) {
      case 'R':
      case 'RX':
        for (const q of qs) {
          get(item.gate === 'R' ? x : z, q).fill(0);
          randomize(get(item.gate === 'R' ? z : x, q));
        }
        break;
      case 'H':
        for (const q of qs) {
          const [xq, zq] = [get(x, q), get(z, q)];
          x.set(q, zq);
          z.set(q, xq);
        }
        break;
      case 'CX':
        for (let k = 0; k + 1 < qs.length; k += 2) {
          const [c, t] = [qs[k] ?? 0, qs[k + 1] ?? 0];
          const [xc, xt, zc, zt] = [get(x, c), get(x, t), get(z, c), get(z, t)];
          for (let w = 0; w < words; w++) {
            xt[w] = (xt[w] ?? 0) ^ (xc[w] ?? 0);
            zc[w] = (zc[w] ?? 0) ^ (zt[w] ?? 0);
          }
        }
        break;
      case 'M':
      case 'MX':
      case 'MR': {
        const [flip, gauge] = item.gate === 'MX' ? [z, x] : [x, z];
        for (const q of qs) {
          record.push(Uint32Array.from(get(flip, q)));
          if (item.gate === 'MR') get(flip, q).fill(0);
          randomize(get(gauge, q));
        }
        break;
      }
      case 'X_ERROR':
      case 'Z_ERROR':
        if (item.args[0] === 1)
          for (const q of qs) get(item.gate === 'X_ERROR' ? x : z, q).forEach((v, w, a) => (a[w] = ~v));
        break;
      case 'DETECTOR':
        detectors.push(parity(lookbacks));
        break;
      case 'OBSERVABLE_INCLUDE':
        observables.push(parity(lookbacks));
        break;
    }
  });
  const allZero = (v: Uint32Array) => v.every((word) => word === 0);
  const allOne = (v: Uint32Array) => v.every((word) => word === 0xffffffff);
  return {
    detectorsDeterministic: detectors.every((v) => allZero(v) || allOne(v)),
    observablesDeterministic: observables.every((v) => allZero(v) || allOne(v)),
    detectorsFired: detectors.some((v) => !allZero(v)),
    observableAlwaysFlipped: observables.length === 1 && observables.every(allOne),
  };
}

function unroll(circuit: Circuit): CircuitItem[] {
  return circuit.items.flatMap((item) =>
    item.kind === 'repeat'
      ? Array.from({ length: item.repetitions }, () => unroll(item.body)).flat()
      : [item],
  );
}
