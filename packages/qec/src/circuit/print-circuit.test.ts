import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import fc from 'fast-check';
import { formatCircuitArgument, printCircuit } from './print-circuit.ts';
import { parseCircuit } from './parse-circuit.ts';
import {
  instruction,
  qubit,
  rec,
  type Circuit,
  type CircuitItem,
  type Instruction,
} from './circuit.ts';
import { GATES, type GateSpec } from './gate-table.ts';
import { STIM_FIXTURES, readFixture } from '../testing/stim-fixtures.ts';

function parseOk(text: string): Circuit {
  return unwrap(parseCircuit(text));
}

describe('printCircuit', () => {
  it.each(STIM_FIXTURES.map((fixture) => [fixture.name, fixture] as const))(
    'parse → print is the identity on %s',
    (_, fixture) => {
      const text = readFixture(fixture, 'circuit.stim');
      expect(printCircuit(parseOk(text))).toBe(text);
    },
  );

  it('prints nested blocks with 4-space indentation, comments and canonical names', () => {
    const circuit: Circuit = {
      items: [
        { kind: 'comment', text: ' head' },
        instruction('CNOT', [qubit(0), qubit(1)]),
        {
          kind: 'repeat',
          repetitions: 2,
          body: {
            items: [
              {
                kind: 'repeat',
                repetitions: 3,
                body: { items: [instruction('M', [qubit(0, true)], [0.01])] },
              },
              { kind: 'comment', text: 'x' },
            ],
          },
        },
        instruction('DETECTOR', [rec(1), rec(6)], [0, 4, -0.5]),
        instruction('TICK'),
      ],
    };
    expect(printCircuit(circuit)).toBe(
      [
        '# head',
        'CX 0 1',
        'REPEAT 2 {',
        '    REPEAT 3 {',
        '        M(0.01) !0',
        '    }',
        '    #x',
        '}',
        'DETECTOR(0, 4, -0.5) rec[-1] rec[-6]',
        'TICK',
        '',
      ].join('\n'),
    );
    expect(printCircuit({ items: [] })).toBe('');
  });

  // Stim prints integral arguments as int64 and everything else with `<<` (%g, 6 digits).
  it.each([
    [0, '0'],
    [-0, '0'],
    [3, '3'],
    [-7, '-7'],
    [1234567, '1234567'],
    [2 ** 60, '1152921504606846976'],
    [1e20, '1e+20'],
    [0.0001, '0.0001'],
    [0.001 / 10, '0.0001'],
    [0.0005 / 10, '5e-05'],
    [0.1 + 0.2, '0.3'],
    [1 / 3, '0.333333'],
    [-2.5, '-2.5'],
    [123456.7, '123457'],
  ])('formatCircuitArgument(%s) = %s', (value, expected) => {
    expect(formatCircuitArgument(value)).toBe(expected);
  });
});

describe('print ∘ parse round trips on random circuits built from the gate table', () => {
  /** Every circuit starts with this, so `rec[-1]` … `rec[-8]` are always valid. */
  const PRELUDE = instruction(
    'M',
    [0, 1, 2, 3, 4, 5, 6, 7].map((q) => qubit(q)),
  );

  const probability = fc.oneof(
    fc.constantFrom(0, 1, 0.5, 0.001, 5e-5, 0.125),
    fc.double({ min: 0, max: 1, noNaN: true }),
  );
  const real = fc.oneof(
    fc.integer({ min: -50, max: 50 }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  );

  const argsFor = (gate: GateSpec): fc.Arbitrary<number[]> => {
    switch (gate.args.kind) {
      case 'none':
        return fc.constant([]);
      case 'coordinates':
        return fc.array(real, { maxLength: 4 });
      case 'index':
        return fc.integer({ min: 0, max: 5 }).map((k) => [k]);
      case 'optional-probability':
        return fc.array(probability, { maxLength: 1 });
      case 'probabilities': {
        // Disjoint probabilities must sum to at most 1: scale them down by their count.
        const count = gate.args.count;
        return fc
          .array(probability, { minLength: count, maxLength: count })
          .map((ps) => ps.map((p) => p / count));
      }
    }
  };

  const targetsFor = (gate: GateSpec) => {
    const measures = gate.kind === 'measure' || gate.kind === 'measure-reset';
    switch (gate.targets) {
      case 'none':
        return fc.constant([]);
      case 'records':
        return fc.array(fc.integer({ min: 1, max: 8 }).map(rec), { maxLength: 4 });
      case 'qubits':
        return fc.array(
          fc
            .record({ q: fc.nat(30), inverted: fc.boolean() })
            .map(({ q, inverted }) => qubit(q, measures && inverted)),
          { maxLength: 5 },
        );
      case 'qubit-pairs':
        return fc
          .array(fc.tuple(fc.nat(30), fc.nat(29)), { maxLength: 3 })
          .map((pairs) => pairs.flatMap(([a, b]) => [qubit(a), qubit(b >= a ? b + 1 : b)]));
    }
  };

  const instructionArb: fc.Arbitrary<Instruction> = fc
    .constantFrom(...GATES)
    .chain((gate) =>
      fc
        .tuple(argsFor(gate), targetsFor(gate))
        .map(([args, targets]) => instruction(gate.name, targets, args)),
    );
  const commentArb = fc
    .string({ maxLength: 12 })
    .filter((text) => !/[\r\n]/.test(text))
    .map((text): CircuitItem => ({ kind: 'comment', text }));

  const { items } = fc.letrec<{ items: CircuitItem[]; item: CircuitItem }>((tie) => ({
    items: fc.array(tie('item'), { maxLength: 6 }),
    item: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      instructionArb,
      commentArb,
      fc
        .tuple(fc.integer({ min: 1, max: 1000 }), tie('items'))
        .map(([repetitions, body]): CircuitItem => ({
          kind: 'repeat',
          repetitions,
          body: { items: body },
        })),
    ),
  }));
  const circuitArb = items.map((body): Circuit => ({ items: [PRELUDE, ...body] }));

  it('print(parse(print(c))) === print(c)', () => {
    fc.assert(
      fc.property(circuitArb, (circuit) => {
        const text = printCircuit(circuit);
        expect(printCircuit(parseOk(text))).toBe(text);
      }),
      { seed: 20240611, numRuns: 400 },
    );
  });

  it('parse(print(c)) equals c when every argument prints exactly', () => {
    const exact = (c: Circuit): boolean =>
      c.items.every((item) =>
        item.kind === 'instruction'
          ? item.args.every((a) => Number(formatCircuitArgument(a)) === a && !Object.is(a, -0))
          : item.kind === 'repeat'
            ? exact(item.body)
            : true,
      );
    fc.assert(
      fc.property(circuitArb.filter(exact), (circuit) => {
        expect(parseOk(printCircuit(circuit))).toEqual(circuit);
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});
