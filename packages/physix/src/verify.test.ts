import { unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { parseEquationSystem } from './equation/parse-equations.ts';
import { instantiate } from './systems/instance.ts';
import { SYSTEMS, getSystem } from './systems/registry.ts';
import { HOSTILE_EQUATIONS, HOSTILE_PARAMS } from './testing/equation-inputs.ts';
import type { PhysicalSystem, Values } from './systems/system.ts';
import { targetOf, verify } from './verify.ts';

/** The ground-truth action: the system's equation with the true values of the names it uses. */
function groundTruthParams(system: PhysicalSystem, parameters: Values): Record<string, number> {
  const parsed = unwrap(parseEquationSystem(system.groundTruth, system, Object.keys(parameters)));
  return Object.fromEntries(parsed.parametersUsed.map((name) => [name, parameters[name]!]));
}

describe('acceptance: every ground truth with its true parameters scores r_match ≥ 0.99 on 100 seeds', () => {
  it.each(SYSTEMS.map((system) => [system.id, system] as const))('%s', (_id, system) => {
    let worst = 1;
    for (let seed = 0; seed < 100; seed++) {
      const instance = instantiate(system, seed);
      const { report } = verify(targetOf(instance), {
        equation: system.groundTruth,
        params: groundTruthParams(system, instance.parameters),
      });
      expect(report.accepted).toBe(true);
      worst = Math.min(worst, report.rewards.v1.match, report.rewards['anti-hack'].match);
    }
    expect(worst).toBeGreaterThanOrEqual(0.99);
  });
});

describe('verify', () => {
  it('the free-fall law on the drag system scores clearly lower (and the original wrong-signed drag too)', () => {
    const drag = getSystem('free_fall_drag')!;
    let freeFallWorst = 0;
    let freeFallSum = 0;
    let originalSum = 0;
    for (let seed = 0; seed < 100; seed++) {
      const target = targetOf(instantiate(drag, seed));
      const freeFall = verify(target, { equation: 'd2y/dt2 = -g', params: { g: 9.81 } }).report;
      const k = instantiate(drag, seed).parameters['k']!;
      const original = verify(target, {
        equation: 'd2y/dt2 = -g + k*vy**2',
        params: { g: 9.81, k },
      }).report;
      freeFallWorst = Math.max(freeFallWorst, freeFall.match);
      freeFallSum += freeFall.match;
      originalSum += original.match;
    }
    expect(freeFallWorst).toBeLessThan(0.8);
    expect(freeFallSum / 100).toBeLessThan(0.1);
    expect(originalSum / 100).toBeLessThan(0.3);
  });

  it('reports the canonical equation, R² per variable, residuals and the parameters used', () => {
    const instance = instantiate(getSystem('spring_mass')!, 3);
    const { report, predicted } = verify(targetOf(instance), {
      equation: 'd2x/dt2 = -(k/m) * x',
      params: { k: instance.parameters['k']!, m: instance.parameters['m']!, unused: 1 },
    });
    expect(report).toMatchObject({
      accepted: true,
      equation: 'd2x/dt2 = -(k/m)*x',
      operatorCount: 3,
      issues: [],
      failure: null,
    });
    expect(Object.keys(report.parameters)).toEqual(['k', 'm']);
    expect(Object.keys(report.r2!)).toEqual(['x', 'vx']);
    expect(report.residuals!['x']!.windows).toHaveLength(3);
    expect(predicted).toHaveLength(2);
    expect(report.mismatchSummary).toBe('Predicted and observed trajectories agree closely.');
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('scores the truth 1 on the noise scale: shown excess error and held-out errors in σ²', () => {
    const instance = instantiate(getSystem('damped_pendulum')!, 0);
    const { report } = verify(targetOf(instance), {
      equation: 'd2theta/dt2 = -(g/L)*sin(theta) - b*dtheta',
      params: instance.parameters,
    });
    expect(report.noiseErrors!.shown).toBeLessThan(1);
    expect(report.noiseErrors!.heldOut).toHaveLength(2);
    // Against each held-out experiment's own noisy samples the truth is, like on the shown data,
    // about 0 ± √(2/100) (HELD_OUT_SAMPLE_COUNT samples): inside the noise band.
    for (const error of report.noiseErrors!.heldOut) expect(Math.abs(error!)).toBeLessThan(1);
    expect(report.match).toBe(1);
    expect([report.operatorCount, report.complexity]).toEqual([6, 4]);
    const undamped = verify(targetOf(instance), {
      equation: 'd2theta/dt2 = -(g/L)*sin(theta)',
      params: instance.parameters,
    }).report;
    expect(Math.max(...undamped.noiseErrors!.heldOut.map(Number))).toBeGreaterThan(100);
    expect(undamped.rewards['anti-hack'].total).toBeLessThan(
      report.rewards['anti-hack'].total - 0.5,
    );
  });

  it('a law that equals the truth on the shown data but breaks elsewhere scores match 0', () => {
    const target = targetOf(instantiate(getSystem('free_fall')!, 0));
    // log(120 − y) is defined over the shown drop (y ≤ 100) but not on the higher throws.
    const { report } = verify(target, {
      equation: 'd2y/dt2 = -g + 0*log(120 - y)',
      params: { g: 9.81 },
    });
    expect(report.accepted).toBe(true);
    expect(report.noiseErrors!.heldOutFailure).toMatch(
      /^held-out experiment 1: dvy\/dt is not finite/,
    );
    // Undefined where it was not shown, it explains nothing there: no format credit either.
    expect(report.rewards['anti-hack']).toMatchObject({ match: 0, format: 0, simplicity: 0, total: 0 });
    expect(report.rewards.v1.match).toBeGreaterThan(0.99);
    expect(report.mismatchSummary).toMatch(
      /^The prediction matches the shown data to within the noise, but it cannot be simulated from other starting conditions \(held-out experiment 1: /,
    );
  });

  it('a law that matches the shown data but not the held-out experiments is told so', () => {
    const target = targetOf(instantiate(getSystem('free_fall')!, 0));
    // Drag only while rising: the shown object is dropped from rest and never rises.
    const { report } = verify(target, {
      equation: 'd2y/dt2 = -g - c*(vy + abs(vy))',
      params: { g: 9.81, c: 0.1 },
    });
    expect(report.noiseErrors!.shown).toBeLessThan(1);
    expect(report.match).toBeLessThan(0.01);
    expect(report.mismatchSummary).toMatch(
      /^The prediction matches the shown data to within the noise, but not held-out experiments from other starting conditions and longer times \(worst mean squared error [\d.e+]+ σ², within the noise is ≤ 1\): the law or its constants do not carry over\.$/,
    );
  });

  it('a law already far off on the shown data skips the held-out experiments', () => {
    const target = targetOf(instantiate(getSystem('free_fall')!, 0));
    const { report } = verify(target, { equation: 'd2y/dt2 = 0' });
    expect(report.noiseErrors!.shown).toBeGreaterThan(1000);
    expect(report.noiseErrors!.heldOut).toEqual([null, null]);
    expect(report.rewards['anti-hack'].match).toBeLessThan(1e-3);
  });

  it('a rejected equation carries its issues and the feedback quotes them', () => {
    const target = targetOf(instantiate(getSystem('free_fall')!, 0));
    const { report } = verify(target, { equation: 'd2y/dt2 = -G', params: { g: 9.81 } });
    expect(report.accepted).toBe(false);
    expect(report.issues[0]).toMatchObject({ code: 'unknown-symbol', line: 1, column: 12 });
    expect(report.mismatchSummary).toMatch(
      /^The equation was rejected\. line 1, column 12: unknown symbol 'G' \(did you mean 'g'/,
    );
    expect(report.rewards['anti-hack'].total).toBe(0);
  });

  it('params must be an object of finite numbers, and the message names the entry', () => {
    const target = targetOf(instantiate(getSystem('free_fall')!, 0));
    expect(
      verify(target, { equation: 'd2y/dt2 = -g', params: { g: '9.81' } }).report.mismatchSummary,
    ).toBe(
      'The parameters were rejected. params.g: must be a finite number, got the string "9.81"',
    );
    expect(
      verify(target, { equation: 'd2y/dt2 = -g', params: [9.81] }).report.issues[0]!.path,
    ).toEqual(['params']);
    expect(verify(target, { equation: 'd2y/dt2 = -g', params: { g: null } }).report.accepted).toBe(
      false,
    );
    // A JSON `__proto__` key is an ordinary own property and an ordinary parameter.
    const params = JSON.parse('{"__proto__": 9.81}') as unknown;
    const { report } = verify(target, { equation: 'd2y/dt2 = -__proto__', params });
    expect(report.rewards.v1.match).toBeGreaterThan(0.99);
    // ...and the report lists it as an own key, leaving the record's prototype alone.
    expect(Object.keys(report.parameters)).toEqual(['__proto__']);
    expect(report.parameters['__proto__']).toBe(9.81);
    expect(Object.getPrototypeOf(report.parameters)).toBe(Object.prototype);
  });

  it('simulation failures point at the sub-expression, time and position', () => {
    const target = targetOf(instantiate(getSystem('free_fall')!, 0));
    const { report } = verify(target, {
      equation: 'd2y/dt2 = -g + sqrt(vy + 5)',
      params: { g: 9.81 },
    });
    expect(report.accepted).toBe(false);
    expect(report.failure?.kind).toBe('non-finite');
    expect(report.failure?.message).toMatch(
      /^dvy\/dt is not finite at t = 0\.\d+ s: sqrt\(vy \+ 5\) received a negative value \(-[\d.e-]+\) \(line 1, column 16\)$/,
    );
    expect(report.mismatchSummary).toMatch(/^The simulation failed: dvy\/dt is not finite/);
    expect(report.rewards.v1.format).toBe(0);
  });

  // How long they take is measured by verify.hostile.bench.ts, not asserted on a shared machine.
  it('hostile equations end in a structured failure', () => {
    const target = targetOf(instantiate(getSystem('free_fall')!, 0));
    for (const equation of HOSTILE_EQUATIONS) {
      const { report } = verify(target, { equation, params: HOSTILE_PARAMS }, { fit: true });
      if (report.accepted) expect(report.match).toBeLessThan(0.5);
      else expect(report.failure?.message.length).toBeGreaterThan(10);
    }
  });
});
