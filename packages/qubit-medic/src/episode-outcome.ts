import type { Rng } from '@verilab/core';
import type {
  EnvResult,
  EpisodeSpec,
  PromptFormat,
  QubitMedicEnvironment,
  QubitMedicObservation,
  StepOutcome,
} from './environment.ts';
import type { RewardBreakdown, RewardProfile } from './rewards.ts';

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
  readonly parsed_x_errors: readonly number[];
  readonly parsed_z_errors: readonly number[];
  readonly parse_success: boolean;
  readonly parse_partial: boolean;
  readonly strict_format: boolean;
  readonly actual_observable_flip: number;
  readonly pymatching_observable_pred: number;
  readonly true_x_errors: readonly number[];
  readonly true_z_errors: readonly number[];
  readonly pymatching_x_errors: readonly number[];
  readonly pymatching_z_errors: readonly number[];
  /** Some detector fired. */
  readonly syndrome_nontrivial: boolean;
  /** Size of the true error (X plus Z parts). */
  readonly n_true_errors: number;
  /** The answer parsed and equals the decoder's frame. */
  readonly exact_match: boolean;
  /** The answer parsed and equals the true error. */
  readonly exact_match_true: boolean;
}

export interface EpisodeSettings {
  readonly promptFormat: PromptFormat;
  readonly rewardProfile: RewardProfile;
}

/** Starts the forced-level episode (level, seed); forced episodes never move the curriculum. */
export function startEpisode(
  env: QubitMedicEnvironment,
  level: string,
  seed: number,
  settings: EpisodeSettings,
): EnvResult<{ spec: EpisodeSpec; observation: QubitMedicObservation }> {
  return env.reset({ level, seed, prompt_format: settings.promptFormat, reward_profile: settings.rewardProfile });
}

/** Scores `completion` on a started episode. */
export function scoreEpisode(env: QubitMedicEnvironment, spec: EpisodeSpec, completion: string): EpisodeOutcome {
  const step = env.step(spec, { raw_response: completion });
  if (!step.ok) throw new Error(`cannot score episode ${spec.level}/${spec.seed}: ${step.issues.map((i) => i.message).join('; ')}`);
  return outcomeOf(step.value, completion);
}

/** Plays one episode with a synchronous answerer (a baseline policy). */
export function playEpisode(
  env: QubitMedicEnvironment,
  level: string,
  seed: number,
  settings: EpisodeSettings,
  answer: (observation: QubitMedicObservation, rng: Rng) => string,
  rng: Rng,
): EpisodeOutcome {
  const started = startEpisode(env, level, seed, settings);
  if (!started.ok) throw new Error(`cannot start episode ${level}/${seed}: ${started.issues.map((i) => i.message).join('; ')}`);
  return scoreEpisode(env, started.value.spec, answer(started.value.observation, rng));
}

function outcomeOf(step: StepOutcome, completion: string): EpisodeOutcome {
  const { info } = step;
  const parsed = info.parsed_action;
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((id, i) => id === b[i]);
  const matches = (x: readonly number[], z: readonly number[]) =>
    parsed.parse_success && same(parsed.x_error_qubits, x) && same(parsed.z_error_qubits, z);
  return {
    level: info.level,
    seed: info.seed,
    completion,
    rewards: info.rewards,
    parsed_x_errors: parsed.x_error_qubits,
    parsed_z_errors: parsed.z_error_qubits,
    parse_success: parsed.parse_success,
    parse_partial: parsed.parse_partial,
    strict_format: parsed.strict_format,
    actual_observable_flip: info.actual_observable_flip,
    pymatching_observable_pred: info.pymatching_observable_pred,
    true_x_errors: info.true_x_errors,
    true_z_errors: info.true_z_errors,
    pymatching_x_errors: info.pymatching_x_errors,
    pymatching_z_errors: info.pymatching_z_errors,
    syndrome_nontrivial: step.observation.syndrome_bits.some((bit) => bit !== 0),
    n_true_errors: info.true_x_errors.length + info.true_z_errors.length,
    exact_match: matches(info.pymatching_x_errors, info.pymatching_z_errors),
    exact_match_true: matches(info.true_x_errors, info.true_z_errors),
  };
}
