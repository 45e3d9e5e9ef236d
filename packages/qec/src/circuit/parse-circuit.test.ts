import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { parseCircuit } from './parse-circuit.ts';
import { instruction, qubit, rec, type Circuit } from './circuit.ts';
import { SUPPORTED_GATE_NAMES } from './gate-table.ts';
import { STIM_FIXTURES, readFixture } from '../testing/stim-fixtures.ts';

function parseOk(text: string): Circuit {
  return unwrap(parseCircuit(text));
}

describe('parseCircuit on the reference fixtures', () => {
  it.each(STIM_FIXTURES.map((fixture) => [fixture.name, fixture] as const))(
    '%s parses',
    (_, fixture) => {
      const circuit = parseOk(readFixture(fixture, 'circuit.stim'));
      const repeats = circuit.items.filter((item) => item.kind === 'repeat');
      expect(repeats).toHaveLength(fixture.rounds > 2 ? 1 : 0);
      expect(circuit.items[0]).toEqual({ kind: 'comment', text: ' Generated surface_code circuit.' });
      const last = circuit.items[circuit.items.length - 1];
      expect(last?.kind === 'instruction' && last.gate).toBe('OBSERVABLE_INCLUDE');
    },
  );
});

describe('parseCircuit', () => {
  it('reads gates, arguments, targets and aliases case-insensitively', () => {
    const circuit = parseOk(
      'cnot 0 1\nmz !2 3\nX_ERROR(0.125) 4\nDETECTOR(1, -2.5, 3e2) rec[-1] rec[-2]\n',
    );
    expect(circuit.items).toEqual([
      instruction('CX', [qubit(0), qubit(1)]),
      instruction('M', [qubit(2, true), qubit(3)]),
      instruction('X_ERROR', [qubit(4)], [0.125]),
      instruction('DETECTOR', [rec(1), rec(2)], [1, -2.5, 300]),
    ]);
  });

  it('keeps full-line comments verbatim and drops trailing ones', () => {
    const circuit = parseOk(
      '#a\n  # b c\nH 0 # trailing\nREPEAT 2 { # dropped\n    #inner\n    M 0\n} # dropped\n',
    );
    expect(circuit.items).toEqual([
      { kind: 'comment', text: 'a' },
      { kind: 'comment', text: ' b c' },
      instruction('H', [qubit(0)]),
      {
        kind: 'repeat',
        repetitions: 2,
        body: { items: [{ kind: 'comment', text: 'inner' }, instruction('M', [qubit(0)])] },
      },
    ]);
  });

  it('reads nested blocks, braces attached to counts, CRLF and tabs', () => {
    const circuit = parseOk('REPEAT 3{\r\n\tREPEAT 2 {\r\n\t\tMR\t0\r\n\t}\r\n}\r\nDETECTOR rec[-6]');
    expect(circuit.items).toEqual([
      {
        kind: 'repeat',
        repetitions: 3,
        body: {
          items: [{ kind: 'repeat', repetitions: 2, body: { items: [instruction('MR', [qubit(0)])] } }],
        },
      },
      instruction('DETECTOR', [rec(6)]),
    ]);
  });

  it('accepts lookbacks into earlier iterations only after the block', () => {
    expect(parseCircuit('REPEAT 2 {\n M 0\n}\nDETECTOR rec[-2]').ok).toBe(true);
    expect(parseCircuit('REPEAT 2 {\n M 0\n DETECTOR rec[-2]\n}').ok).toBe(false);
  });

  it('accepts instructions with no targets and measurement flip probabilities', () => {
    expect(parseOk('TICK\nDETECTOR(1)\nM(0.01) 0\nMR 1').items).toHaveLength(4);
  });

  it('names every supported gate for an unknown one', () => {
    const result = parseCircuit('H 0\n  FOO 1');
    expect(result).toEqual({
      ok: false,
      issues: [
        {
          line: 2,
          column: 3,
          message: `unknown gate "FOO"; supported gates: ${SUPPORTED_GATE_NAMES.join(', ')}, REPEAT`,
        },
      ],
    });
  });

  // [text, line, column, message fragment]
  it.each([
    ['X_ERROR(1.5) 0', 1, 9, 'not a probability in [0, 1]'],
    ['H 0\nDEPOLARIZE1(-0.1) 0', 2, 13, 'not a probability'],
    ['DEPOLARIZE1 0', 1, 1, 'takes exactly 1 probability argument, got 0'],
    ['DEPOLARIZE1(0.1, 0.2) 0', 1, 12, 'got 2'],
    ['PAULI_CHANNEL_1(0.5, 0.5, 0.5) 0', 1, 16, 'sum to'],
    ['X_ERROR(abc) 0', 1, 9, '"abc" is not a finite real number'],
    ['X_ERROR() 0', 1, 9, 'expected a number'],
    ['X_ERROR(0.1,) 0', 1, 13, 'expected a number'],
    ['X_ERROR(1e999) 0', 1, 9, 'not a finite real number'],
    ['X_ERROR(0x1) 0', 1, 9, 'not a finite real number'],
    ['X_ERROR(0.1 0', 1, 13, "expected ',' or ')'"],
    ['X_ERROR(0.1', 1, 12, "missing ')'"],
    ['H(1) 0', 1, 2, 'takes no parenthesized arguments'],
    ['M(0.1, 0.2) 0', 1, 2, 'at most 1 argument'],
    ['M(2) 0', 1, 3, 'not a probability'],
    ['M 0\nOBSERVABLE_INCLUDE(1.5) rec[-1]', 2, 20, 'non-negative integer'],
    ['M 0\nOBSERVABLE_INCLUDE(-1) rec[-1]', 2, 20, 'non-negative integer'],
    ['M 0\nOBSERVABLE_INCLUDE rec[-1]', 2, 1, 'exactly 1 argument'],
    ['H 0 x', 1, 5, 'invalid target "x"'],
    ['H -1', 1, 3, 'invalid target "-1"'],
    ['H 1.5', 1, 3, 'invalid target "1.5"'],
    ['H 16777216', 1, 3, 'too large'],
    ['H !0', 1, 3, 'inverted targets'],
    ['M 0\nH rec[-1]', 2, 3, 'does not take rec[-k] targets'],
    ['M 0\nDETECTOR 0', 2, 10, 'only takes rec[-k] targets'],
    ['M 0\nDETECTOR rec[-0]', 2, 10, 'rec[-0]'],
    ['M 0\nDETECTOR rec[1]', 2, 10, 'invalid record target'],
    ['M 0 1\nDETECTOR rec[-1] rec[-3]', 2, 18, 'looks back further than the 2 measurement(s)'],
    ['DETECTOR rec[-1]', 1, 10, 'looks back further than the 0'],
    ['CX 0 1 2', 1, 8, 'even number of targets, got 3'],
    ['CZ 0 1 3 3', 1, 10, 'pairs qubit 3 with itself'],
    ['TICK 0', 1, 6, 'takes no targets'],
    ['SHIFT_COORDS(1) 2', 1, 17, 'takes no targets'],
    ['H 0 1{', 1, 6, "unexpected '{'"],
    ['X_ERROR(0.1)0', 1, 13, 'expected a space'],
    ['H[tag] 0', 1, 2, 'tags'],
    ['(0.1) 0', 1, 1, 'expected a gate name'],
    ['REPEAT 2\nH 0\n}', 1, 9, "missing '{'"],
    ['REPEAT 0 {\n}', 1, 8, 'at least 1'],
    ['REPEAT -2 {\n}', 1, 8, 'positive integer'],
    ['REPEAT {\n}', 1, 8, 'needs a repetition count'],
    ['REPEAT 2 3 {\n}', 1, 10, 'exactly one repetition count'],
    ['REPEAT(2) 3 {\n}', 1, 7, 'no parenthesized arguments'],
    ['H 0\n  }', 2, 3, "unmatched '}'"],
    ['H 0\nREPEAT 5 {\n  H 0\n', 2, 10, 'never closed'],
  ])('%j → line %i, column %i: %s', (text, line, column, fragment) => {
    const result = parseCircuit(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues[0]).toMatchObject({ line, column });
    expect(result.issues[0]?.message).toContain(fragment);
  });

  it('reports one issue per bad line and keeps braces balanced after a bad REPEAT header', () => {
    const result = parseCircuit('FOO 0\nREPEAT x {\n  H 0\n}\nCX 0 0\n');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => [issue.line, issue.column])).toEqual([
      [1, 1],
      [2, 8],
      [5, 6],
    ]);
  });
});
