import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { readFixture, STIM_FIXTURES } from '../testing/stim-fixtures.ts';
import type { DemItem, DemTarget, DetectorErrorModel } from './dem.ts';
import { parseDem } from './parse-dem.ts';
import { printDem } from './print-dem.ts';

function parsedOk(text: string): DetectorErrorModel {
  return unwrap(parseDem(text));
}

describe('parseDem', () => {
  it('reads every instruction, case-insensitively, with comments and blank lines', () => {
    const text = [
      '# a comment',
      'error(0.125) D0 D5 ^ D6 L0  # trailing comment',
      '',
      'ERROR(1) d1 l2',
      'error(0)',
      'detector(0, 4, -0.5) D3',
      'detector D4',
      'logical_observable L0',
      'shift_detectors(0, 0, 1) 2',
      'shift_detectors 7',
      'repeat 3 {',
      '    error(0.25) D0',
      '    repeat 2{',
      '    }',
      '}',
    ].join('\r\n');
    const D = (id: number): DemTarget => ({ type: 'detector', id });
    expect(parsedOk(text).items).toEqual<DemItem[]>([
      { kind: 'error', probability: 0.125, targets: [D(0), D(5), { type: 'separator' }, D(6), { type: 'observable', id: 0 }] },
      { kind: 'error', probability: 1, targets: [D(1), { type: 'observable', id: 2 }] },
      { kind: 'error', probability: 0, targets: [] },
      { kind: 'detector', coords: [0, 4, -0.5], ids: [3] },
      { kind: 'detector', coords: [], ids: [4] },
      { kind: 'logical_observable', ids: [0] },
      { kind: 'shift_detectors', coordShift: [0, 0, 1], detectorShift: 2 },
      { kind: 'shift_detectors', coordShift: [], detectorShift: 7 },
      {
        kind: 'repeat',
        repetitions: 3,
        body: { items: [{ kind: 'error', probability: 0.25, targets: [D(0)] }, { kind: 'repeat', repetitions: 2, body: { items: [] } }] },
      },
    ]);
  });

  it.each([
    ['error(1.5) D0', 1, 7, 'probability must be in [0, 1], got 1.5'],
    ['error( -0.25) D0', 1, 8, 'probability must be in [0, 1], got -0.25'],
    ['error(abc) D0', 1, 7, "'abc' is not a number"],
    ['error(0.1,) D0', 1, 11, 'missing argument'],
    ['error(1e999) D0', 1, 7, "'1e999' is not a number"],
    ['error(0.1, 0.2) D0', 1, 6, "'error' takes exactly one probability argument, got 2"],
    ['error D0', 1, 6, "'error' takes exactly one probability argument, got 0"],
    ['error(0.1 D0', 1, 6, "unterminated '(': missing ')'"],
    ['error[tag](0.1) D0', 1, 6, 'instruction tags are not supported'],
    ['error(0.1)D0', 1, 11, "unexpected 'D' after the instruction name"],
    ['foo(0.1) D0', 1, 1, "unknown instruction 'foo' (expected one of: error, detector, logical_observable, shift_detectors, repeat)"],
    ['  error(0.1) D0 X3', 1, 17, "'X3' is not a target (expected D#, L# or ^)"],
    ['error(0.1) D-1', 1, 12, "'D-1' is not a target (expected D#, L# or ^)"],
    ['error(0.1) ^ D0', 1, 12, "an error's targets cannot start with '^'"],
    ['error(0.1) D0 ^', 1, 15, "an error's targets cannot end with '^'"],
    ['error(0.1) D0 ^ ^ D1', 1, 17, "adjacent separators '^ ^'"],
    ['detector(1, 2) L0', 1, 16, "'detector' takes a detector target (D#), got 'L0'"],
    ['detector(1, 2)', 1, 1, "'detector' needs a detector target (D#)"],
    ['detector D0 D1', 1, 13, "'detector' takes exactly one target"],
    ['logical_observable(1) L0', 1, 19, "'logical_observable' takes no arguments"],
    ['logical_observable D0', 1, 20, "'logical_observable' takes an observable target (L#), got 'D0'"],
    ['shift_detectors(1) -2', 1, 20, "detector shift must be a non-negative integer, got '-2'"],
    ['shift_detectors(1)', 1, 1, "'shift_detectors' needs a detector shift (a non-negative integer)"],
    ['repeat x {\n}', 1, 8, "repetition count must be a non-negative integer, got 'x'"],
    ['repeat 3\n}', 1, 9, "expected '{' after the repetition count"],
    ['repeat 3 { error(0.1) D0\n}', 1, 12, "unexpected 'error(0.1)' after '{'"],
    ['repeat {\n}', 1, 7, 'repeat needs a repetition count'],
    ['error(0.1) D0\n  }', 2, 3, "unexpected '}' without an open repeat block"],
    ['error(0.1) D0\nrepeat 2 {\n    error(0.1) D1\n', 2, 1, "repeat block is never closed with '}'"],
    ['(0.1) D0', 1, 1, "expected an instruction name, got '('"],
  ])('rejects %j at line %i, column %i: %s', (text, line, column, message) => {
    expect(parseDem(text)).toEqual({ ok: false, issues: [{ line, column, message }] });
  });

  it('reports every bad line, not just the first', () => {
    const result = parseDem('error(0.1) D0\nerror(2) D1\nerror(0.1) D2\nnope\n');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((i) => [i.line, i.column])).toEqual([[2, 7], [4, 1]]);
  });

  for (const fixture of STIM_FIXTURES) {
    it(`round-trips ${fixture.name}'s models byte for byte`, () => {
      for (const file of ['dem.dem', 'dem_nodecomp.dem'] as const) {
        const text = readFixture(fixture, file);
        const dem = parsedOk(text);
        expect(printDem(dem)).toBe(text);
        expect(parsedOk(printDem(dem))).toEqual(dem);
      }
    });
  }
});

