import { xorReduce } from '@verilab/qec';
import { formatIssues, Xoshiro128, type Rng } from '@verilab/core';
import { formatCompletion } from './answer-parser.ts';
import type { QubitMedicObservation } from './environment.ts';
import type { LevelPhysics } from './level-physics.ts';
import { resolveLevel, type Level } from './levels.ts';
import { logicalFlipOperator } from './logical-flip.ts';

/**
 * The reference policies of the original's `scripts/baseline_policies.py`, plus `optimal`, each
 * writing a canonical completion for an observation:
 *
 * - `zeros`: always `X_ERRORS=[] Z_ERRORS=[]` — its logical correction is 1 − (the raw
 *   observable flip rate), the floor any decoder must beat;
 * - `random`: k = randint(0, max(1, n // 2)) distinct ids per axis (n = d², inclusive bounds as
 *   Python's `randint`), drawn from the episode's own Rng;
 * - `matching`: the matching decoder's exact frame. Its parity on the observable support equals
 *   the decoder's prediction by construction, so unlike the original's snapped frame it needs no
 *   "rectification";
 * - `optimal` (ours): the exact maximum-likelihood decoder's verdict on the observable, written
 *   as a frame — matching's frame, moved to the other logical class by a logical operator when
 *   the two decoders disagree, so it keeps matching's syndrome and carries the optimal
 *   prediction. Its logical correction rate is the best any answer can reach in expectation.
 *   Only for levels small enough for exact decoding (LevelPhysics.optimalUnavailable).
 */
export type BaselinePolicyName = 'zeros' | 'random' | 'matching' | 'optimal';
export const BASELINE_POLICIES: readonly BaselinePolicyName[] = ['zeros', 'random', 'matching', 'optimal'];
/** The original's three, played unless asked otherwise; `optimal` exists only on small levels. */
export const DEFAULT_BASELINE_POLICIES: readonly BaselinePolicyName[] = ['zeros', 'random', 'matching'];

export interface Policy {
  readonly name: BaselinePolicyName;
  /** The completion for an episode; `rng` is the episode's own stream (see `policyRng`). */
  answer(observation: QubitMedicObservation, rng: Rng): string;
}

export const zerosPolicy: Policy = {
  name: 'zeros',
  answer: () => formatCompletion([], []),
};

export const randomPolicy: Policy = {
  name: 'random',
  answer(observation, rng) {
    const n = observation.distance * observation.distance;
    return formatCompletion(randomIds(n, rng), randomIds(n, rng));
  },
};

export function matchingPolicy(physics: (level: Level) => LevelPhysics): Policy {
  return {
    name: 'matching',
    answer(observation) {
      const { frame } = levelPhysicsOf(observation, physics).decode(observation.syndromeBits);
      return formatCompletion(frame.x, frame.z);
    },
  };
}

export function optimalPolicy(physics: (level: Level) => LevelPhysics): Policy {
  const flips = new Map<string, readonly number[]>();
  return {
    name: 'optimal',
    answer(observation) {
      const levelPhysics = levelPhysicsOf(observation, physics);
      const bits = observation.syndromeBits;
      const optimal = levelPhysics.decodeOptimal(bits);
      if (optimal === null) {
        throw new Error(`no optimal decoding on ${observation.level}: ${levelPhysics.optimalUnavailable ?? 'the syndrome has probability 0 under the DEM'}`);
      }
      const matched = levelPhysics.decode(bits);
      let { x, z } = matched.frame;
      if (optimal.observableFlip !== matched.observableFlip) {
        const { layout } = levelPhysics;
        let flip = flips.get(observation.level);
        if (flip === undefined) flips.set(observation.level, (flip = logicalFlipOperator(layout)));
        if (layout.basis === 'Z') x = xorReduce([...x, ...flip]);
        else z = xorReduce([...z, ...flip]);
      }
      return formatCompletion(x, z);
    },
  };
}

export function baselinePolicy(name: BaselinePolicyName, physics: (level: Level) => LevelPhysics): Policy {
  if (name === 'zeros') return zerosPolicy;
  if (name === 'random') return randomPolicy;
  if (name === 'optimal') return optimalPolicy(physics);
  return matchingPolicy(physics);
}

function levelPhysicsOf(observation: QubitMedicObservation, physics: (level: Level) => LevelPhysics): LevelPhysics {
  const level = resolveLevel(observation.level);
  if (!level.ok) throw new Error(`observation names an unknown level: ${formatIssues(level.issues)}`);
  return physics(level.value);
}

/**
 * The Rng a policy uses on the episode with this seed: the seed's stream jumped by 2^64 draws,
 * so it never overlaps the stream the episode's physics is sampled from, and every episode's
 * answer is independent of the order episodes run in (runs can resume or run concurrently).
 */
export function policyRng(seed: number): Rng {
  const rng = Xoshiro128.fromSeed(seed);
  rng.jump();
  return rng;
}

/** `random.sample(range(n), randint(0, max(1, n // 2)))`, sorted. */
export function randomIds(n: number, rng: Rng): number[] {
  const k = uniformInt(rng, 0, Math.max(1, Math.floor(n / 2)));
  // Partial Fisher–Yates: the first k entries are a uniform k-subset in uniform order.
  const pool = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < Math.min(k, n); i++) {
    const j = uniformInt(rng, i, n - 1);
    [pool[i], pool[j]] = [pool[j] as number, pool[i] as number];
  }
  return pool.slice(0, Math.min(k, n)).sort((a, b) => a - b);
}

/** A uniform integer in [lo, hi] (inclusive), unbiased by rejection (hi − lo < 2^32). */
export function uniformInt(rng: Rng, lo: number, hi: number): number {
  const span = hi - lo + 1;
  if (!Number.isSafeInteger(span) || span < 1 || span > 0x1_0000_0000) {
    throw new RangeError(`cannot draw uniformly from [${lo}, ${hi}]`);
  }
  // Reject the top 2^32 mod span values so every residue is equally likely.
  const limit = 0x1_0000_0000 - (0x1_0000_0000 % span);
  let draw = rng.nextUint32();
  while (draw >= limit) draw = rng.nextUint32();
  return lo + (draw % span);
}
