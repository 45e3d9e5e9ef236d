import { describe, expect, it } from 'vitest';
import { groundTruthAction } from './episode/ground-truth-action.ts';
import { getSystem } from './systems/registry.ts';
import { instantiate } from './systems/instance.ts';
import { targetOf, verify } from './verify.ts';

/**
 * Written after the reward was final (third red-team round): a law that is the truth on the shown
 * data and undefined beyond it fails on a held-out experiment, and the report says so. It once
 * said when and with what value (`sqrt(101 - y) received a negative value (-16.4)` at t = 0 put
 * the hidden start at y0 = 117.4 in one turn); it may name the agent's own sub-expression and
 * where it is in the text, but no number of the experiment's.
 */
const CONCEALED = /^held-out experiment \d: d\w+\/dt is not finite: [^\d]*\(line \d+, column \d+\)$/;

/** The truth plus a term that is 0 wherever `guard` (no digits in it) is defined. */
function probe(systemId: string, seed: number, guard: string, bound: (initial: Record<string, number>) => number) {
  const instance = instantiate(getSystem(systemId)!, seed);
  const truth = groundTruthAction(instance);
  const [first, ...rest] = truth.equation.split(';');
  const equation = [`${first} + zero*${guard}`, ...rest].join(';');
  return verify(targetOf(instance), { equation, params: { ...truth.params, zero: 0, c: bound(instance.initialConditions) } });
}

describe('a held-out failure does not give the experiment away', () => {
  it.each([0, 1, 2, 3, 4])('free_fall seed %i: sqrt(c - y) above the shown drop', (seed) => {
    // Dropped from at most 100 m; the held-out throws start at 100-350 m.
    const { report } = probe('free_fall', seed, 'sqrt(c - y)', (initial) => initial['y']! + 1);
    expect(report.accepted).toBe(true);
    expect(report.noiseErrors!.shown).toBeLessThan(1);
    expect(report.noiseErrors!.heldOutFailure).toMatch(CONCEALED);
    expect(report.mismatchSummary).not.toMatch(/\d\.\d/);
    expect(report.rewards['anti-hack'].total).toBe(0);
  });

  it.each([0, 1, 2])('charged_particle_b_field seed %i: log(c - vx*vx - vy*vy) above the shown speed', (seed) => {
    // The held-out particles start at 2-3x and 0.3-0.6x the shown speed.
    const { report } = probe('charged_particle_b_field', seed, 'log(c - vx*vx - vy*vy)', (initial) => 1.5 * (initial['vx']! ** 2 + initial['vy']! ** 2));
    expect(report.noiseErrors!.shown).toBeLessThan(1);
    expect(report.noiseErrors!.heldOutFailure).toMatch(CONCEALED);
    expect(report.mismatchSummary).not.toMatch(/\d\.\d/);
  });

  it('the shown data, which the agent has, still gets the time and the value', () => {
    const instance = instantiate(getSystem('free_fall')!, 0);
    const { report } = verify(targetOf(instance), { equation: 'd2y/dt2 = -g + zero*sqrt(c - y)', params: { g: 9.81, zero: 0, c: 10 } });
    expect(report.failure?.message).toMatch(/^dvy\/dt is not finite at t = 0\.000 s: sqrt\(c - y\) received a negative value \(-\d+(\.\d+)?\) \(line 1, column 21\)$/);
  });
});
