import type { Issue, Result } from '@verilab/core';
import type { z } from 'zod';
import type { EnvironmentMetadata } from './wire/openenv-models.ts';

/**
 * What the server needs from an environment to host it over HTTP, WebSocket and MCP. Each
 * environment (Qubit-Medic, PhysiX) is one adapter implementing this; the server does the
 * rest: sessions, episode tokens, limits, wire formats.
 *
 * Episodes are values: `E` is a JSON-serialisable description from which the environment
 * rebuilds everything it needs (for Qubit-Medic the spec {level, seed, formats}). That is what
 * makes HTTP stateless: the server seals `E` into an encrypted token, and any replica holding
 * the key can step it. A multi-step environment returns the next `E` after each step.
 */
export type Reward = number | boolean | null;

/** OpenEnv's serialised observation: fields other than reward/done/metadata, then reward, done. */
export interface WireObservation {
  readonly observation: Readonly<Record<string, unknown>>;
  readonly reward: Reward;
  readonly done: boolean;
}

/**
 * A problem with a client's input is core's `Issue`: a code for programs (`unknown-level`,
 * `level-too-large`, …), its path and message (the server maps it to a 422 or a JSON-RPC error).
 */
export type { Issue };

export type Outcome<T> = Result<T, Issue>;

/** Names an episode: the id the observation shows and a later step must quote. */
export type NameEpisode<E> = (episode: E) => string;

export interface Transition<E> {
  readonly observation: WireObservation;
  /** The episode as it goes on; absent once `done`. */
  readonly next?: E;
}

/** The base of every hosted action: OpenEnv's `metadata` plus the episode it answers. */
export interface HostedAction {
  readonly episode_id?: string | number | null | undefined;
}

/** One environment instance: per WebSocket connection or MCP session, or shared by HTTP. */
export type InstanceScope = 'connection' | 'shared';

/**
 * Who resets an episode: a trainer (HTTP, `/ws`) or an MCP agent (any MCP transport). An agent's
 * episode counts in its training run from the reset, so one it skips is scored as failed
 * (curriculum-runs.ts); hosts without runs may ignore it.
 */
export type ResetCaller = 'trainer' | 'agent';

/** What the server lends each instance it creates. */
export interface InstanceContext {
  /** Milliseconds since the epoch: the server's clock, which tokens and session sweeps use too (tests move it). */
  readonly now: () => number;
  /**
   * How long the server waits for an MCP agent's answer to a sessionless episode before counting
   * it unanswered: as long as it keeps an idle session open, never past the episode token's life.
   */
  readonly agentAnswerMs: number;
}

export interface HostedInstance<E, A extends HostedAction> {
  /** Starts an episode from OpenEnv reset kwargs (already checked against the reset model). */
  reset(kwargs: Readonly<Record<string, unknown>>, name: NameEpisode<E>, caller: ResetCaller): Outcome<Transition<E>>;
  /** Answers the episode `episode`, whose id is `id`. */
  step(episode: E, id: string, action: A, name: NameEpisode<E>): Outcome<Transition<E>>;
  /** Ground-truth-free state, merged after OpenEnv's `episode_id` and `step_count`. */
  state(): Readonly<Record<string, unknown>>;
  /** A stateful session's client left `episode` unanswered: it reset another, or the session ended. */
  abandon?(episode: E): void;
}

/** An MCP tool beyond the generic `reset` and `step`; `run` gets its arguments checked against `input`. */
export interface HostedTool<I = unknown> {
  readonly name: string;
  readonly description: string;
  readonly input: z.ZodType<I>;
  run(args: I): Outcome<unknown>;
}

/** A tool whose `run` is typed by its input model (declare tools with it, as routes with `hostedRoute`). */
export function hostedTool<I>(tool: HostedTool<I>): HostedTool<I> {
  return tool;
}

