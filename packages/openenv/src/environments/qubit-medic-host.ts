import { randomBytes } from 'node:crypto';
import { SEED_STREAMS_VERSION, Xoshiro128, freshSeed } from '@verilab/core';
import { z } from 'zod';
import {
  CURRICULUM,
  CurriculumScheduler,
  PRIMARY_LEVEL,
  QubitMedicEnvironment,
  impliedObservableFlip,
  levelDetectors,
  resolveLevel,
  wireRewards,
  type EpisodeSpec,
  type Level,
  type LevelPhysics,
  type LevelStats,
  type QubitMedicAction,
  type QubitMedicObservation,
  type StepInfo,
} from '@verilab/qubit-medic';
import { hostedRoute, hostedTool, type HostedEnvironment, type HostedInstance, type HostedTool, type InstanceContext, type InstanceScope, type StepReadiness, type NameEpisode, type Outcome, type ResetCaller, type Transition, type WireObservation } from '../hosted-environment.ts';
import { CurriculumRuns, UNANSWERED, type RunCurriculumStore } from './curriculum-runs.ts';
import type { Fetch } from '../llm/chat-completions.ts';
import type { LlmPolicy } from '../llm/llm-policy.ts';
import { DEFAULT_MAX_LEVEL_DETECTORS, levelLimitsReply } from './level-limits.ts';
import { llmAnswerRoute } from './qubit-medic-llm.ts';
import { withOriginalCompat } from './qubit-medic-original.ts';
import {
  DecodeRequestModel,
  QubitMedicActionModel,
  QubitMedicEpisodeModel,
  QubitMedicObservationModel,
  QubitMedicResetOptionsModel,
  type DecodeRequest,
  type QubitMedicResetOptions,
  type QubitMedicEpisode,
  type QubitMedicWireAction,
} from './qubit-medic-models.ts';

/**
 * Qubit-Medic as a hosted environment: the pure `QubitMedicEnvironment` behind OpenEnv's wire
 * models, plus the `list_levels` MCP tool and the original's `/decode` route with its `decode`
 * tool. The decoder's frame is a reference the rewards score answers against, so an agent that
 * can ask for it has a reward oracle: `/decode` answers 403 and `decode` is withheld from every
 * MCP tool list unless the server opts in (`exposeDecoder`, `verilab serve --expose-decoder`).
 * Players still see the decoder's frame in the step info, once their answer is in.
 */
export interface QubitMedicHostOptions {
  /** Builds (or fetches from a shared cache) the physics of a level. */
  readonly physics: (level: Level) => LevelPhysics;
  /**
   * Whether a level's physics is ready to serve; if not, the request naming it is refused with
   * the reason (e.g. "being built; retry"), so a build never runs inside a request
   * (worker-physics.ts). Absent: physics is built on first use, synchronously.
   */
  readonly prepare?: (level: Level) => { readonly ok: true } | { readonly ok: false; readonly message: string };
  /** Resolves once a level `prepare` refused is worth asking about again (built, or failed). */
  readonly whenReady?: (level: Level) => Promise<void>;
  /**
   * Largest level served, in detectors, which a level's build time and memory grow with.
   * Default DEFAULT_MAX_LEVEL_DETECTORS (level-limits.ts).
   */
  readonly maxDetectors?: number;
  /** Which endpoints `/llm-answer` may call (absent: no such route). */
  readonly llm?: LlmPolicy;
  /** The HTTP client for `/llm-answer` (tests wrap it to watch every outbound request). */
  readonly fetch?: Fetch;
  /** Offer the matching decoder before a step (`/decode`, the `decode` tool); default off. */
  readonly exposeDecoder?: boolean;
  /** `original`: behave as the original server did for its own client (qubit-medic-original.ts). */
  readonly compat?: 'none' | 'original';
  /** Milliseconds, for the original's step timeout (default the sub-millisecond performance clock). */
  readonly clock?: () => number;
  /** Training runs whose curricula are kept (`run_id` on reset), least recently used out first. Default 1024. */
  readonly maxRuns?: number;
  /**
   * The run every untrusted MCP agent's episodes count toward (ServerConfig.agentRunId; absent
   * with `--agent-seeds`). It is kept apart from the runs clients name, which `maxRuns` bounds:
   * otherwise a client naming that many fresh runs would push it out, and the agents' curriculum
   * would start over at its first, easiest level.
   */
  readonly agentRun?: string;
  /** Where runs' curricula are shared between replicas (absent: each process keeps its own), and where its failures are reported. */
  readonly runStore?: { readonly store: RunCurriculumStore; readonly log: (line: string) => void };
}

