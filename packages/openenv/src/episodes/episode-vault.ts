import type { z } from 'zod';
import type { EpisodeTokenCodec } from './episode-tokens.ts';
import type { ReplayGuard } from './replay-guard.ts';

/**
 * Issues episode tokens and redeems each at most once per process: the codec makes tokens
 * unforgeable and portable across replicas, the guard stops this process stepping one twice.
 */
export type Redeemed<E> = { readonly ok: true; readonly episode: E } | { readonly ok: false; readonly message: string };

/**
 * Where a stateless session keeps episodes between reset and step: the id `issue` returns is
 * what the observation shows and the step quotes. Sealed tokens by default; numbered ids in a
 * bounded store for the original's client (numbered-episodes.ts).
 */
export interface EpisodeLedger {
  issue(environment: string, episode: unknown): string;
  /** Reads the episode `id` names without using it up. */
  peek<E>(environment: string, id: string, model: z.ZodType<E>): Redeemed<E>;
  /** Reads the episode `id` names and retires it: a second redemption fails. */
  redeem<E>(environment: string, id: string, model: z.ZodType<E>): Redeemed<E>;
}

export class EpisodeVault implements EpisodeLedger {
  private readonly codec: EpisodeTokenCodec;
  private readonly guard: ReplayGuard;

  constructor(codec: EpisodeTokenCodec, guard: ReplayGuard) {
    this.codec = codec;
    this.guard = guard;
  }

  issue(environment: string, episode: unknown): string {
    return this.codec.seal(environment, episode).token;
  }

  /**
   * Opens `token` WITHOUT marking it used (e.g. to show its observation to a model first); the
   * token can still be stepped once afterwards.
   */
  peek<E>(environment: string, token: string, model: z.ZodType<E>): Redeemed<E> {
    const opened = this.codec.open(environment, token);
    if (!opened.ok) return { ok: false, message: opened.message };
    const episode = model.safeParse(opened.value.episode);
    return episode.success
      ? { ok: true, episode: episode.data }
      : { ok: false, message: 'episode token was issued by an incompatible server version; call reset to start a new episode' };
  }

  /** Opens `token` and marks it used; a second redemption in this process fails. */
  redeem<E>(environment: string, token: string, model: z.ZodType<E>): Redeemed<E> {
    const opened = this.codec.open(environment, token);
    if (!opened.ok) return { ok: false, message: opened.message };
    const episode = model.safeParse(opened.value.episode);
    if (!episode.success) {
      return { ok: false, message: 'episode token was issued by an incompatible server version; call reset to start a new episode' };
    }
    switch (this.guard.consume(opened.value.id, opened.value.expiresAt)) {
      case 'replayed':
        return { ok: false, message: 'episode was already stepped (or closed) on this server; each episode_id can be stepped once, call reset for a new episode' };
      case 'expired':
        return { ok: false, message: "episode token expired early: this server's replay memory was full; call reset to start a new episode" };
      case 'fresh':
        return { ok: true, episode: episode.data };
    }
  }
}
