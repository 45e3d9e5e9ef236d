import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { readFixture, STIM_FIXTURES } from '../testing/stim-fixtures.ts';
import type { DemItem, DemTarget, DetectorErrorModel } from './dem.ts';
import { observableCode, parseDem, scanDem, SEPARATOR_CODE, type DemInstruction, type DemScanSink } from './parse-dem.ts';
import { printDem } from './print-dem.ts';

function parsedOk(text: string): DetectorErrorModel {
  return unwrap(parseDem(text));
}

/** Bad lines, with the line, column and message of the one issue parseDem reports. */
const REJECTED: readonly (readonly [string, number, number, string])[] = [
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
  ['error(0.1) D0^', 1, 12, "'D0^' is not a target (expected D#, L# or ^)"],
  ['error(0.1) D0 ^L1', 1, 15, "'^L1' is not a target (expected D#, L# or ^)"],
  ['error(0.1) D99999999999999999999', 1, 12, "'D99999999999999999999' is not a target (expected D#, L# or ^)"],
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
];

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

  it.each(REJECTED)('rejects %j at line %i, column %i: %s', (text, line, column, message) => {
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
/** Random models: up to `maxLength` items per block, blocks repeated up to `maxRepetitions` times. */
const models = (maxLength: number, maxRepetitions: number) =>
  fc.letrec<{ items: DemItem[]; item: DemItem }>((tie) => ({
    items: fc.array(tie('item'), { maxLength }),
    item: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.record({ kind: fc.constant('repeat' as const), repetitions: fc.nat({ max: maxRepetitions }), body: fc.record({ items: tie('items') }) }),
    ),
  })).items;
const items = models(6, 1000);

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

/** The model's instructions in execution order, each repeat block's body once per repetition. */
function unrolled(items: readonly DemItem[]): DemInstruction[] {
  return items.flatMap((item) => (item.kind === 'repeat' ? Array.from({ length: item.repetitions }, () => unrolled(item.body.items)).flat() : [item]));
}

const targetOfCode = (code: number): DemTarget =>
  code === SEPARATOR_CODE ? { type: 'separator' } : code >= 0 ? { type: 'detector', id: code } : { type: 'observable', id: observableCode(code) };

/** What scanDem visits: the instructions (errors' codes back as targets) and their lines, or false. */
function scanned(text: string): { instruction: DemInstruction; line: number }[] | false {
  const visited: { instruction: DemInstruction; line: number }[] = [];
  const sink: DemScanSink = {
    error: (probability, codes, start, end, line) => visited.push({ instruction: { kind: 'error', probability, targets: Array.from(codes.subarray(start, end), targetOfCode) }, line }),
    instruction: (instruction, line) => visited.push({ instruction, line }),
  };
  return scanDem(text, sink) && visited;
}

describe('scanDem', () => {
  it("visits parseDem's instructions in execution order, with their lines, each repeat body once per repetition", () => {
    const text = 'error(0.1) D0\nrepeat 2 {\n  error(0.2) D1 # c\n\n  repeat 0 {\n    error(0.3) D2\n  }\n  repeat 2 {\n    shift_detectors 1\n  }\n}\nDETECTOR(1) D4\n';
    const visits = scanned(text);
    expect(visits && visits.map(({ instruction, line }) => [instruction.kind, line])).toEqual([
      ['error', 1],
      ['error', 3],
      ['shift_detectors', 9],
      ['shift_detectors', 9],
      ['error', 3],
      ['shift_detectors', 9],
      ['shift_detectors', 9],
      ['detector', 12],
    ]);
    expect(visits && visits.map((visit) => visit.instruction)).toEqual(unrolled(parsedOk(text).items));
  });

  const ignored: DemScanSink = { error: () => {}, instruction: () => {} };

  it.each(REJECTED)('fails on %j as parseDem does (line %i, column %i: %s)', (text) => {
    expect(scanDem(text, ignored)).toBe(false);
  });

  it('fails on a bad line inside a block repeated zero times', () => {
    expect(scanDem('repeat 0 {\n  error(2) D0\n}\n', ignored)).toBe(false);
  });

  it.each([
    'error(0.125) D0 D5 ^ D6 L0',
    'ERROR(0.1) d1 l2',
    'error(1e-3) D0',
    'error( 0.5 ) D0',
    'error(.5) D0 ^ L3',
    'error(1.) D0',
    'error(0)',
    'error(0.1)\tD0  L1\v',
    'error(0.1) D0\u00a0L1',
    'error(0.1) D9007199254740991 L0',
    'error(0.1) D00012 ^ L0007',
  ])('reads %j to the instruction parseDem reads', (line) => {
    const visits = scanned(line);
    expect(visits && visits.map((visit) => visit.instruction)).toEqual(parsedOk(line).items);
  });

  it('visits the unrolled model of random models', () => {
    fc.assert(
      fc.property(models(5, 3), (generated) => {
        const visits = scanned(printDem({ items: generated }));
        expect(visits && visits.map((visit) => visit.instruction)).toEqual(unrolled(generated));
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });
});
