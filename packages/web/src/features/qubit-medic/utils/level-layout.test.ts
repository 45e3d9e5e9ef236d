import { unwrap } from '@verilab/core';
import { CURRICULUM, createLevelPhysics, customLevelName, resolveLevel } from '@verilab/qubit-medic';
import { describe, expect, it } from 'vitest';
import { levelLayout } from './level-layout.ts';

describe('levelLayout', () => {
  it("equals the server's physics layout, custom levels included", () => {
    for (const name of ['L2_target', customLevelName({ distance: 5, rounds: 2, p: 0.003, basis: 'X', noise: 'uniform' })]) {
      const browser = unwrap(levelLayout(name));
      expect(browser.layout).toEqual(createLevelPhysics(unwrap(resolveLevel(name))).layout);
    }
  });

  it('covers every curriculum level and reports a bad level name', () => {
    for (const level of CURRICULUM) expect(levelLayout(level.name).ok).toBe(true);
    expect(levelLayout('custom:d=99,r=1,p=0.001')).toMatchObject({ ok: false, issues: [{ code: 'unknown-level' }] });
  });
});