/** Why `/decode` and `decode` are off, and how to turn them on. */
export const DECODER_WITHHELD =
  "the matching decoder is not exposed on this server: its frame is a reference the rewards score answers against, so an agent could use it as a reward oracle; start the server with `verilab serve --expose-decoder` (or VERILAB_EXPOSE_DECODER=1) to enable it; the step's info shows the decoder's frame once an episode is answered";

export function createQubitMedicHost(options: QubitMedicHostOptions): HostedEnvironment<QubitMedicEpisode, QubitMedicWireAction> {
  const maxDetectors = options.maxDetectors ?? DEFAULT_MAX_LEVEL_DETECTORS;
  /** The level `name` names, if this server serves one that large. */
  const servedLevel = (name: string): Outcome<Level> => {
    const resolved = resolveLevel(name);
    if (!resolved.ok) return { ok: false, issues: resolved.issues.map((issue) => ({ ...issue, path: ['level'] })) };
    const detectors = levelDetectors(resolved.value);
    if (detectors > maxDetectors) {
      return {
        ok: false,
        issues: [{ code: 'level-too-large', path: ['level'], message: `level "${resolved.value.name}" is larger than this server serves: ${detectors} detectors, at most ${maxDetectors}` }],
      };
    }
    return resolved;
  };
  const findLevel = (name: string): Outcome<Level> => {
    const served = servedLevel(name);
    if (!served.ok) return served;
    const ready = options.prepare?.(served.value) ?? { ok: true };
    if (!ready.ok) return { ok: false, issues: [{ code: 'level-not-ready', path: ['level'], message: ready.message }] };
    return served;
  };
  /** Requests naming a custom level wait for its build (in a worker) rather than being told to retry. */
  const levelsBuilt = (body: Readonly<Record<string, unknown>>): Promise<void> | undefined => {
    const { prepare, whenReady } = options;
    if (prepare === undefined || whenReady === undefined) return undefined;
    const builds: Promise<void>[] = [];
    for (const name of [body.level, body.forced_level]) {
      if (typeof name !== 'string') continue;
      const served = servedLevel(name);
      // A level past the limit is refused by the reset, never built.
      if (served.ok && !prepare(served.value).ok) builds.push(whenReady(served.value));
    }
    return allSettled(builds);
  };
  // An episode outlives its level in the cache: a step (or `/llm-answer`) on an evicted level
  // asks for it again and is refused as retryable until its worker has rebuilt it.
  const episodeReady = (episode: QubitMedicEpisode): StepReadiness => {
    const resolved = resolveLevel(episode.level);
    // A level that does not resolve is the step's own error.
    if (!resolved.ok || options.prepare === undefined) return { ok: true };
    const ready = options.prepare(resolved.value);
    if (ready.ok) return ready;
    return {
      ok: false,
      message: `this episode's level is not ready: ${ready.message} (the server rebuilds a level it evicted from its cache since the reset; the episode is unspent, send the same request again)`,
      settled: options.whenReady?.(resolved.value) ?? Promise.resolve(),
    };
  };
  const decode = (request: DecodeRequest): Outcome<Record<string, unknown>> => {
    const level = findLevel(request.level);
    if (!level.ok) return level;
    const physics = options.physics(level.value);
    const expected = physics.layout.detectors.length;
    if (request.syndrome.length !== expected) {
      return {
        ok: false,
        issues: [{ code: 'syndrome-length', path: ['syndrome'], message: `syndrome length ${request.syndrome.length} != ${expected} expected for ${level.value.name}` }],
      };
    }
    const decoded = physics.decode(request.syndrome);
    return {
      ok: true,
      value: {
        level: level.value.name,
        syndrome: request.syndrome,
        pymatching_observable_flip: decoded.observableFlip,
        pymatching_x_errors: decoded.frame.x,
        pymatching_z_errors: decoded.frame.z,
        implied_observable_from_x_errors: impliedObservableFlip(decoded.frame, physics.layout),
      },
    };
  };
  const runs = new CurriculumRuns(options.maxRuns ?? 1024, options.runStore);
  const agentRuns = new CurriculumRuns(1, options.runStore);
  const runsOf = (runId: string): CurriculumRuns => (runId === options.agentRun ? agentRuns : runs);
  // Rebuilds an episode's observation for `/llm-answer` without stepping it.
  const observer = new QubitMedicEnvironment({ physics: options.physics });
  const exposeDecoder = options.exposeDecoder === true;
  const decodeTool = hostedTool({
    name: 'decode',
    description: "Runs the exact matching decoder on a syndrome of a level; the frame is in LLM ids (the answer's numbering).",
    input: DecodeRequestModel,
    run: decode,
  });
  const tools: HostedTool[] = [
    ...(exposeDecoder ? [decodeTool] : []),
    {
      name: 'list_levels',
      description: 'Lists the curriculum levels and how to name a custom level.',
      input: z.strictObject({}),
      run: () => ({ ok: true, value: listLevels() }),
    },
  ];
  const host: HostedEnvironment<QubitMedicEpisode, QubitMedicWireAction> = {
    name: 'qubit-medic',
    metadata: {
      name: 'QubitMedicEnvironment',
      description:
        'Qubit-Medic: decode rotated-surface-code syndromes. The LLM answers X_ERRORS=[..] Z_ERRORS=[..] in data-qubit ids; five rewards score it against a noisy-circuit simulation and an exact matching decoder.',
      readme_content: null,
      version: '1.0.0',
      author: null,
      documentation_url: null,
    },
    action: QubitMedicActionModel,
    observation: QubitMedicObservationModel,
    resetOptions: QubitMedicResetOptionsModel,
    episode: QubitMedicEpisodeModel,
    createInstance: (scope, context) => new QubitMedicInstance(options.physics, findLevel, runsOf, scope, context),
    readyToStep: episodeReady,
    // A reset naming a run also reads the run's curriculum back from the shared store, if any.
    settle: (body) => allSettled([levelsBuilt(body), typeof body.run_id === 'string' ? runsOf(body.run_id).refresh(body.run_id) : undefined]),
    tools,
    ...(exposeDecoder ? {} : { withheldTools: { decode: DECODER_WITHHELD } }),
    routes: [
      exposeDecoder
        ? hostedRoute({
            method: 'POST',
            path: '/decode',
            summary: "Decode a syndrome with the server's matching decoder (frames in LLM ids)",
            body: DecodeRequestModel,
            handle: (request) => {
              const decoded = decode(request);
              return decoded.ok ? { status: 200, body: decoded.value } : { status: 400, body: { detail: decoded.issues[0]?.message } };
            },
          })
        : {
            method: 'POST',
            path: '/decode',
            summary: 'Disabled on this server (403): start it with --expose-decoder to decode syndromes here',
            // Off, it reads no body and answers 403 whatever was sent, so the message says how to turn it on.
            handle: () => ({ status: 403, body: { detail: DECODER_WITHHELD } }),
          },
      ...(options.llm === undefined ? [] : [llmAnswerRoute({ llm: options.llm, fetch: options.fetch ?? fetch, ready: episodeReady, observe: (episode, token) => observer.observe(toSpec(episode, token)) })]),
    ],
    health: () => ({
      physics: '@verilab/qec (Stim-faithful sampler, exact matching decoder)',
      levels: CURRICULUM.map((l) => l.name),
      decoder_exposed: exposeDecoder,
      // The levels served, so a client can check a custom level before asking.
      max_level_detectors: maxDetectors,
      level_limits: levelLimitsReply(maxDetectors),
    }),
  };
  return options.compat === 'original' ? withOriginalCompat(host, options.physics, options.clock ?? (() => performance.timeOrigin + performance.now())) : host;
}

