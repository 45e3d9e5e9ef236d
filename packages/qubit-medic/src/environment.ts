import { formatIssues, Xoshiro128, type Issue, type Result } from '@verilab/core';
import { formatStatedLists, parseAnswer, type ParsedAnswer } from './answer-parser.ts';
import type { CodeLayout } from './code-layout.ts';
import { CurriculumScheduler, type LevelStats } from './curriculum.ts';
import { resolveLevel, type Level } from './levels.ts';
import type { LevelPhysics, ShotSample } from './level-physics.ts';
import { buildPromptV1, perRoundStabilizerCounts } from './prompt-v1.ts';
import { buildPromptV2 } from './prompt-v2.ts';
import { computeRewards, type DataFrame, type RewardBreakdown, type RewardProfile } from './rewards.ts';
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

/**
 * What `reset` may pin down; the rest comes from the environment (the next seed, the
 * curriculum's level, the v2 prompt, the exact rewards). Values are already valid: a level is
 * resolved (`resolveLevel`), formats and profiles are their types, so `reset` has no input to
 * reject but a seed that is not a non-negative safe integer, which is a programmer error.
 */
export interface ResetOptions {
  readonly seed?: number | undefined;
  /** Forces the level: such episodes never move the curriculum. */
  readonly level?: Level | undefined;
  readonly promptFormat?: PromptFormat | undefined;
  readonly rewardProfile?: RewardProfile | undefined;
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
  /** Detection events, one 0/1 per detector. */
  readonly syndromeBits: readonly number[];
  readonly distance: number;
  readonly rounds: number;
  readonly p: number;
  /** The episode's level (the curriculum's draw or the forced one). */
  readonly level: string;
  readonly episodeId: string;
  readonly demDigest: string;
}

/**
 * An answer: the model's completion, parsed here, or lists already parsed, scored as their
 * canonical completion (docs/original-qubit-medic.md#w10). A list left out was not stated: it
 * is scored as a completion without it, never as an empty list the model did not write.
 */
export type QubitMedicAction =
  | { readonly kind: 'completion'; readonly completion: string }
  | {
      readonly kind: 'parsed';
      /** LLM data-qubit ids, like the answer's; undefined: not stated. */
      readonly xErrors?: readonly number[] | undefined;
      readonly zErrors?: readonly number[] | undefined;
      /** Shown as the answer's raw response (default: the canonical completion). */
      readonly rawResponse?: string | undefined;
    };

export interface StepOutcome {
  readonly observation: QubitMedicObservation;
  readonly reward: number;
  readonly done: true;
  readonly info: StepInfo;
}

/** What a step reveals: the score and the ground truth it was scored against, frames in LLM ids. */
export interface StepInfo {
  readonly rewards: RewardBreakdown;
  readonly answer: ParsedAnswer;
  readonly actualObservableFlip: number;
  /** The matching decoder's prediction of the observable flip. */
  readonly decoderObservableFlip: number;
  /**
   * The optimal (exact maximum-likelihood) decoder's prediction of the observable flip, and
   * P(flip | syndrome) under the level's DEM: the best any answer can do on this syndrome. Null
   * on levels too large for exact decoding (frontier past OPTIMAL_DECODER_LIMITS: L1 and L2 and
   * every distance-3 level have it, L3 and L4 do not). Shown after a step only, like the truth.
   */
  readonly optimalObservableFlip: number | null;
  readonly posteriorFlipProbability: number | null;
  /** The matching decoder's exact frame. */
  readonly decoderFrame: DataFrame;
  /** The true accumulated error. */
  readonly trueFrame: DataFrame;
  readonly seed: number;
  readonly level: string;
  readonly promptFormat: PromptFormat;
  readonly rewardProfile: RewardProfile;
  readonly curriculumStats: Record<string, LevelStats>;
}

/** Ground-truth-free counters of an environment. */
export interface EnvironmentState {
  readonly episodesStarted: number;
  readonly episodesStepped: number;
  /** Levels whose physics this environment has used, sorted. */
  readonly cachedLevels: readonly string[];
  readonly curriculum: Record<string, LevelStats>;
  readonly baseSeed: number;
}

