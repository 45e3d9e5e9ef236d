import { describe, expect, it } from 'vitest';
import { unwrap, Xoshiro128 } from '@verilab/core';
import { D, L, SEPARATOR, type DetectorErrorModel } from './dem.ts';
import { flatMechanisms, flattenDem, modelMechanisms, type MechanismSource, xorReduce, xorReduceInPlace } from './flatten-dem.ts';
import { parseDem } from './parse-dem.ts';
import { readFixture, readFixtureStats, STIM_FIXTURES } from '../testing/stim-fixtures.ts';

function parse(text: string): DetectorErrorModel {
  return unwrap(parseDem(text));
}

const symptoms = (dem: DetectorErrorModel) =>
  flattenDem(dem).errors.map((e) => [e.probability, e.detectors, e.observables, e.itemIndex]);

describe('flattenDem', () => {
  it('unrolls repeat blocks and shifts detector ids and coordinates as Stim does', () => {
    // Stim's own doc example shape: a loop body that shifts by 2 each iteration.
    const flat = flattenDem(
      parse(`
        error(0.1) D0 D1
        detector(1, 0) D0
        repeat 3 {
          error(0.2) D0 D2 L0
          detector(2, 1, 7) D1
          shift_detectors(0, 10) 2
        }
        detector(5) D0
        error(0.3) D1
      `),
    );
    expect(flat.errors.map((e) => [e.probability, e.detectors, e.observables, e.itemIndex])).toEqual([
      [0.1, [0, 1], [], 0],
      [0.2, [0, 2], [0], 1],
      [0.2, [2, 4], [0], 2],
      [0.2, [4, 6], [0], 3],
      [0.3, [7], [], 4],
    ]);
    expect([...flat.detectorCoords.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [0, [1, 0]],
      [1, [2, 1, 7]],
      [3, [2, 11, 7]],
      [5, [2, 21, 7]],
      [6, [5]], // coordinates beyond a declaration's length are not padded
    ]);
    // D7 from the last error; Stim's count_detectors is max id + 1.
    expect(flat.numDetectors).toBe(8);
    expect(flat.numObservables).toBe(1);
  });

  it('unrolls nested loops in order and skips zero-repetition bodies', () => {
    const dem: DetectorErrorModel = {
      items: [
        {
          kind: 'repeat',
          repetitions: 2,
          body: {
            items: [
              { kind: 'repeat', repetitions: 2, body: { items: [{ kind: 'error', probability: 0.01, targets: [D(0)] }, { kind: 'shift_detectors', coordShift: [], detectorShift: 1 }] } },
              { kind: 'shift_detectors', coordShift: [], detectorShift: 10 },
            ],
          },
        },
        { kind: 'repeat', repetitions: 0, body: { items: [{ kind: 'error', probability: 0.5, targets: [D(100), L(9)] }] } },
      ],
    };
    expect(symptoms(dem)).toEqual([
      [0.01, [0], [], 0],
      [0.01, [1], [], 1],
      [0.01, [12], [], 2],
      [0.01, [13], [], 3],
    ]);
    const flat = flattenDem(dem);
    expect([flat.numDetectors, flat.numObservables]).toEqual([14, 0]);
  });

  it('counts declared-only detectors and observables, but not a trailing shift', () => {
    const flat = flattenDem(parse('detector D4\nlogical_observable L3\nshift_detectors 100\nerror(0.1) D0'));
    expect([flat.numDetectors, flat.numObservables]).toEqual([101, 4]);
    expect(flat.detectorCoords.get(4)).toEqual([]);
    expect(flattenDem(parse('shift_detectors 5')).numDetectors).toBe(0);
  });

  it('keeps the first coordinates of a detector declared twice (get_detector_coordinates)', () => {
    expect(flattenDem(parse('detector(1) D0\ndetector(2) D0')).detectorCoords.get(0)).toEqual([1]);
  });

  it('XOR-reduces symptoms and keeps ^ components', () => {
    const flat = flattenDem({
      items: [
        { kind: 'error', probability: 0.1, targets: [D(3), D(1), D(3), D(3), L(0), L(0)] },
        { kind: 'error', probability: 0.2, targets: [D(1), D(2), SEPARATOR, D(2), D(5), L(1)] },
      ],
    });
    expect(flat.errors[0]).toMatchObject({ detectors: [1, 3], observables: [], components: [{ detectors: [1, 3], observables: [] }] });
    expect(flat.errors[1]).toMatchObject({
      detectors: [1, 5],
      observables: [1],
      components: [
        { detectors: [1, 2], observables: [] },
        { detectors: [2, 5], observables: [1] },
      ],
    });
    // Cancelled targets still count towards numDetectors / numObservables, as in Stim.
    expect([flat.numDetectors, flat.numObservables]).toEqual([6, 2]);
  });

  it('xorReduce sorts and cancels pairs', () => {
    expect(xorReduce([5, 1, 5, 5, 2, 1])).toEqual([2, 5]);
    expect(xorReduce([])).toEqual([]);
  });

  it('xorReduceInPlace reduces only the first count ids, in arrays and typed arrays, short and long', () => {
    const random = Xoshiro128.fromSeed(11);
    for (const length of [0, 1, 5, 16, 17, 40]) {
      const ids = Array.from({ length }, () => random.nextUint32() % 12);
      const tail = [99, 98];
      const expected = xorReduce(ids);
      const array = [...ids, ...tail];
      expect(array.slice(0, xorReduceInPlace(array, length))).toEqual(expected);
      expect(array.slice(array.length - 2)).toEqual(tail);
      const typed = Float64Array.from([...ids, ...tail]);
      expect([...typed.subarray(0, xorReduceInPlace(typed, length))]).toEqual(expected);
      expect([...typed.subarray(typed.length - 2)]).toEqual(tail);
    }
  });

  for (const fixture of STIM_FIXTURES) {
    it(`flattens ${fixture.name}'s dem.dem and dem_nodecomp.dem`, () => {
      const stats = readFixtureStats(fixture);
      const decomposed = flattenDem(parse(readFixture(fixture, 'dem.dem')));
      const plain = flattenDem(parse(readFixture(fixture, 'dem_nodecomp.dem')));
      for (const flat of [decomposed, plain]) {
        expect(flat.numDetectors).toBe(stats.detector_rates.length);
        expect(flat.numObservables).toBe(stats.observable_rates.length);
        expect(flat.detectorCoords.size).toBe(flat.numDetectors);
        for (const error of flat.errors) {
          expect(error.probability).toBeGreaterThan(0);
          expect(error.detectors.every((d) => d < flat.numDetectors)).toBe(true);
        }
      }
      // Decomposition splits symptoms into graph-like parts without changing them.
      expect(decomposed.errors.some((e) => e.components.length > 1)).toBe(true);
      for (const error of decomposed.errors) {
        expect(error.components.every((c) => c.detectors.length <= 2)).toBe(true);
      }
      // The detector coordinates are the circuit's (first detector of each fixture is at t=0).
      expect(decomposed.detectorCoords.get(0)?.at(-1)).toBe(0);
    });
  }
});

describe('modelMechanisms', () => {
  const visited = (source: MechanismSource) => {
    const out: [number, number[]][] = [];
    source.forEachMechanism((probability, detectors) => out.push([probability, [...detectors]]));
    return { numDetectors: source.numDetectors, mechanisms: out };
  };

  it('reads the mechanisms flattenDem lists, loops, shifts, separators and cancelling ids included', () => {
    const dem = parse(`
      error(0.1) D3 D1 ^ D1 D0 L0
      repeat 2 {
        error(0.2) D0 D2 ^ D2 L0
        shift_detectors 3
      }
      error(0) D4
      detector(1) D9
      error(0.3) L1
    `);
    const fromItems = visited(modelMechanisms(dem));
    expect(fromItems).toEqual(visited(flatMechanisms(flattenDem(dem))));
    expect(fromItems).toEqual({ numDetectors: 16, mechanisms: [[0.1, [0, 3]], [0.2, [0]], [0.2, [3]], [0, [10]], [0.3, []]] });
  });
});