/**
 * One client's Qubit-Medic (`connection`) or every HTTP client's (`shared`). Curriculum state
 * belongs to a training run: the run named by `run_id` on reset (shared by every instance), else
 * the connection's own, else (over shared HTTP) the episode alone, which starts at the first level.
 */
class QubitMedicInstance implements HostedInstance<QubitMedicEpisode, QubitMedicWireAction> {
  private readonly env: QubitMedicEnvironment;
  private readonly findLevel: (name: string) => Outcome<Level>;
  /** The curricula run `runId` is kept among (the agents' run has its own). */
  private readonly runsOf: (runId: string) => CurriculumRuns;
  private readonly scope: InstanceScope;
  private readonly context: InstanceContext;
  /** The run this connection last reset under, whose curriculum its state shows. */
  private lastRun: string | undefined;

  constructor(physics: (level: Level) => LevelPhysics, findLevel: (name: string) => Outcome<Level>, runsOf: (runId: string) => CurriculumRuns, scope: InstanceScope, context: InstanceContext) {
    this.env = new QubitMedicEnvironment({ physics });
    this.findLevel = findLevel;
    this.runsOf = runsOf;
    this.scope = scope;
    this.context = context;
  }

  /** The curriculum of `runId`; undefined: the connection's own (the environment's default). */
  private curriculum(runId: string | undefined): CurriculumScheduler | undefined {
    if (runId !== undefined) return this.runsOf(runId).of(runId, this.context.now());
    // Its first level needs no draw, so the generator's seed never matters here.
    return this.scope === 'shared' ? new CurriculumScheduler(Xoshiro128.fromSeed(0)) : undefined;
  }