export interface JsonReply {
  readonly status: number;
  readonly body: unknown;
  /** E.g. `Retry-After` on a 503 the client should retry. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Whether what a step needs is ready; if not, why, and when it is worth asking again. */
export type StepReadiness = { readonly ok: true } | { readonly ok: false; readonly message: string; readonly settled: Promise<void> };

/**
 * An extra HTTP route (e.g. Qubit-Medic's `/decode`, PhysiX's `/interactive/*`), mounted on the
 * environment's sub-app (http/environment-app.ts). With a `body` model the body is validated
 * into a 422 first and `handle` gets the model's output; without one no body is read and
 * `handle` gets undefined. `:name` segments of `path` are path parameters, handed to `handle`
 * as `params`. Declare routes with `hostedRoute` so `B` is inferred from the model.
 */
export interface HostedRoute<B = unknown> {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly path: string;
  readonly summary: string;
  readonly body?: z.ZodType<B>;
  /** An empty body reads as `{}` instead of a 422 "Field required". */
  readonly bodyOptional?: boolean;
  handle(body: B, params: Readonly<Record<string, string>>, context: RouteContext): JsonReply | Promise<JsonReply>;
}

/** A route whose `handle` is typed by its body model (the server validates with that model before calling it). */
export function hostedRoute<B = undefined>(route: HostedRoute<B>): HostedRoute<B> {
  return route;
}

/** What the server lends a route: reading an episode token without spending it, and whether its client is still there. */
export interface RouteContext {
  /** The episode `token` holds, or why it does not open (one issue). */
  peekEpisode(token: string): Result<unknown>;
  /** Aborted when the client closes the request: a route waiting on another service should stop it. */
  readonly signal: AbortSignal;
}

export interface HostedEnvironment<E = unknown, A extends HostedAction = HostedAction> {
  /** The URL segment under `/envs/`. */
  readonly name: string;
  readonly metadata: EnvironmentMetadata;
  /** The action wire model, with `metadata` and `episode_id`; strict (extra keys forbidden). */
  readonly action: z.ZodType<A>;
  /** The observation model, for `/schema` only (base fields first). */
  readonly observation: z.ZodType;
  /** Reset kwargs beyond OpenEnv's `seed` and `episode_id`; unknown keys are dropped as upstream does. */
  readonly resetOptions: z.ZodObject;
  /** Validates episodes read back from tokens. */
  readonly episode: z.ZodType<E>;
  /**
   * `connection`: an instance of one client (a WebSocket connection, an MCP session), whose state
   * it may show that client. `shared`: the one instance behind stateless HTTP, serving every
   * client, so its state must show no client's episode or curriculum.
   */
  createInstance(scope: InstanceScope, context: InstanceContext): HostedInstance<E, A>;
  readonly tools: readonly HostedTool[];
  /**
   * Tools this server keeps from agents, each with why and how to enable it (e.g. Qubit-Medic's
   * `decode` without `--expose-decoder`): absent from tools/list, and calling one says so.
   */
  readonly withheldTools?: Readonly<Record<string, string>>;
  readonly routes: readonly HostedRoute[];
  /** Versions and facts for `GET /healthz`. */
  health(): Readonly<Record<string, unknown>>;
  /**
   * Waits until what a request with this body (an HTTP body, a `/ws` reset's data) needs is
   * ready, without blocking the event loop (e.g. a custom Qubit-Medic level built in a worker);
   * undefined when nothing needs waiting for. The request is then served as usual. Transports
   * that cannot wait (MCP) get the host's "retry" answer instead.
   */
  settle?(body: Readonly<Record<string, unknown>>): Promise<void> | undefined;
  /**
   * Whether what stepping `episode` needs is ready (e.g. a custom Qubit-Medic level the server
   * evicted from its cache since the reset); if not, the host starts getting it ready off the
   * event loop. Sessions ask before they claim the episode, so a refused step (503 with
   * `Retry-After`, EXECUTION_ERROR, a tool error) leaves it unspent and can be sent again.
   */
  readyToStep?(episode: E): StepReadiness;
}
