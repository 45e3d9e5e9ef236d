import type { z } from 'zod';
import type { Awaitable } from '../awaitable.ts';
import type { EpisodeTokenCodec, OpenResult } from './episode-tokens.ts';
import type { ReplayGuard } from './replay-guard.ts';
import type { SharedReplayStore } from './shared-replay-store.ts';

/**
 * Issues episode tokens and redeems each at most once: the codec makes tokens unforgeable and
 * portable across replicas, the guard stops this process stepping one twice, and the shared
 * store (when configured) stops every other replica and every later run of this one.
 */
export type Redeemed<E> =
  | { readonly ok: true; readonly episode: E }
  /** `unavailable`: the shared replay store did not answer (a 503, not the client's fault). */
  | { readonly ok: false; readonly message: string; readonly unavailable?: boolean };

/**
 * Where a stateless session keeps episodes between reset and step: the id `issue` returns is
 * what the observation shows and the step quotes. Sealed tokens by default; numbered ids in a
 * bounded store for the original's client (numbered-episodes.ts).
 */
export interface EpisodeLedger {
  issue(environment: string, episode: unknown): string;
  /** Reads the episode `id` names without using it up. */
  peek<E>(environment: string, id: string, model: z.ZodType<E>): Redeemed<E>;
  /**
   * Reads the episode `id` names and retires it in this process's memory (a second claim here
   * fails), then (with a shared store) waits for the store to accept `id` as never spent.
   * Without a store there is nothing to wait for, and the answer is immediate.
   */
  claim<E>(environment: string, id: string, model: z.ZodType<E>): Awaitable<Redeemed<E>>;
}

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
  peek<E>(environment: string, token: string, model: z.ZodType<E>): Redeemed<E> {
    const read = this.read(environment, token, model);
    return read.ok ? { ok: true, episode: read.episode } : read;
  }

  claim<E>(environment: string, token: string, model: z.ZodType<E>): Awaitable<Redeemed<E>> {
    const read = this.read(environment, token, model);
    if (!read.ok) return read;
    const redeemed = this.redeemHere(read.id, read.expiresAt, read.episode);
    if (!redeemed.ok || this.shared === undefined) return redeemed;
    return this.claimShared(this.shared, read.id, read.expiresAt, redeemed);
  }

  private async claimShared<E>(shared: SharedReplayStore, id: string, expiresAt: number, redeemed: Redeemed<E>): Promise<Redeemed<E>> {
    try {
      // Fail closed: a token the store cannot vouch for is not stepped.
      return (await shared.claim(id, expiresAt)) === 'fresh' ? redeemed : { ok: false, message: REPLAYED };
    } catch (error) {
      this.log(`verilab: replay store unavailable: ${String(error)}`);
      return { ok: false, unavailable: true, message: 'the shared replay store (VERILAB_REPLAY_STORE) did not answer, so this server cannot tell whether the episode was already stepped; the episode is spent, call reset to start a new one' };
    }
  }

  /**
   * Opens `token`, refusing one sealed under another epoch: a server whose spent-token memory
   * dies with the process seals under a random epoch of its own, so after a restart it refuses
   * every earlier token (it cannot know which were stepped) instead of stepping a spent one again.
   */
  private open(environment: string, token: string): OpenResult | { readonly ok: false; readonly message: string } {
    const opened = this.codec.open(environment, token);
    if (!opened.ok || opened.value.epoch === this.codec.epoch) return opened;
    return {
      ok: false,
      message:
        'episode token was issued by another run of this server (it restarted, or another replica issued it), and this server keeps no record of spent tokens beyond its own run (set VERILAB_REPLAY_STORE or VERILAB_REPLAY_FILE), so it cannot tell whether the episode was stepped; call reset to start a new episode',
    };
  }

  /** The episode `token` holds, checked against `model`, with the token's id and expiry. */
  private read<E>(environment: string, token: string, model: z.ZodType<E>): { ok: true; episode: E; id: string; expiresAt: number } | { ok: false; message: string } {
    const opened = this.open(environment, token);
    if (!opened.ok) return { ok: false, message: opened.message };
    const episode = model.safeParse(opened.value.episode);
    if (!episode.success) return { ok: false, message: 'episode token was issued by an incompatible server version; call reset to start a new episode' };
    return { ok: true, episode: episode.data, id: opened.value.id, expiresAt: opened.value.expiresAt };
  }

  /** Retires token `id` in this process's memory: a second redemption here fails. */
  private redeemHere<E>(id: string, expiresAt: number, episode: E): Redeemed<E> {
    switch (this.guard.consume(id, expiresAt)) {
      case 'replayed':
        return { ok: false, message: REPLAYED };
      case 'expired':
        return { ok: false, message: "episode token expired early: this server's replay memory was full; call reset to start a new episode" };
      case 'fresh':
        return { ok: true, episode };
    }
  }
}
