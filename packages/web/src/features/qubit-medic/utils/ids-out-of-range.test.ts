import { describe, expect, it } from 'vitest';
import { idsOutOfRange } from './ids-out-of-range.ts';

describe('idsOutOfRange', () => {
  it('lists the ids a model named that the code does not have', () => {
    expect(idsOutOfRange('X_ERRORS=[1, 9, 12] Z_ERRORS=[12,3]', 9)).toEqual([9, 12]);
    expect(idsOutOfRange('X_ERRORS=[] Z_ERRORS=[0]', 9)).toEqual([]);
  });

  it('reads the lists the rewards read: every spelling the parser accepts, and the answer rather than an echoed example', () => {
    expect(idsOutOfRange('**X-ERRORS**: (10) Z ERRORS = [2]', 9)).toEqual([10]);
    expect(idsOutOfRange('e.g. X_ERRORS=[99] Z_ERRORS=[] ... so X_ERRORS=[1] Z_ERRORS=[2]', 9)).toEqual([]);
  });
});
