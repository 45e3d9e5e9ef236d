import { Xoshiro128 } from '@verilab/core';
import { formatCompletion, parseAnswer, type ParsedAnswer } from './answer-parser.ts';
import type { CodeLayout } from './code-layout.ts';
import { CurriculumScheduler, type LevelStats } from './curriculum.ts';
import { resolveLevel, type Level } from './levels.ts';
import type { LevelPhysics, ShotSample } from './level-physics.ts';
import { buildPromptV1, perRoundStabilizerCounts } from './prompt-v1.ts';
import { buildPromptV2 } from './prompt-v2.ts';
import { computeRewards, REWARD_PROFILES, type RewardBreakdown, type RewardProfile } from './rewards.ts';
import { snappedFrameV1 } from './snapped-frame-v1.ts';

/**
 * The Qubit-Medic environment: a pure, single-step reset/step machine. An episode is fully
 * determined by its `EpisodeSpec` (level, seed, prompt format, reward profile), so `step` can
 * rebuild it from the spec alone: the server keeps specs in sessions or in sealed tokens, and
 * ground truth is recomputed on step, never stored where a client can read it.
 */
export type PromptFormat = 'v1' | 'v2';
export const PROMPT_FORMATS: readonly PromptFormat[] = ['v1', 'v2'];
export const DEFAULT_BASE_SEED = 42;

export interface ResetOptions {
  readonly seed?: number | null | undefined;
  readonly level?: string | null | undefined;
  /** The original's name for `level`. */
  readonly forced_level?: string | null | undefined;
  readonly prompt_format?: string | null | undefined;
  readonly reward_profile?: string | null | undefined;
}

export interface EpisodeSpec {
  readonly episodeId: string;
  readonly level: string;
  readonly seed: number;
  readonly promptFormat: PromptFormat;
  readonly rewardProfile: RewardProfile;
  /** Chosen by the caller rather than the curriculum: such episodes don't update it. */
  readonly forcedLevel: boolean;
}

export interface QubitMedicObservation {
  readonly prompt: string;
  readonly syndrome_bits: readonly number[];
  readonly distance: number;
  readonly rounds: number;
  readonly p: number;
  readonly curriculum_level: string;
  readonly episode_id: string;
  readonly dem_digest: string;
}

export interface QubitMedicAction {
  readonly raw_response?: string | undefined;
  /** Pre-parsed answer in LLM ids; when given, it is scored as the canonical completion. */
  readonly parsed_x_errors?: readonly number[] | null | undefined;
  readonly parsed_z_errors?: readonly number[] | null | undefined;
}

export interface StepOutcome {
  readonly observation: QubitMedicObservation;
  readonly reward: number;
  readonly done: true;
  readonly info: StepInfo;
}

export interface StepInfo {
  readonly rewards: RewardBreakdown;
  readonly parsed_action: {
    readonly x_error_qubits: readonly number[];
    readonly z_error_qubits: readonly number[];
    readonly raw_response: string;
    readonly parse_success: boolean;
    readonly parse_partial: boolean;
    readonly strict_format: boolean;
  };
  readonly actual_observable_flip: number;
  readonly pymatching_observable_pred: number;
  /**
   * The optimal (exact maximum-likelihood) decoder's prediction of the observable flip, and
   * P(flip | syndrome) under the level's DEM: the best any answer can do on this syndrome. Null
   * on levels too large for exact decoding (frontier past OPTIMAL_DECODER_LIMITS: L1 and L2 and
   * every distance-3 level have it, L3 and L4 do not). Shown after a step only, like the truth.
   */
  readonly optimal_observable_pred: number | null;
  readonly posterior_flip_probability: number | null;
  /** The matching decoder's exact frame, in LLM ids like the answer. */
  readonly pymatching_x_errors: readonly number[];
  readonly pymatching_z_errors: readonly number[];
  /** The true accumulated error, in LLM ids. */
  readonly true_x_errors: readonly number[];
  readonly true_z_errors: readonly number[];
  readonly seed: number;
  readonly level: string;
  readonly prompt_format: PromptFormat;
  readonly reward_profile: RewardProfile;
  readonly curriculum_stats: Record<string, LevelStats>;
}

export interface InputIssue {
  readonly path: readonly string[];
  readonly message: string;
}

export type EnvResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly InputIssue[] };

