import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { err, firstIssue, ok, type Result } from '@verilab/core';
import type { Awaitable } from '../awaitable.ts';
import type { HostedAction, HostedEnvironment, HostedInstance, Issue, ResetCaller, StepReadiness, WireObservation } from '../hosted-environment.ts';
import { ResetRequestModel } from '../wire/openenv-models.ts';
import { pydanticError, type Loc, type PydanticError } from '../wire/pydantic-errors.ts';
import { validateModel } from '../wire/pydantic-validate.ts';
import type { EpisodeLedger, Redeemed } from './episode-vault.ts';

/**
 * One client's view of an environment: reset, step and state over one instance. The same
 * object serves every transport, so HTTP, WebSocket and MCP behave identically.
 *
 * - `stateful` (a WebSocket connection, an MCP session): the session remembers its episode, so
 *   `step` needs no `episode_id`; ids are the client's own `episode_id` or a random uuid.
 * - `stateless` (HTTP, session-less MCP): every episode id is a sealed token (see
 *   episode-tokens.ts), or a number in a bounded store for the original's client, and `step`
 *   must quote it; the session itself remembers nothing.
 *
 * A stateful session also accepts a token in `episode_id`, so an episode reset over HTTP can be
 * stepped over a WebSocket.
 */
export type SessionFailure =
  /** The input was malformed: 422 over HTTP, VALIDATION_ERROR over WebSocket. */
  | { readonly kind: 'validation'; readonly errors: readonly PydanticError[] }
  /** Unknown, finished, expired, replayed or altered episode: 400 / EXECUTION_ERROR. */
  | { readonly kind: 'episode'; readonly message: string }
  /** The step ran past its time budget: 503 / EXECUTION_ERROR. */
  | { readonly kind: 'timeout'; readonly message: string }
  /** The shared replay store did not answer, so the episode could not be claimed: 503 / EXECUTION_ERROR. */
  | { readonly kind: 'unavailable'; readonly message: string }
  /** What the step needs is being made ready (e.g. its level rebuilt); the episode is unspent, send the step again: 503 with Retry-After / EXECUTION_ERROR. */
  | { readonly kind: 'not-ready'; readonly message: string };

const READY: StepReadiness = { ok: true };

/** The reset option naming a training run (Qubit-Medic's). */
export const RUN_OPTION = 'run_id';

/** A value, or the one failure that stopped it (read with `firstIssue`): its `kind` picks the reply. */
export type SessionResult<T> = Result<T, SessionFailure>;

export interface SessionOptions {
  readonly mode: 'stateful' | 'stateless';
  readonly vault: EpisodeLedger;
  /** Wall-clock budget of one step, in milliseconds. */
  readonly stepBudgetMs: number;
  /**
   * The training run only MCP agents' resets may name (ServerConfig.agentRunId; absent with
   * `--agent-seeds`): a trainer naming it could move the agents' curriculum, so its reset is refused.
   */
  readonly agentRun?: string;
}

interface Current<E> {
  readonly episode: E;
  readonly id: string;
}

export class EnvSession<E, A extends HostedAction> {
  private readonly host: HostedEnvironment<E, A>;
  private readonly instance: HostedInstance<E, A>;
  private readonly options: SessionOptions;
  private current: Current<E> | undefined;
  private lastId: string | null = null;
  private stepCount = 0;

  constructor(host: HostedEnvironment<E, A>, instance: HostedInstance<E, A>, options: SessionOptions) {
    this.host = host;
    this.instance = instance;
    this.options = options;
  }