const detectorTarget = fc.nat({ max: 1000 }).map((id): DemTarget => ({ type: 'detector', id }));
const observableTarget = fc.nat({ max: 5 }).map((id): DemTarget => ({ type: 'observable', id }));
const component = fc.array(fc.oneof(detectorTarget, observableTarget), { minLength: 1, maxLength: 4 });
const errorTargets = fc
  .array(component, { maxLength: 3 })
  .map((parts) => parts.flatMap((part, k) => (k === 0 ? part : [{ type: 'separator' } as const, ...part])));
const coordinate = fc.double({ noNaN: true, noDefaultInfinity: true });
const coords = fc.array(coordinate, { maxLength: 3 });

const leaf: fc.Arbitrary<DemItem> = fc.oneof(
  fc.record({ kind: fc.constant('error' as const), probability: fc.double({ min: 0, max: 1, noNaN: true }), targets: errorTargets }),
  fc.record({ kind: fc.constant('detector' as const), coords, ids: fc.tuple(fc.nat({ max: 1000 })) }),
  fc.record({ kind: fc.constant('logical_observable' as const), ids: fc.tuple(fc.nat({ max: 5 })) }),
  fc.record({ kind: fc.constant('shift_detectors' as const), coordShift: coords, detectorShift: fc.nat({ max: 100 }) }),
);
const items = fc.letrec<{ items: DemItem[]; item: DemItem }>((tie) => ({
  items: fc.array(tie('item'), { maxLength: 6 }),
  item: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant('repeat' as const), repetitions: fc.nat({ max: 1000 }), body: fc.record({ items: tie('items') }) }),
  ),
})).items;

describe('parseDem ∘ printDem', () => {
  it('is the identity on random models (all doubles print with enough digits to read back exactly)', () => {
    fc.assert(
      fc.property(items, (generated) => {
        const dem: DetectorErrorModel = { items: generated };
        const text = printDem(dem);
        expect(parsedOk(text)).toEqual(dem);
        expect(printDem(parsedOk(text))).toBe(text);
      }),
      { seed: 20260716, numRuns: 300 },
    );
  });
});