  /** `kwargs` passed the server's validation with the reset options model (and its base `seed`). */
  reset(kwargs: Readonly<Record<string, unknown>>, name: NameEpisode<QubitMedicEpisode>, caller: ResetCaller): Outcome<Transition<QubitMedicEpisode>> {
    const options = kwargs as QubitMedicResetOptions & { readonly seed?: number | null };
    const requested = options.level ?? options.forced_level;
    let level: Level | undefined;
    if (requested != null) {
      const found = this.findLevel(requested);
      if (!found.ok) return { ok: false, issues: found.issues.map((i) => ({ ...i, path: [options.level != null ? 'level' : 'forced_level'] })) };
      level = found.value;
    }
    const runId = options.run_id ?? undefined;
    const started = this.env.reset(
      {
        // Unseeded episodes get an unpredictable seed: the original's base_seed + counter let any
        // client predict the seed, and with it simulate the ground truth.
        seed: options.seed ?? freshSeed(randomBytes),
        level,
        promptFormat: options.prompt_format ?? undefined,
        rewardProfile: options.reward_profile ?? undefined,
      },
      '',
      this.curriculum(runId),
    );
    if (this.scope === 'connection') this.lastRun = runId;
    // An agent's episode it skips is a 0 in its run: a session says when it drops one (abandon), a
    // sessionless episode is pending until its answer, or a 0 once its deadline passes unanswered.
    const agent: QubitMedicEpisode['agent'] = caller === 'agent' && runId !== undefined && !started.spec.forcedLevel ? (this.scope === 'shared' ? 'token' : 'session') : undefined;
    let pending: QubitMedicEpisode['pending'];
    if (agent === 'token' && runId !== undefined) {
      pending = { id: randomBytes(12).toString('base64url'), answer_by: this.context.now() + this.context.agentAnswerMs };
      this.runsOf(runId).pend(runId, started.spec.level, { id: pending.id, answerBy: pending.answer_by });
    }
    const episode = { ...toEpisode(started.spec, runId), ...(agent === undefined ? {} : { agent }), ...(pending === undefined ? {} : { pending }) };
    const observation = { ...started.observation, episodeId: name(episode) };
    return { ok: true, value: { observation: wire(observation, { event: 'reset' }, null, false), next: episode } };
  }

  step(episode: QubitMedicEpisode, id: string, action: QubitMedicWireAction): Outcome<Transition<QubitMedicEpisode>> {
    const { run_id: runId, pending } = episode;
    const now = this.context.now();
    // Past its deadline a sessionless episode is the run's 0 for good: its answer is scored, and
    // shown the run's statistics, but moves nothing (the step updates a copy of the curriculum).
    // So is one settled before it, as its run's earliest when the run had PENDING_MAX pending.
    const pastDeadline = pending !== undefined && now >= pending.answer_by;
    const late = runId !== undefined && pending !== undefined && (pastDeadline || !this.runsOf(runId).isPending(runId, episode.level, pending.id));
    const outcome = this.env.step(toSpec(episode, id), toAction(action), late ? this.runsOf(runId).copy(runId, now) : this.curriculum(runId));
    // The spec is the episode token's: a level in it this server cannot serve is the token's fault.
    if (!outcome.ok) return { ok: false, issues: outcome.issues.map((issue) => ({ ...issue, path: ['episode_id'] })) };
    const correction = outcome.value.info.rewards.logicalCorrection;
    if (runId !== undefined && !episode.forced_level && !pastDeadline) {
      if (pending === undefined) this.runsOf(runId).record(runId, episode.level, correction);
      // Settled only where it is still pending: here, and in the store (which another replica may have pended it in).
      else this.runsOf(runId).settleAnswer(runId, episode.level, pending.id, correction);
    }
    const { observation, info, reward, done } = outcome.value;
    const shown = late ? { ...info, curriculumStats: this.runsOf(runId).of(runId, now).stats() } : info;
    return { ok: true, value: { observation: wire(observation, wireInfo(shown), reward, done) } };
  }

  abandon(episode: QubitMedicEpisode): void {
    if (episode.agent === 'session' && episode.run_id !== undefined) this.runsOf(episode.run_id).record(episode.run_id, episode.level, UNANSWERED);
  }

