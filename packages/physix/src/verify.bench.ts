/**
 * Verifications per second (parse + integrate + score), per system: the ground-truth equation
 * with its true parameters against 20 seeded trajectories, as one episode step scores an
 * action. The trajectories are generated once, outside the timed loop (a server caches
 * nothing, but the reference trajectory is the environment's cost, not the verifier's).
 * Also: the same with `fit: true`, and parsing alone.
 *
 * `references` runs the same per-system verifications through the original's pipeline
 * (scripts/physix_reference.py: SymPy parse, lambdify, SciPy odeint, R²) on the same
 * trajectories, equations and parameters, for the speed ratio: once as the original did it
 * and once doing verilab's work (held-out experiments included). Verilab's side of that ratio
 * is the built package (packages/physix/dist, compiled by tsc: what the server, the CLI and a
 * package user run) verifying the same instances in a Node process of its own
 * (scripts/physix-verify-built.mjs), per CPU-second as the Python counts its own; not the
 * per-system rows above, which run the TypeScript sources through tsx, whose transform adds
 * work the built code does not do (a `__name` call per closure created, getters for every
 * re-exported binding). So build before benching: `npm run build -w @verilab/core -w
 * @verilab/physix`; a missing or stale dist stops the bench with that advice.
 */
import type { BenchCase, BenchReference } from '../../../scripts/bench.ts';
import { HELD_OUT_TOLERANCES } from './constants.ts';
import { parseEquationSystem } from './equation/parse-equations.ts';
import { SIMULATION_TOLERANCES } from './simulate/hypothesis.ts';
import { instantiate } from './systems/instance.ts';
import { SYSTEMS, getSystem } from './systems/registry.ts';
import { targetOf, verify } from './verify.ts';

const SEEDS = 20;

const instances = SYSTEMS.map((system) =>
  Array.from({ length: SEEDS }, (_, seed) => instantiate(system, seed)),
);

const perSystem: BenchCase[] = SYSTEMS.map((system, s) => {
  const targets = instances[s]!.map((instance) => ({
    target: targetOf(instance),
    params: instance.parameters,
  }));
  return {
    name: `physix verify ${system.id}`,
    unit: 'verifications',
    run() {
      for (const { target, params } of targets) {
        if (!verify(target, { equation: system.groundTruth, params }).report.accepted)
          throw new Error('rejected');
      }
      return SEEDS;
    },
  };
});

/**
 * A law never seen before on every call (the ground truth plus a zero term of fresh
 * structure, 2^14 of them), as a model's proposals mostly are: the compiled code cache never
 * helps, so this is the cold path (closure tree, parse) the per-system figures skip.
 */
const dampedPendulum = getSystem('damped_pendulum')!;
const unseenTarget = instances[SYSTEMS.indexOf(dampedPendulum)]![0]!;
let unseen = 0;
const unseenLaw = () =>
  `${dampedPendulum.groundTruth} + 0*${Array.from({ length: 14 }, (_, bit) => ((unseen >> bit) & 1 ? 'theta' : 'dtheta')).join('*')}`;

const dampedSpring = getSystem('damped_spring')!;
const fitTargets = Array.from({ length: 4 }, (_, seed) => {
  const instance = instantiate(dampedSpring, seed);
  const guess = Object.fromEntries(
    Object.entries(instance.parameters).map(([name, value]) => [name, value * 1.2]),
  );
  return { target: targetOf(instance), params: guess };
});

/** One verification case per instance as the reference script reads it (see its docstring). */
const referenceCases = (withHeldOut: boolean) =>
  instances.flat().map((instance) => {
    const { system, parameters, initialConditions, times, observed } = instance;
    return {
      system: system.id,
      state_variables: system.stateVariables,
      equation: system.groundTruth,
      params: parameters,
      initial: system.stateVariables.map((name) => initialConditions[name]),
      times: Array.from(times),
      observed: observed.map((column) => Array.from(column)),
      ...(withHeldOut && {
        held_out: targetOf(instance).heldOut.map((experiment) => ({
          initial: Array.from(experiment.initial),
          times: Array.from(experiment.times),
          observed: experiment.observed.map((column) => Array.from(column)),
          sigma: Array.from(experiment.sigma),
        })),
      }),
    };
  });

const referenceRows = Object.fromEntries(
  SYSTEMS.map((system) => [system.id, `physix verify ${system.id}`]),
);

/** The per-system verifications above, run on the built package (same systems, seeds and laws). */
const builtVerify: BenchReference['built'] = {
  script: 'scripts/physix-verify-built.mjs',
  input: { seeds: SEEDS, systems: SYSTEMS.map((system) => system.id) },
  packages: ['packages/core', 'packages/physix'],
};

/**
 * Two references. The original pipeline as it was: one odeint call at its default tolerances
 * on the shown data, which is what the 50× is measured against (verilab does three
 * integrations per verify, shown and two held-out experiments). And the same work done that
 * way: the held-out experiments integrated too, each at verilab's tolerances.
 */
export const references: BenchReference[] = [
  {
    title: 'physix verify: verilab vs the original SymPy + odeint pipeline (scripts/physix_reference.py)',
    unit: 'verifications',
    script: 'scripts/physix_reference.py',
    modules: ['numpy', 'scipy', 'sympy'],
    input: { cases: referenceCases(false) },
    cases: referenceRows,
    built: builtVerify,
  },
  {
    title:
      'physix verify: verilab vs SymPy + odeint doing the same work (held-out experiments too, verilab tolerances)',
    unit: 'verifications',
    script: 'scripts/physix_reference.py',
    modules: ['numpy', 'scipy', 'sympy'],
    input: {
      cases: referenceCases(true),
      tolerances: {
        shown: [SIMULATION_TOLERANCES.rtol, SIMULATION_TOLERANCES.atol],
        held_out: [HELD_OUT_TOLERANCES.rtol, HELD_OUT_TOLERANCES.atol],
      },
    },
    cases: referenceRows,
    built: builtVerify,
  },
];

export const benchmarks: BenchCase[] = [
  ...perSystem,
  {
    name: 'physix verify damped_pendulum + unseen 29-node term',
    unit: 'verifications',
    run() {
      const target = targetOf(unseenTarget);
      for (let i = 0; i < 20; i++, unseen++) {
        if (!verify(target, { equation: unseenLaw(), params: unseenTarget.parameters }).report.accepted)
          throw new Error('rejected');
      }
      return 20;
    },
  },
  {
    name: 'physix verify --fit damped_spring (20% off)',
    unit: 'verifications',
    run() {
      for (const { target, params } of fitTargets)
        verify(target, { equation: dampedSpring.groundTruth, params }, { fit: true });
      return fitTargets.length;
    },
  },
  {
    name: 'physix parse projectile_drag ground truth',
    unit: 'parses',
    run() {
      const system = getSystem('projectile_drag')!;
      for (let i = 0; i < 1000; i++) parseEquationSystem(system.groundTruth, system, ['g', 'k']);
      return 1000;
    },
  },
];
