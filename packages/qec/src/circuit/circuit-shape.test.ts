import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { countDetectors, countMeasurements, countObservables, countQubits } from './circuit-shape.ts';
import { parseCircuit } from './parse-circuit.ts';
import type { Circuit } from './circuit.ts';
import { STIM_FIXTURES, readFixture, readFixtureStats } from '../testing/stim-fixtures.ts';

function parseOk(text: string): Circuit {
  return unwrap(parseCircuit(text));
}

describe('circuit shape', () => {
  it('multiplies nested blocks by their repetitions and takes maxima over space', () => {
    const circuit = parseOk(
      [
        'QUBIT_COORDS(1, 2) 40',
        'M 0 1',
        'REPEAT 3 {',
        '    MR 2',
        '    REPEAT 5 {',
        '        MX !7 3',
        '        DETECTOR rec[-1]',
        '    }',
        '    DETECTOR rec[-2]',
        '}',
        'H 9',
        'OBSERVABLE_INCLUDE(4) rec[-1]',
        'OBSERVABLE_INCLUDE(1) rec[-2]',
      ].join('\n'),
    );
    expect(countQubits(circuit)).toBe(41);
    expect(countMeasurements(circuit)).toBe(2 + 3 * (1 + 5 * 2));
    expect(countDetectors(circuit)).toBe(3 * (5 + 1));
    expect(countObservables(circuit)).toBe(5);
  });

  it('is zero for an empty circuit', () => {
    const empty: Circuit = { items: [] };
    expect([
      countQubits(empty),
      countMeasurements(empty),
      countDetectors(empty),
      countObservables(empty),
    ]).toEqual([0, 0, 0, 0]);
  });

  // The fixtures' stats list one firing rate per detector and observable, as Stim counted them.
  it.each(STIM_FIXTURES.map((fixture) => [fixture.name, fixture] as const))(
    'matches Stim on %s',
    (_, fixture) => {
      const circuit = parseOk(readFixture(fixture, 'circuit.stim'));
      const stats = readFixtureStats(fixture);
      const d = fixture.distance;
      expect(countDetectors(circuit)).toBe(stats.detector_rates.length);
      expect(countObservables(circuit)).toBe(stats.observable_rates.length);
      expect(countMeasurements(circuit)).toBe((d * d - 1) * fixture.rounds + d * d);
      // The highest index is the top-right X ancilla at (2d - 2, 2d): 2d - 2 + 2d·(d + 1/2).
      expect(countQubits(circuit)).toBe(2 * d * d + 3 * d - 1);
    },
  );
});