  /** Counts and cached levels; the curriculum of this connection's run, none over shared HTTP. */
  state(): Readonly<Record<string, unknown>> {
    const state = this.env.state();
    const counts = {
      episodes_started: state.episodesStarted,
      episodes_stepped: state.episodesStepped,
      cached_levels: state.cachedLevels,
      base_seed: state.baseSeed,
    };
    if (this.scope === 'shared') return counts;
    return { ...counts, run_id: this.lastRun ?? null, curriculum: wireStats(this.lastRun === undefined ? state.curriculum : this.runsOf(this.lastRun).of(this.lastRun, this.context.now()).stats()) };
  }
}

/*
 * The one mapping between the environment's names and the wire's (the original's field names,
 * docs/wire-contract.md#observation): spec and token episode, wire and domain action, and the
 * observation and step info in the original's field order (the reset options and the state
 * are mapped in QubitMedicInstance.reset and .state above).
 */

function toSpec(episode: QubitMedicEpisode, id: string): EpisodeSpec {
  return {
    episodeId: id,
    level: episode.level,
    seed: episode.seed,
    promptFormat: episode.prompt_format,
    rewardProfile: episode.reward_profile,
    forcedLevel: episode.forced_level,
  };
}

function toEpisode(spec: EpisodeSpec, runId: string | undefined): QubitMedicEpisode {
  return {
    level: spec.level,
    seed: spec.seed,
    prompt_format: spec.promptFormat,
    reward_profile: spec.rewardProfile,
    forced_level: spec.forcedLevel,
    seed_streams: SEED_STREAMS_VERSION,
    ...(runId === undefined ? {} : { run_id: runId }),
  };
}

/** Either pre-parsed list makes the answer a parsed one (a null list is not stated), shown with the raw response sent. */
function toAction(action: QubitMedicWireAction): QubitMedicAction {
  if (action.parsed_x_errors == null && action.parsed_z_errors == null) return { kind: 'completion', completion: action.raw_response };
  return { kind: 'parsed', xErrors: action.parsed_x_errors ?? undefined, zErrors: action.parsed_z_errors ?? undefined, rawResponse: action.raw_response };
}

/** The observation in `QubitMedicObservation` field order, `info` last (docs/wire-contract.md#observation). */
function wire(observation: QubitMedicObservation, info: object, reward: number | null, done: boolean): WireObservation {
  return {
    observation: {
      prompt: observation.prompt,
      syndrome_bits: observation.syndromeBits,
      distance: observation.distance,
      rounds: observation.rounds,
      p: observation.p,
      curriculum_level: observation.level,
      episode_id: observation.episodeId,
      dem_digest: observation.demDigest,
      info,
    },
    reward,
    done,
  };
}

/** The step's `info` as the original sent it: the decoder is "pymatching", frames are split into lists. */
function wireInfo(info: StepInfo): Record<string, unknown> {
  const { answer } = info;
  return {
    rewards: wireRewards(info.rewards),
    parsed_action: {
      x_error_qubits: answer.xErrors,
      z_error_qubits: answer.zErrors,
      raw_response: answer.rawResponse,
      parse_success: answer.parseSuccess,
      parse_partial: answer.parsePartial,
      strict_format: answer.strictFormat,
    },
    actual_observable_flip: info.actualObservableFlip,
    pymatching_observable_pred: info.decoderObservableFlip,
    optimal_observable_pred: info.optimalObservableFlip,
    posterior_flip_probability: info.posteriorFlipProbability,
    pymatching_x_errors: info.decoderFrame.x,
    pymatching_z_errors: info.decoderFrame.z,
    true_x_errors: info.trueFrame.x,
    true_z_errors: info.trueFrame.z,
    seed: info.seed,
    level: info.level,
    prompt_format: info.promptFormat,
    reward_profile: info.rewardProfile,
    curriculum_stats: wireStats(info.curriculumStats),
  };
}

function wireStats(stats: Readonly<Record<string, LevelStats>>): Record<string, { moving_mean: number; samples: number }> {
  return Object.fromEntries(Object.entries(stats).map(([level, { movingMean, samples }]) => [level, { moving_mean: movingMean, samples }]));
}

function listLevels(): Record<string, unknown> {
  return {
    levels: CURRICULUM.map((level) => ({
      name: level.name,
      distance: level.distance,
      rounds: level.rounds,
      p: level.p,
      noise: level.noise,
      basis: level.basis,
      eval_only: level.evalOnly,
    })),
    primary: PRIMARY_LEVEL,
    custom: 'custom:d=D,r=R,p=P[,noise=si1000-like|uniform][,basis=Z|X]',
  };
}

function allSettled(waits: readonly (Promise<void> | undefined)[]): Promise<void> | undefined {
  const pending = waits.filter((wait) => wait !== undefined);
  return pending.length === 0 ? undefined : Promise.all(pending).then(() => undefined);
}
