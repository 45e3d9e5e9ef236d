import { ok, type Issue, type Result } from '@verilab/core';
import type { z } from 'zod';
import { refusal, type EpisodeLedger, type Peeked, type Redeemed } from './episode-vault.ts';

/**
 * Episodes named by small integers 1, 2, 3, … as the original Qubit-Medic server named them, for
 * clients that read `episode_id` as an int (`verilab serve --compat original`). Unlike a sealed
 * token the id carries nothing, so the server keeps each unstepped episode here, bounded in both
 * count and age: past `capacity` the oldest is evicted, past `lifetimeSeconds` one expires. A
 * step on an id that is unknown, finished, evicted or expired gets a message saying which, from
 * a memory of recently retired ids as large as the store.
 */
export interface NumberedEpisodesOptions {
  /** Unstepped episodes held at once. */
  readonly capacity: number;
  readonly lifetimeSeconds: number;
  /** Seconds (fractional) since any fixed origin. */
  readonly now: () => number;
}

type Retirement = 'stepped' | 'evicted' | 'expired';

interface Held {
  readonly environment: string;
  readonly episode: unknown;
  readonly expiresAt: number;
}

export class NumberedEpisodes implements EpisodeLedger {
  private readonly options: NumberedEpisodesOptions;
  /** In issue order, so the oldest (first to evict, first to expire) is first. */
  private readonly held = new Map<number, Held>();
  private readonly retired = new Map<number, Retirement>();
  private last = 0;

  constructor(options: NumberedEpisodesOptions) {
    this.options = options;
  }

  /** Unstepped episodes held now. */
  get size(): number {
    this.expire();
    return this.held.size;
  }

  issue(environment: string, episode: unknown): string {
    this.expire();
    while (this.held.size >= this.options.capacity) {
      const oldest = this.held.keys().next().value as number;
      this.held.delete(oldest);
      this.retire(oldest, 'evicted');
    }
    const id = ++this.last;
    this.held.set(id, { environment, episode, expiresAt: this.options.now() + this.options.lifetimeSeconds });
    return String(id);
  }

  peek<E>(environment: string, id: string, model: z.ZodType<E>): Result<Peeked<E>, Issue> {
    const found = this.find(environment, id, model);
    return found.ok ? ok({ episode: found.value.episode, replayId: id, expiresAt: found.value.expiresAt }) : found;
  }

  /**
   * Numbered episodes live in this process only, so there is no store to wait for. Only the claim
   * that removes the episode wins: a second claim handed the same peek is refused, as the vault's
   * replay guard refuses a second claim of a token.
   */
  claim<E>(environment: string, id: string, model: z.ZodType<E>, peeked?: Peeked<E>): Redeemed<E> {
    const found = peeked === undefined ? this.find(environment, id, model) : ok(peeked);
    if (!found.ok) return found;
    const number = Number(id);
    if (!this.held.delete(number)) return refusal('gone', this.goneMessage(number));
    this.retire(number, 'stepped');
    return ok(found.value.episode);
  }

  private find<E>(environment: string, text: string, model: z.ZodType<E>): Result<{ readonly episode: E; readonly expiresAt: number }, Issue> {
    if (!/^[1-9]\d{0,14}$/.test(text)) {
      return refusal('malformed', `episode_id must be an episode number this server issued (1, 2, …), got ${JSON.stringify(text.slice(0, 40))}; call reset() before step()`);
    }
    const id = Number(text);
    this.expire();
    const held = this.held.get(id);
    if (held === undefined || held.environment !== environment) return refusal('gone', this.goneMessage(id));
    const episode = model.safeParse(held.episode);
    if (!episode.success) return refusal('incompatible', `episode ${id} does not belong to this environment; call reset() before step()`);
    return ok({ episode: episode.data, expiresAt: held.expiresAt });
  }

  private goneMessage(id: number): string {
    const why = this.retired.get(id);
    if (id > this.last) return `unknown episode ${id}: this server has started ${this.last} episode(s); call reset() before step()`;
    switch (why) {
      case 'stepped':
        return `episode ${id} is already finished (each episode is stepped once); call reset() for a new one`;
      case 'evicted':
        return `episode ${id} was evicted unstepped: this server holds at most ${this.options.capacity} unstepped episodes, oldest out first; call reset() for a new one`;
      case 'expired':
        return `episode ${id} expired unstepped after ${this.options.lifetimeSeconds} s; call reset() for a new one`;
      default:
        return `episode ${id} is no longer held here (finished, evicted, expired, or started by another environment or server process); call reset() for a new one`;
    }
  }

  private expire(): void {
    const now = this.options.now();
    for (const [id, held] of this.held) {
      if (held.expiresAt > now) break;
      this.held.delete(id);
      this.retire(id, 'expired');
    }
  }

  private retire(id: number, why: Retirement): void {
    this.retired.set(id, why);
    if (this.retired.size > this.options.capacity) this.retired.delete(this.retired.keys().next().value as number);
  }
}
