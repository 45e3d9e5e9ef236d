import { err, ok, type Issue, type Result } from '@verilab/core';
import type { z } from 'zod';
import type { Awaitable } from '../awaitable.ts';
import type { EpisodeTokenCodec, OpenResult } from './episode-tokens.ts';
import type { ReplayGuard } from './replay-guard.ts';
import type { SharedReplayStore } from './shared-replay-store.ts';

/**
 * Issues episode tokens and redeems each at most once: the codec makes tokens unforgeable and
 * portable across replicas, the guard stops this process stepping one twice, and the shared
 * store (when configured) stops every other replica and every later run of this one.
 *
 * A refusal is one issue: `code` 'unavailable' when the shared replay store did not answer (a
 * 503, not the client's fault); every other code (`malformed`, `expired`, `replayed`, …) is the
 * client's (a 400).
 */
export type Redeemed<E> = Result<E, Issue>;

/** What `peek` read: the episode, and the id and expiry `claim` retires it under. */
export interface Peeked<E> {
  readonly episode: E;
  readonly replayId: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

/**
 * Where a stateless session keeps episodes between reset and step: the id `issue` returns is
 * what the observation shows and the step quotes. Sealed tokens by default; numbered ids in a
 * bounded store for the original's client (numbered-episodes.ts).
 */
export interface EpisodeLedger {
  issue(environment: string, episode: unknown): string;
  /** Reads the episode `id` names without using it up. */
  peek<E>(environment: string, id: string, model: z.ZodType<E>): Result<Peeked<E>, Issue>;
  /**
   * Reads the episode `id` names and retires it in this process's memory (a second claim here
   * fails), then (with a shared store) waits for the store to accept `id` as never spent.
   * Without a store there is nothing to wait for, and the answer is immediate. `peeked` is what
   * `peek` read of this same `id` just before (synchronously, so nothing was retired in
   * between): the claim then retires it without opening and checking it a second time.
   */
  claim<E>(environment: string, id: string, model: z.ZodType<E>, peeked?: Peeked<E>): Awaitable<Redeemed<E>>;
}

/** A refusal of the episode id a step quoted. */
export const refusal = (code: string, message: string): Result<never, Issue> => err([{ code, path: [], message }]);

const REPLAYED = 'episode was already stepped (or closed); each episode_id can be stepped once, call reset for a new episode';

export class EpisodeVault implements EpisodeLedger {
  private readonly codec: EpisodeTokenCodec;
  private readonly guard: ReplayGuard;
  private readonly shared: SharedReplayStore | undefined;
  private readonly log: (line: string) => void;

  constructor(codec: EpisodeTokenCodec, guard: ReplayGuard, shared?: { readonly store: SharedReplayStore; readonly log: (line: string) => void }) {
    this.codec = codec;
    this.guard = guard;
    this.shared = shared?.store;
    this.log = shared?.log ?? (() => undefined);
  }

  issue(environment: string, episode: unknown): string {
    return this.codec.seal(environment, episode).token;
  }

  /**
   * Opens `token` WITHOUT marking it used (e.g. to show its observation to a model first); the
   * token can still be stepped once afterwards.
   */
  peek<E>(environment: string, token: string, model: z.ZodType<E>): Result<Peeked<E>, Issue> {
    const opened = this.open(environment, token);
    if (!opened.ok) return opened;
    const episode = model.safeParse(opened.value.episode);
    if (!episode.success) return refusal('incompatible', 'episode token was issued by an incompatible server version; call reset to start a new episode');
    return ok({ episode: episode.data, replayId: opened.value.id, expiresAt: opened.value.expiresAt });
  }

  claim<E>(environment: string, token: string, model: z.ZodType<E>, peeked?: Peeked<E>): Awaitable<Redeemed<E>> {
    const read = peeked === undefined ? this.peek(environment, token, model) : ok(peeked);
    if (!read.ok) return read;
    const { episode, replayId, expiresAt } = read.value;
    const redeemed = this.redeemHere(replayId, expiresAt, episode);
    if (!redeemed.ok || this.shared === undefined) return redeemed;
    return this.claimShared(this.shared, replayId, expiresAt, redeemed);
  }

  private async claimShared<E>(shared: SharedReplayStore, id: string, expiresAt: number, redeemed: Redeemed<E>): Promise<Redeemed<E>> {
    try {
      // Fail closed: a token the store cannot vouch for is not stepped.
      return (await shared.claim(id, expiresAt)) === 'fresh' ? redeemed : refusal('replayed', REPLAYED);
    } catch (error) {
      this.log(`verilab: replay store unavailable: ${String(error)}`);
      return refusal(
        'unavailable',
        'the shared replay store (VERILAB_REPLAY_STORE) did not answer, so this server cannot tell whether the episode was already stepped; the episode is spent, call reset to start a new one',
      );
    }
  }

  /**
   * Opens `token`, refusing one sealed under another epoch: a server whose spent-token memory
   * dies with the process seals under a random epoch of its own, so after a restart it refuses
   * every earlier token (it cannot know which were stepped) instead of stepping a spent one again.
   */
  private open(environment: string, token: string): OpenResult | Result<never, Issue> {
    const opened = this.codec.open(environment, token);
    if (!opened.ok || opened.value.epoch === this.codec.epoch) return opened;
    return refusal(
      'other-run',
      'episode token was issued by another run of this server (it restarted, or another replica issued it), and this server keeps no record of spent tokens beyond its own run (set VERILAB_REPLAY_STORE or VERILAB_REPLAY_FILE), so it cannot tell whether the episode was stepped; call reset to start a new episode',
    );
  }

  /** Retires token `id` in this process's memory: a second redemption here fails. */
  private redeemHere<E>(id: string, expiresAt: number, episode: E): Redeemed<E> {
    switch (this.guard.consume(id, expiresAt)) {
      case 'replayed':
        return refusal('replayed', REPLAYED);
      case 'expired':
        return refusal('expired', "episode token expired early: this server's replay memory was full; call reset to start a new episode");
      case 'fresh':
        return ok(episode);
    }
  }
}
