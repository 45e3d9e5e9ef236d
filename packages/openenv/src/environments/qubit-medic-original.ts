import { createHash } from 'node:crypto';
import { z } from 'zod';
import { resolveLevel, type Level, type LevelPhysics } from '@verilab/qubit-medic';
import { OPENENV_CONTRACT_VERSION, SERVER_VERSION } from '../http/versions.ts';
import type { HostedEnvironment, HostedInstance, NameEpisode, Outcome, ResetCaller, Transition, WireObservation } from '../hosted-environment.ts';
import { QubitMedicEpisodeModel, QubitMedicObservationModel, type QubitMedicEpisode, type QubitMedicWireAction } from './qubit-medic-models.ts';

/**
 * Qubit-Medic as the original server behaved for its own client (`verilab serve --compat
 * original`; the original's `DecoderClient` runs unchanged against it, see
 * examples/python/original_client). On top of the usual host:
 *
 * - `prompt_format` and `reward_profile` default to `v1`, the original's prompt and rewards;
 * - `episode_id` is an integer (the runtime's numbered episode store issues it);
 * - `dem_digest` is the original's: sha256 of Stim's `str(dem)`, which has no trailing newline;
 * - the step's `info` carries `elapsed_seconds` since the reset and `timed_out`: past 30 s every
 *   reward is 0, as the original scored a late answer (its client reads `timed_out` as
 *   `truncated`);
 * - `state` counts episodes in `step_count`, and `/healthz` has the original's version keys.
 */
export const ORIGINAL_STEP_TIMEOUT_SECONDS = 30;

/** An episode and the moment it was reset, for the original's step timeout. */
export const OriginalEpisodeModel = QubitMedicEpisodeModel.extend({ started_ms: z.number() });
export type OriginalEpisode = z.output<typeof OriginalEpisodeModel>;

/**
 * The original's `/healthz` version keys, with what answers them here: this server has no
 * Stim, PyMatching or Python, so each names the engine doing that job instead.
 */
export function originalVersionKeys(): Record<string, string> {
  return {
    stim_version: `none: circuits, detector error models and sampling by @verilab/qec (TypeScript, in verilab ${SERVER_VERSION})`,
    pymatching_version: `none: exact minimum-weight matching by @verilab/qec (TypeScript, in verilab ${SERVER_VERSION})`,
    openenv_version: OPENENV_CONTRACT_VERSION,
    python_version: `none: Node.js ${process.version}`,
  };
}

export function withOriginalCompat(
  host: HostedEnvironment<QubitMedicEpisode, QubitMedicWireAction>,
  physics: (level: Level) => LevelPhysics,
  clock: () => number,
): HostedEnvironment<OriginalEpisode, QubitMedicWireAction> {
  const digests = new WeakMap<LevelPhysics, string>();
  const demDigest = (levelName: unknown): string | undefined => {
    const level = typeof levelName === 'string' ? resolveLevel(levelName) : undefined;
    if (level === undefined || !level.ok) return undefined;
    const built = physics(level.value);
    let digest = digests.get(built);
    if (digest === undefined) {
      digest = originalDemDigest(built.demText);
      digests.set(built, digest);
    }
    return digest;
  };
  return {
    ...host,
    observation: QubitMedicObservationModel.extend({ episode_id: z.union([z.int(), z.string()]).default('') }),
    episode: OriginalEpisodeModel,
    createInstance: (scope, context) => new OriginalInstance(host.createInstance(scope, context), demDigest, clock),
    health: () => ({ ...host.health(), ...originalVersionKeys() }),
  };
}

/** The original's `dem_digest`: the first 8 hex digits of sha256 of the DEM text as Stim prints it (no final newline). */
export function originalDemDigest(demText: string): string {
  return createHash('sha256').update(demText.replace(/\n$/, '')).digest('hex').slice(0, 8);
}

class OriginalInstance implements HostedInstance<OriginalEpisode, QubitMedicWireAction> {
  private readonly inner: HostedInstance<QubitMedicEpisode, QubitMedicWireAction>;
  private readonly demDigest: (level: unknown) => string | undefined;
  private readonly clock: () => number;

  constructor(inner: HostedInstance<QubitMedicEpisode, QubitMedicWireAction>, demDigest: (level: unknown) => string | undefined, clock: () => number) {
    this.inner = inner;
    this.demDigest = demDigest;
    this.clock = clock;
  }

  reset(kwargs: Readonly<Record<string, unknown>>, name: NameEpisode<OriginalEpisode>, caller: ResetCaller): Outcome<Transition<OriginalEpisode>> {
    const startedMs = this.clock();
    const started = this.inner.reset(
      { ...kwargs, prompt_format: kwargs.prompt_format ?? 'v1', reward_profile: kwargs.reward_profile ?? 'v1' },
      (episode) => name({ ...episode, started_ms: startedMs }),
      caller,
    );
    if (!started.ok) return started;
    const { observation, next } = started.value;
    return { ok: true, value: { observation: this.original(observation), ...(next === undefined ? {} : { next: { ...next, started_ms: startedMs } }) } };
  }

  step(episode: OriginalEpisode, id: string, action: QubitMedicWireAction, name: NameEpisode<OriginalEpisode>): Outcome<Transition<OriginalEpisode>> {
    const { started_ms: startedMs, ...spec } = episode;
    const elapsedSeconds = Math.max(0, (this.clock() - startedMs) / 1000);
    const timedOut = elapsedSeconds > ORIGINAL_STEP_TIMEOUT_SECONDS;
    const stepped = this.inner.step(spec, id, action, (next) => name({ ...next, started_ms: startedMs }));
    if (!stepped.ok) return stepped;
    const { observation } = stepped.value;
    const info = observation.observation.info as Record<string, unknown>;
    const timed = timedOut
      ? { ...observation, reward: 0, observation: { ...observation.observation, info: { ...info, rewards: zeroed(info.rewards), elapsed_seconds: elapsedSeconds, timed_out: true } } }
      : { ...observation, observation: { ...observation.observation, info: { ...info, elapsed_seconds: elapsedSeconds, timed_out: false } } };
    const { next } = stepped.value;
    return { ok: true, value: { observation: this.original(timed), ...(next === undefined ? {} : { next: { ...next, started_ms: startedMs } }) } };
  }

  abandon(episode: OriginalEpisode): void {
    const { started_ms: _startedMs, ...spec } = episode;
    this.inner.abandon?.(spec);
  }

  state(): Readonly<Record<string, unknown>> {
    const state = this.inner.state();
    return { step_count: state.episodes_started, ...state };
  }

  /** Integer episode ids and the original's DEM digest. */
  private original(observation: WireObservation): WireObservation {
    const fields = observation.observation;
    const id = fields.episode_id;
    const digest = this.demDigest(fields.curriculum_level);
    return {
      ...observation,
      observation: {
        ...fields,
        episode_id: typeof id === 'string' && /^[1-9]\d{0,14}$/.test(id) ? Number(id) : id,
        ...(digest === undefined ? {} : { dem_digest: digest }),
      },
    };
  }
}

/** A reward breakdown with every component and the total at 0 (a timed-out step). */
function zeroed(rewards: unknown): unknown {
  if (typeof rewards !== 'object' || rewards === null) return rewards;
  return Object.fromEntries(Object.keys(rewards).map((key) => [key, 0]));
}
