import { unwrap } from '@verilab/core';
import { formatCompletion } from './answer-parser.ts';
import type { CodeLayout } from './code-layout.ts';
import { QubitMedicEnvironment } from './environment.ts';
import type { DecoderOutcome, LevelPhysics, ShotSample } from './level-physics.ts';
import { resolveLevel, type Level } from './levels.ts';
import type { DataFrame, RewardBreakdown } from './rewards.ts';

/**
 * Episodes to probe the reward with: each one scores any completion through the environment's
 * own `step` (default prompt format and `exact` profile unless asked otherwise), and exposes the
 * ground truth a probe may build its completion from. Used by the reward property tests.
 */
export interface ProbeEpisode {
  readonly level: Level;
  readonly seed: number;
  readonly layout: CodeLayout;
  readonly shot: ShotSample;
  readonly decoded: DecoderOutcome;
  readonly prompt: string;
  readonly numDataQubits: number;
  score(completion: string): RewardBreakdown;
}

/** A completion written for an episode: the probes' catalogue entries. */
export type ProbeCompletion = (episode: ProbeEpisode) => string;

export function probeEpisodes(
  physics: (level: Level) => LevelPhysics,
  levelName: string,
  seeds: Iterable<number>,
  rewardProfile: 'exact' | 'v1' = 'exact',
): ProbeEpisode[] {
  const level = unwrap(resolveLevel(levelName));
  const levelPhysics = physics(level);
  const env = new QubitMedicEnvironment({ physics });
  const episodes: ProbeEpisode[] = [];
  for (const seed of seeds) {
    const { spec, observation } = env.reset({ seed, level, rewardProfile });
    const shot = levelPhysics.sample(seed);
    episodes.push({
      level,
      seed,
      layout: levelPhysics.layout,
      shot,
      decoded: levelPhysics.decode(shot.syndromeBits),
      prompt: observation.prompt,
      numDataQubits: levelPhysics.layout.dataQubits.length,
      score(completion) {
        const step = env.step(spec, { kind: 'completion', completion });
        if (!step.ok) throw new Error(JSON.stringify(step.issues));
        return step.value.info.rewards;
      },
    });
  }
  return episodes;
}

/** What a completion with no valid list scores under `exact`: nothing, on every component. */
export const NO_REWARD: RewardBreakdown = {
  logicalCorrection: 0,
  syndromeConsistency: 0,
  hammingOverlap: 0,
  formatCompliance: 0,
  pymatchingBeat: 0,
  total: 0,
};

export const completionOf = (frame: DataFrame): string => formatCompletion(frame.x, frame.z);
export const truthCompletion: ProbeCompletion = (episode) => completionOf(episode.shot.trueFrame);
export const matchingCompletion: ProbeCompletion = (episode) => completionOf(episode.decoded.frame);
export const zerosCompletion: ProbeCompletion = () => formatCompletion([], []);

/** The ids 0 … n − 1. */
export const allIds = (n: number): number[] => Array.from({ length: n }, (_, id) => id);

/** The symmetric difference of two id lists, sorted: the frame product of two Pauli frames. */
export function xorIds(a: readonly number[], b: readonly number[]): number[] {
  const result = new Set(a);
  for (const id of b) {
    if (result.has(id)) result.delete(id);
    else result.add(id);
  }
  return [...result].sort((p, q) => p - q);
}
