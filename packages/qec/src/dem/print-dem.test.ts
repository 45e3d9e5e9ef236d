import { describe, expect, it } from 'vitest';
import type { DetectorErrorModel } from './dem.ts';
import { D, L, SEPARATOR } from './dem.ts';
import { printDem } from './print-dem.ts';

describe('printDem', () => {
  it("writes Stim's text: %.19g numbers, D/L/^ targets, coordinates, shifts", () => {
    const dem: DetectorErrorModel = {
      items: [
        { kind: 'error', probability: 0.002332035441684078298, targets: [D(0), D(5), SEPARATOR, D(6), L(0)] },
        { kind: 'error', probability: 6.669779853440971351e-5, targets: [D(1)] },
        { kind: 'error', probability: 0.1, targets: [] },
        { kind: 'detector', coords: [0, 4, 0.5], ids: [0] },
        { kind: 'detector', coords: [], ids: [7] },
        { kind: 'shift_detectors', coordShift: [0, 0, 1], detectorShift: 0 },
        { kind: 'shift_detectors', coordShift: [], detectorShift: 3 },
        { kind: 'logical_observable', ids: [2] },
      ],
    };
    expect(printDem(dem)).toBe(
      [
        'error(0.002332035441684078298) D0 D5 ^ D6 L0',
        'error(6.669779853440971351e-05) D1',
        'error(0.1000000000000000056)',
        'detector(0, 4, 0.5) D0',
        'detector D7',
        'shift_detectors(0, 0, 1) 0',
        'shift_detectors 3',
        'logical_observable L2',
        '',
      ].join('\n'),
    );
  });

  it('indents repeat blocks by four spaces and writes an empty body as an empty line, as Stim does', () => {
    const dem: DetectorErrorModel = {
      items: [
        {
          kind: 'repeat',
          repetitions: 2,
          body: {
            items: [
              { kind: 'error', probability: 0.5, targets: [D(0)] },
              { kind: 'repeat', repetitions: 3, body: { items: [] } },
            ],
          },
        },
      ],
    };
    expect(printDem(dem)).toBe('repeat 2 {\n    error(0.5) D0\n    repeat 3 {\n\n    }\n}\n');
    expect(printDem({ items: [] })).toBe('');
  });

  it('writes texts longer than one internal chunk whole', () => {
    const ids = Array.from({ length: 2000 }, (_, k) => k);
    const dem: DetectorErrorModel = { items: ids.map((k) => ({ kind: 'error', probability: 0.5, targets: [D(k), D(k + 1)] })) };
    const text = printDem(dem);
    expect(text.length).toBeGreaterThan(3 * 8192);
    expect(text).toBe(ids.map((k) => `error(0.5) D${k} D${k + 1}\n`).join(''));
  });

  it('writes 0 and -0 as Stim does however often they recur', () => {
    const dem: DetectorErrorModel = {
      items: [
        { kind: 'detector', coords: [0, -0, 0], ids: [0] },
        { kind: 'shift_detectors', coordShift: [-0, 0], detectorShift: 1 },
        { kind: 'detector', coords: [-0, 0], ids: [1] },
      ],
    };
    expect(printDem(dem)).toBe('detector(0, -0, 0) D0\nshift_detectors(-0, 0) 1\ndetector(-0, 0) D1\n');
  });
});
