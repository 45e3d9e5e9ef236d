import { describe, expect, it } from 'vitest';
import { SAMPLE_COUNT } from '../constants.ts';
import { getSystem } from '../systems/registry.ts';
import { instantiate } from '../systems/instance.ts';
import { targetOf, verify } from '../verify.ts';

describe('fitting declared parameters (fit: true)', () => {
  it('recovers the drag constant from a wrong guess and scores the structure', () => {
    const instance = instantiate(getSystem('free_fall_drag')!, 11);
    const action = { equation: 'd2y/dt2 = -g - k*vy*abs(vy)', params: { g: 7.0, k: 0.3 } };
    const guessed = verify(targetOf(instance), action).report;
    const fitted = verify(targetOf(instance), action, { fit: true }).report;
    expect(guessed.match).toBeLessThan(0.5);
    expect(fitted.match).toBeGreaterThan(0.999);
    expect(fitted.fit?.parameters['k']).toBeCloseTo(instance.parameters['k']!, 2);
    expect(fitted.fit?.parameters['g']).toBeCloseTo(9.81, 0);
    expect(fitted.fit).toMatchObject({
      initial: { g: 7, k: 0.3 },
      window: SAMPLE_COUNT,
      converged: true,
    });
    expect(fitted.fit!.costAfter).toBeLessThan(fitted.fit!.costBefore!);
    expect(fitted.parameters).toEqual(fitted.fit!.parameters);
  });

  it('rewards structure: a wrong law fitted stays below the right law fitted', () => {
    const instance = instantiate(getSystem('damped_pendulum')!, 4);
    const score = (equation: string, params: Record<string, number>) =>
      verify(targetOf(instance), { equation, params }, { fit: true }).report.match;
    const right = score('d2theta/dt2 = -w*sin(theta) - b*dtheta', { w: 5, b: 0.1 });
    const undamped = score('d2theta/dt2 = -w*sin(theta)', { w: 5 });
    expect(right).toBeGreaterThan(0.999);
    expect(undamped).toBeLessThan(right - 0.02);
  });

  // One request's fit is bounded in time (fit-parameters.ts measures about 0.1 s): the work is
  // counted as what it costs, so an expensive law stops after a few simulations where counting
  // bare node evaluations let it run dozens (28 and 63 of them, about 1 s and 0.5 s each).
  it('stops a huge or stiff law after a few simulations', () => {
    const names = Array.from({ length: 8 }, (_, i) => `p${i}`);
    const huge = `dx/dt = vx\ndvx/dt = -30*x + ${Array.from({ length: 56 }, (_, i) => `${names[i % 8]}*abs(x)^1.5`).join('+')}`;
    const hostile = [
      { system: 'spring_mass', action: { equation: huge, params: Object.fromEntries(names.map((name) => [name, 0.001])) } },
      { system: 'free_fall', action: { equation: 'd2y/dt2 = -k*(y - 50)', params: { k: 1e6 } } },
    ];
    for (const { system, action } of hostile) {
      const fit = verify(targetOf(instantiate(getSystem(system)!, 1)), action, { fit: true }).report.fit;
      expect(fit?.simulations).toBeLessThanOrEqual(8);
    }
  });

  it('is skipped, with the reason, when there is nothing to fit', () => {
    const instance = instantiate(getSystem('free_fall')!, 1);
    const report = verify(
      targetOf(instance),
      { equation: 'd2y/dt2 = -9.81' },
      { fit: true },
    ).report;
    expect(report.fit).toBeNull();
    expect(report.fitSkipped).toBe('the equations use no parameters');
    expect(report.match).toBeGreaterThan(0.99);
  });
});
