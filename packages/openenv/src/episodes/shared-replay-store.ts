import type { RedisConnection } from './redis-connection.ts';

/**
 * Spent episode-token ids shared by every replica, so a token is stepped once across the whole
 * deployment, restarts included. On Redis each id is one key written with `SET key 1 NX EXAT
 * <token expiry>` (set only if absent, gone when the token could no longer be stepped anyway):
 * one round trip, and Redis decides atomically which of two racing replicas claimed it first.
 */
export interface SharedReplayStore {
  /** Marks `id` (a token expiring at `expiresAt`, seconds since the epoch) spent; says whether it was new. */
  claim(id: string, expiresAt: number): Promise<'fresh' | 'replayed'>;
  close(): void;
}

const KEY_PREFIX = 'verilab:spent:';

export class RedisReplayStore implements SharedReplayStore {
  private readonly connection: RedisConnection;

  /** `connection`: the server's one connection to its Redis (see shared-redis.ts), which `close` ends. */
  constructor(connection: RedisConnection) {
    this.connection = connection;
  }

  async claim(id: string, expiresAt: number): Promise<'fresh' | 'replayed'> {
    const reply = await this.connection.command(['SET', KEY_PREFIX + id, '1', 'NX', 'EXAT', String(Math.ceil(expiresAt))]);
    if (reply === 'OK') return 'fresh';
    if (reply === null) return 'replayed';
    throw new Error(`unexpected Redis reply to SET NX: ${JSON.stringify(reply)}`);
  }

  close(): void {
    this.connection.close();
  }
}
