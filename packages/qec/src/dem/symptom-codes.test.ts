import { describe, expect, it } from 'vitest';
import {
  describeCode,
  detectorCode,
  frameXCode,
  frameZCode,
  isGraphlike,
  joinComponents,
  observableCode,
  SEPARATOR_CODE,
  splitComponents,
  frameStart,
  xorSorted,
} from './symptom-codes.ts';

describe('symptom codes', () => {
  it("order detectors < observables < frame probes < separator, like Stim's DemTarget words", () => {
    const codes = [SEPARATOR_CODE, frameXCode(0), observableCode(0), detectorCode(10 ** 9), detectorCode(0)];
    expect([...codes].sort((a, b) => a - b).map(describeCode)).toEqual(['D0', 'D1000000000', 'L0', 'X-frame(0)', '^']);
    expect(describeCode(frameZCode(3))).toBe('Z-frame(3)');
  });

  it('XOR sorted sets', () => {
    expect(xorSorted([1, 3, 5], [2, 3, 6])).toEqual([1, 2, 5, 6]);
    expect(xorSorted([], [4])).toEqual([4]);
  });

  it('split DEM targets from frame probes and components at separators', () => {
    const mixed = [0, 5, observableCode(1), frameXCode(2), frameZCode(7)];
    expect(frameStart(mixed)).toBe(3);
    expect(frameStart([0, 5])).toBe(2);
    expect(frameStart([frameXCode(2)])).toBe(0);
    const joined = joinComponents([[0, 1], [2]]);
    expect(joined).toEqual([0, 1, SEPARATOR_CODE, 2]);
    expect(splitComponents(joined)).toEqual([[0, 1], [2]]);
    expect(splitComponents([])).toEqual([]);
  });

  it('call a sequence graph-like when no component has more than two detectors', () => {
    expect(isGraphlike([0, 1, observableCode(0), SEPARATOR_CODE, 2, 3])).toBe(true);
    expect(isGraphlike([0, 1, 2])).toBe(false);
    expect(isGraphlike([0, 1, SEPARATOR_CODE, 2, 3, 4])).toBe(false);
  });
});
