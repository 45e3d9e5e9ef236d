import { heldOutAllowance } from '../fit/truth-uncertainty.ts';
import { scoringReference } from '../held-out/held-out.ts';
import { excessError, worstError } from '../metrics/noise-scaled-error.ts';
import { scoringSigma } from '../metrics/noise-unit.ts';
import type { SystemInstance } from '../systems/instance.ts';
import { memoisedPerInstance } from '../systems/instance-memo.ts';

/**
 * The error of a proposal with no physics in it, the reference of the default profile's format
 * credit: a well-formed law that says nothing about the forces (`d2y/dt2 = 0` earned the full
 * format weight, 0.2, on every system, a reward a policy could farm without reading the data).
 * Two laws say nothing: **rest**, every variable keeping its initial value (`dq/dt = 0` for
 * every variable), and **inertia**, no force (`d2q/dt2 = 0`: each position moves on at its
 * initial velocity). Both are solved exactly here and scored as the verifier scores any law
 * (the shown data, each held-out experiment with its allowance, the worst counted as
 * `worstError` counts it); the smaller of the two errors is the reference. A pure function of
 * (system, seed), memoised as the scoring reference is.
 */
export const contentFreeError: (instance: SystemInstance) => number = memoisedPerInstance((instance) =>
  Math.min(errorOf(instance, 'rest'), errorOf(instance, 'inertia')),
);

function errorOf(instance: SystemInstance, law: 'rest' | 'inertia'): number {
  const { system } = instance;
  const reference = scoringReference(instance);
  const allowance = heldOutAllowance(instance);
  const velocityIndex = system.stateVariables.map((name) => {
    const velocity = system.velocityOf.get(name);
    return velocity === undefined ? -1 : system.stateVariables.indexOf(velocity);
  });
  const predict = (initial: ArrayLike<number>, times: ArrayLike<number>) =>
    velocityIndex.map((v, j) =>
      Float64Array.from(times, (t) => initial[j]! + (law === 'inertia' && v >= 0 ? initial[v]! * t : 0)),
    );
  const initial = system.stateVariables.map((name) => instance.initialConditions[name]!);
  return worstError({
    shown: excessError(instance.observed, predict(initial, instance.times), scoringSigma(instance.observed)),
    heldOut: reference.heldOut.map((experiment, k) =>
      excessError(experiment.observed, predict(experiment.initial, experiment.times), experiment.sigma, allowance[k]),
    ),
    heldOutFailure: null,
  });
}
