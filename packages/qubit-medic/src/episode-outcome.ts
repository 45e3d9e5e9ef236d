import type { Rng } from '@verilab/core';
import type { ParsedAnswer } from './answer-parser.ts';
import type {
  EpisodeSpec,
  PromptFormat,
  QubitMedicEnvironment,
  QubitMedicObservation,
  StepOutcome,
} from './environment.ts';
import type { Level } from './levels.ts';
import type { DataFrame, RewardBreakdown, RewardProfile } from './rewards.ts';

/**
 * One scored episode as evaluation scripts see it: the answer, its rewards, and the ground
 * truth it was scored against, every frame in LLM ids. The eval metrics of docs/original-qubit-medic.md#eval are
 * computed from these, with the original's bugs fixed (docs/original-qubit-medic.md#w20): exact match compares the
 * answer with the decoder's frame in the same numbering, and "hard" syndromes are defined by
 * the true error, not by the decoder's frame.
 */
export interface EpisodeOutcome {
  readonly level: string;
  readonly seed: number;
  readonly completion: string;
  readonly rewards: RewardBreakdown;
  readonly answer: ParsedAnswer;
  readonly actualObservableFlip: number;
  readonly decoderObservableFlip: number;
  readonly trueFrame: DataFrame;
  readonly decoderFrame: DataFrame;
  /** Some detector fired. */
  readonly nontrivialSyndrome: boolean;
  /** Size of the true error (X plus Z parts). */
  readonly trueErrorCount: number;
  /** The answer parsed and equals the decoder's frame. */
  readonly exactMatch: boolean;
  /** The answer parsed and equals the true error. */
  readonly exactMatchTrue: boolean;
}

export interface EpisodeSettings {
  readonly promptFormat: PromptFormat;
  readonly rewardProfile: RewardProfile;
}

/** Starts the forced-level episode (level, seed); forced episodes never move the curriculum. */
export function startEpisode(
  env: QubitMedicEnvironment,
  level: Level,
  seed: number,
  settings: EpisodeSettings,
): { readonly spec: EpisodeSpec; readonly observation: QubitMedicObservation } {
  return env.reset({ level, seed, ...settings });
}

/** Scores `completion` on a started episode. */
export function scoreEpisode(env: QubitMedicEnvironment, spec: EpisodeSpec, completion: string): EpisodeOutcome {
  const step = env.step(spec, { kind: 'completion', completion });
  if (!step.ok) throw new Error(`cannot score episode ${spec.level}/${spec.seed}: ${step.issues.map((i) => i.message).join('; ')}`);
  return outcomeOf(step.value, completion);
}

/** Plays one episode with a synchronous answerer (a baseline policy). */
export function playEpisode(
  env: QubitMedicEnvironment,
  level: Level,
  seed: number,
  settings: EpisodeSettings,
  answer: (observation: QubitMedicObservation, rng: Rng) => string,
  rng: Rng,
): EpisodeOutcome {
  const { spec, observation } = startEpisode(env, level, seed, settings);
  return scoreEpisode(env, spec, answer(observation, rng));
}

function outcomeOf(step: StepOutcome, completion: string): EpisodeOutcome {
  const { info } = step;
  const { answer, trueFrame, decoderFrame } = info;
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((id, i) => id === b[i]);
  const matches = (frame: DataFrame) => answer.parseSuccess && same(answer.xErrors, frame.x) && same(answer.zErrors, frame.z);
  return {
    level: info.level,
    seed: info.seed,
    completion,
    rewards: info.rewards,
    answer,
    actualObservableFlip: info.actualObservableFlip,
    decoderObservableFlip: info.decoderObservableFlip,
    trueFrame,
    decoderFrame,
    nontrivialSyndrome: step.observation.syndromeBits.some((bit) => bit !== 0),
    trueErrorCount: trueFrame.x.length + trueFrame.z.length,
    exactMatch: matches(decoderFrame),
    exactMatchTrue: matches(trueFrame),
  };
}
