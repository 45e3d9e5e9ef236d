import { describe, expect, it } from 'vitest';
import { instantiate } from '../systems/instance.ts';
import { getSystem } from '../systems/registry.ts';
import { targetOf, verify } from '../verify.ts';

// The reward must not let an agent locate a hidden parameter better than noisy data allows.
// The attack: probe the held-out error reported after each turn (a hidden experiment's error
// as a function of the proposed constant) and take its minimiser. Against the clean truth that
// minimiser was the hidden value to ~1e-6; against the experiments' noisy samples it is a
// least-squares estimate from data, no better than fitting data of the same kind.
const system = getSystem('free_fall_drag')!;
const LAW = 'd2y/dt2 = -g - k*vy*abs(vy)';

/** The k that minimises the reported error of held-out experiment `index`, golden-section search. */
function probedK(seed: number, index: number): number {
  const instance = instantiate(system, seed);
  const target = targetOf(instance);
  const g = instance.parameters['g']!;
  const truth = instance.parameters['k']!;
  const errorAt = (k: number) => verify(target, { equation: LAW, params: { g, k } }).report.noiseErrors!.heldOut[index]!;
  let [low, high] = [truth * 0.97, truth * 1.03];
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const a = high - ratio * (high - low);
    const b = low + ratio * (high - low);
    if (errorAt(a) < errorAt(b)) high = b;
    else low = a;
  }
  return (low + high) / 2;
}

/** The k the verifier's own least-squares fit to the shown data finds: what the data allows. */
function fittedK(seed: number): number {
  const instance = instantiate(system, seed);
  const params = { g: instance.parameters['g']!, k: instance.parameters['k']! * 1.02 };
  const { report } = verify(targetOf(instance), { equation: LAW, params }, { fit: true });
  if (report.fit === null) throw new Error(`fitting did not run: ${report.fitSkipped}`);
  return report.parameters['k']!;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('held-out probing', () => {
  it('locates a hidden constant no better than noisy data does', () => {
    const seeds = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const relative = (seed: number, k: number) => Math.abs(k / instantiate(system, seed).parameters['k']! - 1);
    const probed = seeds.flatMap((seed) => [0, 1].map((index) => relative(seed, probedK(seed, index))));
    const fitted = seeds.map((seed) => relative(seed, fittedK(seed)));
    // Noise-limited, like a fit: the probes miss by a fraction of a percent, not by 1e-6.
    expect(median(probed)).toBeGreaterThan(1e-4);
    expect(median(probed)).toBeGreaterThan(median(fitted) / 10);
  });
});