export interface EnvironmentOptions {
  /** Builds (or fetches from a shared cache) the physics of a level. */
  readonly physics: (level: Level) => LevelPhysics;
  readonly baseSeed?: number;
}

export class QubitMedicEnvironment {
  private readonly physics: (level: Level) => LevelPhysics;
  private readonly baseSeed: number;
  private readonly scheduler: CurriculumScheduler;
  private readonly usedLevels = new Set<string>();
  private episodesStarted = 0;
  private episodesStepped = 0;
  private lastPrompt: { level: string; seed: number; format: PromptFormat; prompt: string } | undefined;

  constructor(options: EnvironmentOptions) {
    this.physics = options.physics;
    this.baseSeed = options.baseSeed ?? DEFAULT_BASE_SEED;
    this.scheduler = new CurriculumScheduler(Xoshiro128.fromSeed(this.baseSeed));
  }

  /**
   * Starts an episode. Without a seed, seeds run base_seed + 1, base_seed + 2, … as in the original.
   * An unforced level is drawn from `curriculum` (default: this environment's own), the
   * curriculum of the training run the episode belongs to.
   */
  reset(options: ResetOptions = {}, episodeId?: string, curriculum: CurriculumScheduler = this.scheduler): EnvResult<{ spec: EpisodeSpec; observation: QubitMedicObservation }> {
    const issues: InputIssue[] = [];
    const seed = options.seed ?? this.baseSeed + this.episodesStarted + 1;
    if (!Number.isSafeInteger(seed) || seed < 0) {
      issues.push({ path: ['seed'], message: `seed must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}` });
    }
    const requested = options.level ?? options.forced_level ?? undefined;
    let level: Level | undefined;
    if (requested !== undefined) {
      const resolved = resolveLevel(requested);
      if (resolved.ok) level = resolved.level;
      else issues.push({ path: [options.level != null ? 'level' : 'forced_level'], message: resolved.message });
    }
    const promptFormat = options.prompt_format ?? 'v2';
    if (!PROMPT_FORMATS.includes(promptFormat as PromptFormat)) {
      issues.push({ path: ['prompt_format'], message: `prompt_format must be one of ${PROMPT_FORMATS.join(', ')}` });
    }
    const rewardProfile = options.reward_profile ?? 'exact';
    if (!REWARD_PROFILES.includes(rewardProfile as RewardProfile)) {
      issues.push({ path: ['reward_profile'], message: `reward_profile must be one of ${REWARD_PROFILES.join(', ')}` });
    }
    if (issues.length > 0) return { ok: false, issues };
    this.episodesStarted++;
    const spec: EpisodeSpec = {
      episodeId: episodeId ?? String(this.episodesStarted),
      level: (level ?? curriculum.sample()).name,
      seed,
      promptFormat: promptFormat as PromptFormat,
      rewardProfile: rewardProfile as RewardProfile,
      forcedLevel: level !== undefined,
    };
    return { ok: true, value: { spec, observation: this.observe(spec) } };
  }

  /**
   * Scores the answer to the episode `spec` describes. Specs come from `reset` (or a token of
   * one); `curriculum` is the one `reset` drew the level from.
   */
  step(spec: EpisodeSpec, action: QubitMedicAction, curriculum: CurriculumScheduler = this.scheduler): EnvResult<StepOutcome> {
    const level = resolveLevel(spec.level);
    if (!level.ok) return { ok: false, issues: [{ path: ['episode_id'], message: level.message }] };
    const physics = this.physicsOf(level.level);
    const { layout } = physics;
    const shot = physics.sample(spec.seed);
    const decoded = physics.decode(shot.syndromeBits);
    const optimal = physics.decodeOptimal(shot.syndromeBits);
    const answer = readAction(action, layout.dataQubits.length);
    const rewards = computeRewards(
      answer,
      {
        syndromeBits: shot.syndromeBits,
        actualObservableFlip: shot.observableFlip,
        decoderObservableFlip: decoded.observableFlip,
        trueFrame: shot.trueFrame,
        v1ReferenceFrame: spec.rewardProfile === 'v1' ? snappedFrameV1(decoded.pathEdges, layout) : decoded.frame,
      },
      layout,
      spec.rewardProfile,
    );
    if (!spec.forcedLevel) curriculum.update(spec.level, rewards.logical_correction);
    this.episodesStepped++;
    return {
      ok: true,
      value: {
        observation: this.observe(spec, shot),
        reward: rewards.total,
        done: true,
        info: {
          rewards,
          parsed_action: {
            x_error_qubits: answer.xErrors,
            z_error_qubits: answer.zErrors,
            raw_response: answer.rawResponse,
            parse_success: answer.parseSuccess,
            parse_partial: answer.parsePartial,
            strict_format: answer.strictFormat,
          },
          actual_observable_flip: shot.observableFlip,
          pymatching_observable_pred: decoded.observableFlip,
          optimal_observable_pred: optimal?.observableFlip ?? null,
          posterior_flip_probability: optimal?.posteriorFlipProbability ?? null,
          pymatching_x_errors: decoded.frame.x,
          pymatching_z_errors: decoded.frame.z,
          true_x_errors: shot.trueFrame.x,
          true_z_errors: shot.trueFrame.z,
          seed: spec.seed,
          level: spec.level,
          prompt_format: spec.promptFormat,
          reward_profile: spec.rewardProfile,
          curriculum_stats: curriculum.stats(),
        },
      },
    };
  }

