import { describe, expect, it } from 'vitest';
import { HELD_OUT_SKIP_ERROR } from '../constants.ts';
import { instantiate } from '../systems/instance.ts';
import { getSystem } from '../systems/registry.ts';
import { targetOf, verify } from '../verify.ts';

/**
 * Held-out experiments are skipped once the shown error passes HELD_OUT_SKIP_ERROR, so a law
 * judged on the shown data alone must never outscore one that fits the shown data better: a
 * gradient toward a worse fit is a gradient away from the truth. Swept along one constant of a
 * wrong law, from far too small to far too large.
 */
const SWEEPS = [
  { system: 'free_fall_drag', equation: 'd2y/dt2 = -g - c*vy', params: (c: number) => ({ g: 9.81, c }), values: [0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.8, 1] },
  { system: 'projectile_drag', equation: 'd2x/dt2 = -c*vx; d2y/dt2 = -g - c*vy', params: (c: number) => ({ g: 9.81, c }), values: [0.01, 0.03, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3, 0.5, 1] },
];

describe('a better fit to the shown data never scores lower when held-out experiments were skipped', () => {
  for (const sweep of SWEEPS) {
    it(sweep.system, () => {
      for (const seed of [0, 1, 2]) {
        const target = targetOf(instantiate(getSystem(sweep.system)!, seed));
        const laws = sweep.values.map((c) => {
          const { report } = verify(target, { equation: sweep.equation, params: sweep.params(c) });
          return { c, shown: report.noiseErrors!.shown, match: report.rewards['anti-hack'].match };
        });
        const skipped = laws.filter((law) => law.shown > HELD_OUT_SKIP_ERROR);
        for (const better of laws) {
          for (const worse of skipped) {
            if (better.shown < worse.shown) {
              expect(better.match, `seed ${seed}: c = ${better.c} (shown ${better.shown}) against c = ${worse.c} (shown ${worse.shown})`).toBeGreaterThanOrEqual(worse.match);
            }
          }
        }
      }
    });
  }
});