  /** `kwargs` are OpenEnv reset kwargs; errors are located under `loc` (e.g. `["body"]`). */
  reset(kwargs: unknown, loc: Loc = [], caller: ResetCaller = 'trainer'): SessionResult<WireObservation> {
    const base = validateModel(ResetRequestModel, kwargs, { locPrefix: loc, withUrl: false });
    if (!base.ok) return invalid(base.issues);
    const options = validateModel(this.host.resetOptions, kwargs, { locPrefix: loc, withUrl: false });
    if (!options.ok) return invalid(options.issues);
    const { agentRun } = this.options;
    if (caller === 'trainer' && agentRun !== undefined && options.value[RUN_OPTION] === agentRun) {
      const message = `Value error, ${RUN_OPTION} ${JSON.stringify(agentRun)} is the run of this server's MCP agents (VERILAB_AGENT_RUN_ID), which only their own episodes may move; name a run of your own`;
      return invalid([pydanticError('value_error', [...loc, RUN_OPTION], message, agentRun, false)]);
    }
    // Resetting away from an unanswered episode abandons it.
    this.end();
    const chosenId = base.value.episode_id ?? undefined;
    let id = '';
    const name = (episode: E): string => {
      id = this.options.mode === 'stateless' ? this.options.vault.issue(this.host.name, episode) : (chosenId ?? randomUUID());
      return id;
    };
    const started = this.instance.reset({ ...options.value, seed: base.value.seed ?? undefined }, name, caller);
    if (!started.ok) return invalid(issueErrors(started.issues, loc));
    this.settle(started.value.next, id);
    this.stepCount = 0;
    return ok(started.value.observation);
  }

  /**
   * Steps: `action` is the action object itself; `budgetMs` tightens the step budget (HTTP
   * `timeout_s`). A token is claimed in the shared replay store (when configured) before it runs:
   * exactly once across replicas. Only that claim is waited for; everything else (a session's
   * own episode, a server without a store) is answered at once. Whether the host is ready to step
   * the episode is asked before the claim, so a "not ready, retry" leaves the episode unspent.
   */
  stepClaimed(action: unknown, budgetMs = this.options.stepBudgetMs): Awaitable<SessionResult<WireObservation>> {
    const parsed = validateModel(this.host.action, action, { withUrl: true });
    if (!parsed.ok) return invalid(parsed.issues);
    const found = this.resolve(parsed.value.episode_id);
    if (!('token' in found)) {
      if (!found.ok) return found;
      const refused = this.notReady(found.value.episode);
      if (refused !== undefined) return refused;
      this.current = undefined;
      return this.run(parsed.value, found.value, budgetMs);
    }
    const peeked = this.host.readyToStep === undefined ? undefined : this.options.vault.peek(this.host.name, found.token, this.host.episode);
    // A token that does not open is refused by the claim below, with its reason.
    const refused = peeked?.ok === true ? this.notReady(peeked.value.episode) : undefined;
    if (refused !== undefined) return refused;
    const proceed = (redeemed: Redeemed<E>): SessionResult<WireObservation> => {
      const target = redeemedTarget(found.token, redeemed);
      return target.ok ? this.run(parsed.value, target.value, budgetMs) : target;
    };
    // What the peek read is claimed as it is, not opened and checked again.
    const claimed = this.options.vault.claim(this.host.name, found.token, this.host.episode, peeked?.ok === true ? peeked.value : undefined);
    if (!(claimed instanceof Promise)) return proceed(claimed);
    // While the shared store answered, what the step needs may have been evicted; the episode
    // is claimed now, so wait for it to be ready again rather than spend it on a refusal.
    return claimed.then(async (redeemed) => {
      const readiness = redeemed.ok ? this.readiness(redeemed.value) : READY;
      if (readiness.ok) return proceed(redeemed);
      await readiness.settled;
      const again = redeemed.ok ? this.readiness(redeemed.value) : READY;
      if (again.ok) return proceed(redeemed);
      return err([{ kind: 'unavailable', message: `${again.message}; the episode was claimed meanwhile, call reset to start a new one` }]);
    });
  }

  private readiness(episode: E): StepReadiness {
    return this.host.readyToStep?.(episode) ?? READY;
  }

