import { describe, expect, it } from 'vitest';
import { LEVEL_LIMITS, levelDetectors, levelNamed, resolveLevel } from './levels.ts';
import { createLevelPhysics } from './physics-adapter.ts';

describe('custom levels', () => {
  it('counts the detectors the circuit really has', () => {
    for (const name of ['custom:d=3,r=1,p=0.001', 'custom:d=3,r=4,p=0.001,basis=X', 'custom:d=5,r=2,p=0.001,noise=uniform']) {
      const physics = createLevelPhysics(levelNamed(name));
      expect(levelDetectors(physics.level)).toBe(physics.layout.detectors.length);
    }
  });

  it('refuses levels past the detector limit, naming their size', () => {
    const resolved = resolveLevel('custom:d=25,r=100,p=0.001');
    expect(resolved).toEqual({ ok: false, issues: [{ code: 'unknown-level', path: [], message: expect.stringContaining('has 62400 detectors; at most 8192') }] });
  });

  it('refuses a p without a matching graph or with weights out of range', () => {
    for (const p of ['0', '1e-320', '1e-13', '0.2', 'NaN']) {
      const resolved = resolveLevel(`custom:d=3,r=1,p=${p}`);
      expect(resolved).toEqual({ ok: false, issues: [{ code: 'unknown-level', path: [], message: expect.stringContaining(`p must be a number from ${LEVEL_LIMITS.minP} to 0.1`) }] });
    }
  });

  it('decodes any syndrome at the smallest p served', () => {
    for (const noise of ['si1000-like', 'uniform']) {
      const physics = createLevelPhysics(levelNamed(`custom:d=3,r=2,p=${LEVEL_LIMITS.minP},noise=${noise}`));
      const everyDetector = physics.layout.detectors.map(() => 1);
      expect(Number.isFinite(physics.decode(everyDetector).weight)).toBe(true);
    }
  });
});
