import { describe, expect, it } from 'vitest';
import { editDistance, suggestNames } from './suggest.ts';

describe('suggestNames', () => {
  it('case-insensitive matches first, then close spellings, at most three', () => {
    expect(suggestNames('G', ['g', 'y', 'vy'])).toEqual(['g', 'y']);
    expect(suggestNames('thetta', ['theta', 'dtheta', 'x'])).toEqual(['theta', 'dtheta']);
    expect(suggestNames('vyx', ['vxy', 'vx'])).toEqual(['vx', 'vxy']);
    expect(suggestNames('omega', ['x', 'vx'])).toEqual([]);
    expect(suggestNames('a'.repeat(100), ['a'])).toEqual([]);
  });

  it('optimal string alignment distance with early exit', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('abcdef', 'uvwxyz', 2)).toBe(3);
  });
});