export type EnvResult<T> = Result<T, Issue>;

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
  reset(
    options: ResetOptions = {},
    episodeId?: string,
    curriculum: CurriculumScheduler = this.scheduler,
  ): { readonly spec: EpisodeSpec; readonly observation: QubitMedicObservation } {
    const seed = options.seed ?? this.baseSeed + this.episodesStarted + 1;
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be an integer from 0 to ${Number.MAX_SAFE_INTEGER}, got ${seed}`);
    this.episodesStarted++;
    const spec: EpisodeSpec = {
      episodeId: episodeId ?? String(this.episodesStarted),
      level: (options.level ?? curriculum.sample()).name,
      seed,
      promptFormat: options.promptFormat ?? 'v2',
      rewardProfile: options.rewardProfile ?? 'exact',
      forcedLevel: options.level !== undefined,
    };
    return { spec, observation: this.observe(spec) };
  }

  /**
   * Scores the answer to the episode `spec` describes. Specs come from `reset` (or a token of
   * one); `curriculum` is the one `reset` drew the level from.
   */
  step(spec: EpisodeSpec, action: QubitMedicAction, curriculum: CurriculumScheduler = this.scheduler): EnvResult<StepOutcome> {
    const level = resolveLevel(spec.level);
    if (!level.ok) return { ok: false, issues: level.issues.map((issue) => ({ ...issue, path: ['level'] })) };
    const physics = this.physicsOf(level.value);
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
    if (!spec.forcedLevel) curriculum.update(spec.level, rewards.logicalCorrection);
    this.episodesStepped++;
    return {
      ok: true,
      value: {
        observation: this.observation(spec, level.value, physics, shot),
        reward: rewards.total,
        done: true,
        info: {
          rewards,
          answer,
          actualObservableFlip: shot.observableFlip,
          decoderObservableFlip: decoded.observableFlip,
          optimalObservableFlip: optimal?.observableFlip ?? null,
          posteriorFlipProbability: optimal?.posteriorFlipProbability ?? null,
          decoderFrame: decoded.frame,
          trueFrame: shot.trueFrame,
          seed: spec.seed,
          level: spec.level,
          promptFormat: spec.promptFormat,
          rewardProfile: spec.rewardProfile,
          curriculumStats: curriculum.stats(),
        },
      },
    };
  }

  /** Ground-truth-free state (the server's `GET /state`). */
  state(): EnvironmentState {
    return {
      episodesStarted: this.episodesStarted,
      episodesStepped: this.episodesStepped,
      cachedLevels: [...this.usedLevels].sort(),
      curriculum: this.scheduler.stats(),
      baseSeed: this.baseSeed,
    };
  }

  /** The observation of an episode, rebuilt from its spec (prompt, syndrome, digest). */
  observe(spec: EpisodeSpec): QubitMedicObservation {
    const level = resolveLevel(spec.level);
    if (!level.ok) throw new Error(`episode spec names an unknown level: ${formatIssues(level.issues)}`);
    const physics = this.physicsOf(level.value);
    return this.observation(spec, level.value, physics, physics.sample(spec.seed));
  }

  /** The observation of `spec`'s episode at its resolved `level`, from its sampled `shot`. */
  private observation(spec: EpisodeSpec, level: Level, physics: LevelPhysics, shot: ShotSample): QubitMedicObservation {
    const { distance, rounds, p } = level;
    return {
      prompt: this.promptOf(spec, level, physics.layout, shot),
      syndromeBits: shot.syndromeBits,
      distance,
      rounds,
      p,
      level: level.name,
      episodeId: spec.episodeId,
      demDigest: physics.demDigest,
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

/** Pre-parsed lists are scored as their canonical completion (docs/original-qubit-medic.md#w10). */
function readAction(action: QubitMedicAction, numDataQubits: number): ParsedAnswer {
  if (action.kind === 'completion') return parseAnswer(action.completion, numDataQubits);
  const parsed = parseAnswer(formatStatedLists(action.xErrors, action.zErrors), numDataQubits);
  return action.rawResponse === undefined ? parsed : { ...parsed, rawResponse: action.rawResponse };
}