  /** Ground-truth-free state for `GET /state`. */
  state(): Record<string, unknown> {
    return {
      episodes_started: this.episodesStarted,
      episodes_stepped: this.episodesStepped,
      cached_levels: [...this.usedLevels].sort(),
      curriculum: this.scheduler.stats(),
      base_seed: this.baseSeed,
    };
  }

  /** The observation of an episode, rebuilt from its spec (prompt, syndrome, digest). */
  observe(spec: EpisodeSpec, sampled?: ShotSample): QubitMedicObservation {
    const level = resolveLevel(spec.level);
    if (!level.ok) throw new Error(`episode spec names an unknown level: ${level.message}`);
    const physics = this.physicsOf(level.level);
    const shot = sampled ?? physics.sample(spec.seed);
    const { layout } = physics;
    const { distance, rounds, p } = level.level;
    const prompt = this.promptOf(spec, level.level, layout, shot);
    return {
      prompt,
      syndrome_bits: shot.syndromeBits,
      distance,
      rounds,
      p,
      curriculum_level: level.level.name,
      episode_id: spec.episodeId,
      dem_digest: physics.demDigest,
    };
  }

  /** The prompt, remembered for the last episode: `step` shows the observation `reset` built. */
  private promptOf(spec: EpisodeSpec, level: Level, layout: CodeLayout, shot: ShotSample): string {
    const last = this.lastPrompt;
    if (last?.level === level.name && last.seed === spec.seed && last.format === spec.promptFormat) return last.prompt;
    const prompt = buildEpisodePrompt(level, layout, shot.syndromeBits, spec.promptFormat);
    this.lastPrompt = { level: level.name, seed: spec.seed, format: spec.promptFormat, prompt };
    return prompt;
  }

  private physicsOf(level: Level): LevelPhysics {
    this.usedLevels.add(level.name);
    return this.physics(level);
  }
}

/**
 * The prompt of an episode with these syndrome bits, exactly as its observation shows it (the
 * SFT generator uses it too, so a dataset row's prompt is the episode's).
 */
export function buildEpisodePrompt(
  level: Level,
  layout: CodeLayout,
  syndromeBits: readonly number[],
  promptFormat: PromptFormat,
): string {
  const { distance, rounds, p } = level;
  if (promptFormat === 'v1') {
    const counts = perRoundStabilizerCounts(layout);
    return buildPromptV1({
      distance,
      rounds,
      p,
      syndromeBits,
      numXStabilizers: counts.numX,
      numZStabilizers: counts.numZ,
      numDataQubits: layout.dataQubits.length,
    });
  }
  return buildPromptV2({ layout, p, syndromeBits, noiseLabel: noiseLabel(level) });
}

function noiseLabel(level: Level): string {
  return level.noise === 'si1000-like' ? 'SI1000-like' : 'uniform depolarizing';
}

/** The pre-parsed bypass scores the canonical completion of the given lists (docs/original-qubit-medic.md#w10). */
function readAction(action: QubitMedicAction, numDataQubits: number): ParsedAnswer {
  const x = action.parsed_x_errors;
  const z = action.parsed_z_errors;
  if (x != null || z != null) {
    const parsed = parseAnswer(formatCompletion(x ?? [], z ?? []), numDataQubits);
    return { ...parsed, rawResponse: action.raw_response ?? parsed.rawResponse };
  }
  return parseAnswer(action.raw_response ?? '', numDataQubits);
}
