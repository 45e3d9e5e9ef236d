import { Xoshiro128 } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { CONVERGENCE_THRESHOLD, DEFAULT_MAX_TURNS } from '../constants.ts';
import { verify, targetOf } from '../verify.ts';
import { getSystem, SYSTEMS } from '../systems/registry.ts';
import { instantiate } from '../systems/instance.ts';
import type { RewardProfile } from '../reward/reward.ts';
import { bestScore, resetEpisode, stepEpisode } from './episode.ts';
import { groundTruthAction } from './ground-truth-action.ts';
import type { HistoryEntry, PhysixAction } from './types.ts';

/**
 * An episode's return is the sum of the rewards paid for its turns, the standard RL return. In
 * the default profile the truth must be its optimum however a trainer aggregates the turns, and
 * a law kept just short of convergence must not be paid again on every turn it is repeated
 * (reward/paid-reward.ts).
 */
const SEEDS = [3, 11, 29];

/** Plays `actions` (stopping when the episode ends) and returns its turns. */
function play(systemId: string, seed: number, actions: readonly PhysixAction[], rewardProfile: RewardProfile = 'anti-hack'): readonly HistoryEntry[] {
  let { state } = resetEpisode({ seed, systemId, rewardProfile });
  for (const action of actions) {
    const outcome = stepEpisode(state, action);
    state = outcome.state;
    if (outcome.observation.done) break;
  }
  return state.history;
}

const episodeReturn = (history: readonly HistoryEntry[]) => history.reduce((sum, entry) => sum + entry.paid, 0);

type ActionWithParams = PhysixAction & { readonly params: Readonly<Record<string, number>> };

const truthOf = (systemId: string, seed: number): ActionWithParams => groundTruthAction(instantiate(getSystem(systemId)!, seed));

/**
 * The truth with its first constant off by the smallest step of a fine ladder (each 5 % more
 * than the last) that keeps the episode from converging: a near-miss that scores just short of
 * convergence, to be played turn after turn.
 */
function nearMissOf(systemId: string, seed: number): ActionWithParams {
  const truth = truthOf(systemId, seed);
  const target = targetOf(instantiate(getSystem(systemId)!, seed));
  const name = Object.keys(truth.params)[0]!;
  for (let offset = 1e-4; offset < 0.5; offset *= 1.05) {
    const params = { ...truth.params, [name]: truth.params[name]! * (1 + offset) };
    const { report } = verify(target, { equation: truth.equation, params }, { fit: false, profile: 'anti-hack', previousMatch: {} });
    if (report.match < CONVERGENCE_THRESHOLD) return { equation: truth.equation, params };
  }
  throw new Error(`${systemId}/${seed}: no near-miss on the ladder`);
}

const GARBAGE: PhysixAction = { equation: 'not a real equation' };

/** Each turn's score is the verifier's reward of the profile for its law, progress from the turn before. */
function expectScoresAsVerified(systemId: string, seed: number, history: readonly HistoryEntry[], profile: RewardProfile): void {
  const target = targetOf(instantiate(getSystem(systemId)!, seed));
  history.forEach((entry, i) => {
    const previousMatch = { [profile]: history[i - 1]?.score.match ?? 0 };
    const { report } = verify(target, { equation: entry.equation, params: entry.params }, { fit: false, profile, previousMatch });
    expect(entry.score).toEqual(report.rewards[profile]);
  });
}