  /** A retryable refusal when the host is not ready to step `episode`, which stays unspent. */
  private notReady(episode: E): SessionResult<never> | undefined {
    const readiness = this.readiness(episode);
    return readiness.ok ? undefined : err([{ kind: 'not-ready', message: readiness.message }]);
  }

  private run(action: A, target: Current<E>, budgetMs: number): SessionResult<WireObservation> {
    let id = target.id;
    const name = (episode: E): string => {
      id = this.options.mode === 'stateless' ? this.options.vault.issue(this.host.name, episode) : target.id;
      return id;
    };
    const started = performance.now();
    const outcome = this.instance.step(target.episode, target.id, action, name);
    const elapsed = performance.now() - started;
    if (!outcome.ok) return episodeFailure(outcome.issues.map((i) => i.message).join('; '));
    // OpenEnv's step_count counts the steps of a session's current episode; HTTP has none.
    if (this.options.mode === 'stateful') this.stepCount++;
    const budget = Math.min(budgetMs, this.options.stepBudgetMs);
    if (elapsed > budget) {
      this.settle(undefined, id);
      return err([{ kind: 'timeout', message: `step took ${elapsed.toFixed(1)} ms, over its time budget of ${budget} ms; the episode is ended, call reset` }]);
    }
    this.settle(outcome.value.next, id);
    return ok(outcome.value.observation);
  }

  state(): Record<string, unknown> {
    return { episode_id: this.lastId, step_count: this.stepCount, ...this.instance.state() };
  }

  /** Ends the session's episode, if one is unanswered, telling the host it was abandoned (the session closes, or resets another). */
  end(): void {
    const abandoned = this.current;
    this.current = undefined;
    if (abandoned !== undefined) this.instance.abandon?.(abandoned.episode);
  }

  private settle(next: E | undefined, id: string): void {
    if (this.options.mode === 'stateless') return;
    this.lastId = id;
    this.current = next === undefined ? undefined : { episode: next, id };
  }

  /** The episode a step names: this session's own, a failure, or a token still to redeem. */
  private resolve(episodeId: string | number | null | undefined): SessionResult<Current<E>> | { readonly token: string } {
    const id = episodeId === null || episodeId === undefined ? undefined : String(episodeId);
    const current = this.current;
    // The caller clears it once the step is sure to run.
    if (current !== undefined && (id === undefined || id === current.id)) return ok(current);
    if (id === undefined) {
      return episodeFailure(
        this.options.mode === 'stateless'
          ? 'episode_id is required: HTTP episodes are stateless, so pass the episode_id that reset returned'
          : this.lastId === null
            ? 'no episode in progress: call reset first'
            : `episode ${this.lastId} is finished; call reset to start a new one`,
      );
    }
    if (this.options.mode === 'stateful' && id === this.lastId) {
      return episodeFailure(`episode ${id} is finished; call reset to start a new one`);
    }
    return { token: id };
  }
}

function redeemedTarget<E>(id: string, redeemed: Redeemed<E>): SessionResult<Current<E>> {
  if (redeemed.ok) return ok({ episode: redeemed.value, id });
  const refusal = firstIssue(redeemed);
  return refusal.code === 'unavailable' ? err([{ kind: 'unavailable', message: refusal.message }]) : episodeFailure(refusal.message);
}

function invalid(errors: readonly PydanticError[]): SessionResult<never> {
  return err([{ kind: 'validation', errors }]);
}

function episodeFailure(message: string): SessionResult<never> {
  return err([{ kind: 'episode', message }]);
}

/**
 * An environment's issues on the wire: whatever their code (`unknown-level`, `level-too-large`,
 * …), pydantic reports a reset option its model validator refuses as `value_error`, so every code
 * maps to that type; the codes are for in-process callers (and tests), not the wire.
 */
function issueErrors(issues: readonly Issue[], loc: Loc): PydanticError[] {
  return issues.map((issue) => pydanticError('value_error', [...loc, ...issue.path], `Value error, ${issue.message}`, null, false));
}
