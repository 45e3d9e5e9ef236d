import { describe, expect, it } from 'vitest';
import { layoutDiagramRows, surfaceCodeDiagramCells } from './layout-diagram.ts';
import { rotatedSurfaceCodeLayout } from './rotated-surface-code-layout.ts';

const diagram = (distance: number, basis: 'X' | 'Z') =>
  layoutDiagramRows(surfaceCodeDiagramCells(rotatedSurfaceCodeLayout(distance), basis)).map(
    (row) => `#${row}`,
  );

describe('layout diagram', () => {
  // Expected strings are Stim's own (src/stim/gen/gen_surface_code.test.cc), trailing spaces included.
  it('draws the d = 2 and d = 4 rotated codes as stim gen does', () => {
    expect(diagram(2, 'Z')).toEqual([
      '#         X12',
      '#     d6      d8 ',
      '#         Z7 ',
      '#     L1      L3 ',
      '#         X2 ',
    ]);
    expect(diagram(4, 'Z')).toEqual([
      '#         X38             X42',
      '#     d28     d30     d32     d34',
      '#         Z29     X31     Z33',
      '#     d19     d21     d23     d25',
      '# Z18     X20     Z22     X24     Z26',
      '#     d10     d12     d14     d16',
      '#         Z11     X13     Z15',
      '#     L1      L3      L5      L7 ',
      '#         X2              X6 ',
    ]);
  });

  it('marks the left column as the observable of an X memory', () => {
    expect(diagram(3, 'X')).toEqual([
      '#                 X25',
      '#     L15     d17     d19',
      '# Z14     X16     Z18',
      '#     L8      d10     d12',
      '#         Z9      X11     Z13',
      '#     L1      d3      d5 ',
      '#         X2 ',
    ]);
  });

  it('pads to the longest label and leaves empty rows bare', () => {
    expect(
      layoutDiagramRows([
        { x: 0, y: 0, label: 'a' },
        { x: 2, y: 0, label: 'bcd' },
        { x: 1, y: 2, label: 'e' },
      ]),
    ).toEqual(['     e  ', '', ' a       bcd']);
    expect(layoutDiagramRows([])).toEqual([]);
  });
});