describe('the episode return (sum of the rewards paid) in the default profile', () => {
  for (const system of SYSTEMS) {
    it(`${system.id}: the truth in one turn earns the largest return; a near-miss repeated for max_turns earns its one-turn score`, () => {
      for (const seed of SEEDS) {
        const truth = truthOf(system.id, seed);
        const nearMiss = nearMissOf(system.id, seed);
        const truthAlone = play(system.id, seed, [truth]);
        expect(truthAlone).toHaveLength(1);
        const stalled = play(system.id, seed, Array(DEFAULT_MAX_TURNS).fill(nearMiss));
        expect(stalled, `${system.id}/${seed}: the near-miss does not converge`).toHaveLength(DEFAULT_MAX_TURNS);
        const nearMissScore = stalled[0]!.score.total;
        expect(nearMissScore).toBeGreaterThan(0.5);
        // Paid once, whatever the number of repetitions; and less than the truth.
        expect(episodeReturn(stalled)).toBe(nearMissScore);
        expect(stalled.slice(1).map((entry) => entry.paid)).toEqual(Array(DEFAULT_MAX_TURNS - 1).fill(0));
        expect(episodeReturn(stalled)).toBeLessThan(episodeReturn(truthAlone));
        // No other way of playing it does better: stalling first, garbage first, then the truth.
        for (const actions of [
          [...Array(DEFAULT_MAX_TURNS - 1).fill(nearMiss), truth],
          [GARBAGE, nearMiss, GARBAGE, truth],
          Array(DEFAULT_MAX_TURNS).fill(GARBAGE),
        ]) {
          expect(episodeReturn(play(system.id, seed, actions))).toBeLessThanOrEqual(episodeReturn(truthAlone));
        }
      }
    });
  }

  it('sums to the best turn score for random sequences of the truth, near-misses and garbage, in any order', () => {
    const rng = Xoshiro128.fromSeed(20_261_207);
    for (const system of SYSTEMS) {
      for (const seed of SEEDS) {
        const truth = truthOf(system.id, seed);
        const nearMiss = nearMissOf(system.id, seed);
        const farMiss = { ...nearMiss, params: Object.fromEntries(Object.entries(nearMiss.params).map(([name, value]) => [name, 1.5 * value])) };
        const laws = [truth, nearMiss, farMiss, GARBAGE, { equation: system.stateVariables.map((v) => `d${v}/dt = 0`).join('; ') }];
        for (let episode = 0; episode < 4; episode++) {
          const actions = Array.from({ length: DEFAULT_MAX_TURNS }, () => laws[Math.floor(rng.nextDouble() * laws.length)]!);
          const history = play(system.id, seed, actions);
          expect(episodeReturn(history)).toBeCloseTo(bestScore(history), 12);
          expect(Math.max(...history.map((entry) => entry.score.total))).toBe(bestScore(history));
          for (const entry of history) expect(entry.paid).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });

  it('pays garbage nothing, first or after a scoring turn', () => {
    for (const system of SYSTEMS) {
      const alone = play(system.id, 3, [GARBAGE, GARBAGE]);
      expect(alone.map((entry) => [entry.score.total, entry.paid])).toEqual([[0, 0], [0, 0]]);
      const after = play(system.id, 3, [nearMissOf(system.id, 3), GARBAGE]);
      expect(after[1]!.paid).toBe(0);
    }
  });

  it('keeps each turn score as the verifier gives it, and pays the improvement on the best earlier score', () => {
    const history = play('free_fall', 3, [nearMissOf('free_fall', 3), GARBAGE, truthOf('free_fall', 3)]);
    expectScoresAsVerified('free_fall', 3, history, 'anti-hack');
    const [nearMiss, garbage, truth] = history as [HistoryEntry, HistoryEntry, HistoryEntry];
    expect([nearMiss.paid, garbage.paid, truth.paid]).toEqual([nearMiss.score.total, 0, truth.score.total - nearMiss.score.total]);
  });
});

describe('the v1 profile (the original PhysiX-Live) is unchanged', () => {
  it('pays each turn its own total, so a law repeated is paid on every turn', () => {
    for (const system of SYSTEMS) {
      const inertia = { equation: [...system.velocityOf.keys()].map((position) => `d2${position}/dt2 = 0`).join('; ') };
      const history = play(system.id, 3, [GARBAGE, inertia, inertia, nearMissOf(system.id, 3), truthOf(system.id, 3)], 'v1');
      expectScoresAsVerified(system.id, 3, history, 'v1');
      expect(history.map((entry) => entry.paid)).toEqual(history.map((entry) => entry.score.total));
      // The repetition is paid again (anti-hack would pay it nothing), so the sum exceeds the best score.
      expect(history[2]!.paid).toBeGreaterThan(0);
      expect(episodeReturn(history)).toBeGreaterThan(bestScore(history));
    }
  });
});
