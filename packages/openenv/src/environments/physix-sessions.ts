import { err, ok, type Result } from '@verilab/core';
import { randomUUID } from 'node:crypto';
import type { EpisodeState } from '@verilab/physix';
import { minuteWindowWait } from '../llm/minute-window.ts';

/**
 * The interactive API's sessions (docs/original-physix.md#interactive-api), in bounded memory: at most `max` at once,
 * each ended after `idleMs` without a request (the original kept them forever, docs/original-physix.md#w11). A
 * session is one episode state (a few kB) plus its rate-limit window, keyed by an unguessable
 * id, so memory is bounded by `max` × the largest episode. Expired sessions are swept on every
 * access, so no timer is needed and an injected clock drives the tests.
 */
export interface InteractiveSession {
  readonly id: string;
  state: EpisodeState;
  /** The seed the client chose (echoed back), or null when the server drew a hidden one. */
  readonly chosenSeed: number | null;
  readonly createdAt: number;
  lastActive: number;
  /** A step (direct or LLM) is in progress: others wait their turn (409). */
  busy: boolean;
  llmCalls: number;
  /** Start times of the LLM calls of the last minute, oldest first. */
  readonly recentCalls: number[];
}

export interface SessionStoreOptions {
  readonly max: number;
  readonly idleMs: number;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}

export class InteractiveSessionStore {
  private readonly options: SessionStoreOptions;
  private readonly sessions = new Map<string, InteractiveSession>();

  constructor(options: SessionStoreOptions) {
    this.options = options;
  }

  get size(): number {
    this.sweep();
    return this.sessions.size;
  }

  get max(): number {
    return this.options.max;
  }

  /** A new session, or an 'at-capacity' issue when `max` are active. */
  create(state: EpisodeState, chosenSeed: number | null): Result<InteractiveSession> {
    this.sweep();
    if (this.sessions.size >= this.options.max) {
      return err([{ code: 'at-capacity', path: [], message: `Server at capacity: ${this.sessions.size}/${this.options.max} interactive sessions active; end one or wait for idle ones to expire.` }]);
    }
    const now = this.options.now();
    const session: InteractiveSession = { id: randomUUID(), state, chosenSeed, createdAt: now, lastActive: now, busy: false, llmCalls: 0, recentCalls: [] };
    this.sessions.set(session.id, session);
    return ok(session);
  }

  /** The live session `id` (marked active), or undefined if unknown, ended or expired. */
  get(id: string): InteractiveSession | undefined {
    this.sweep();
    const session = this.sessions.get(id);
    if (session !== undefined) session.lastActive = this.options.now();
    return session;
  }

  /** Whether `session` is still the live session under its id (it may end while a model answers). */
  holds(session: InteractiveSession): boolean {
    return this.sessions.get(session.id) === session;
  }

  end(id: string): InteractiveSession | undefined {
    const session = this.get(id);
    if (session !== undefined) this.sessions.delete(id);
    return session;
  }

  /**
   * Records an LLM call if `session` has made fewer than `perMinute` in the last 60 s; else
   * returns the seconds until one more is allowed.
   */
  takeLlmCall(session: InteractiveSession, perMinute: number): { readonly ok: true } | { readonly ok: false; readonly retryAfterSeconds: number } {
    const now = this.options.now();
    const retryAfterSeconds = minuteWindowWait(session.recentCalls, perMinute, now);
    if (retryAfterSeconds !== undefined) return { ok: false, retryAfterSeconds };
    session.recentCalls.push(now);
    session.llmCalls++;
    return { ok: true };
  }

  /** Ends sessions idle past `idleMs`, except those in the middle of a step. */
  private sweep(): void {
    const cutoff = this.options.now() - this.options.idleMs;
    for (const [id, session] of this.sessions) {
      if (session.lastActive < cutoff && !session.busy) this.sessions.delete(id);
    }
  }
}
