import { randomUUID } from 'node:crypto';

/**
 * A pool of session slots with a cap, as in OpenEnv (docs/wire-contract.md#concurrency). The server
 * keeps two: WebSocket connections in one, HTTP MCP sessions (`openenv/session/create`) in
 * another, so a client creating sessions over plain HTTP cannot lock out the sockets. Idle
 * sessions are swept: their `close` callback ends them (closing the socket), so abandoned
 * clients free their slots. A session never used since it was created is swept after
 * `unusedIdleMs`, sooner than a used one: creating sessions is cheap, holding them should not be.
 */
export type Acquired =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly message: string; readonly active: number; readonly max: number };

/** Ends a session, e.g. closes its socket; `reason` says why ("idle timeout", "server shutting down"). */
export type CloseSession = (reason: string) => void;

interface Entry {
  lastActive: number;
  used: boolean;
  readonly close: CloseSession;
}

export class SessionRegistry {
  readonly max: number;
  readonly idleMs: number;
  readonly unusedIdleMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();

  constructor(options: { max: number; idleMs: number; unusedIdleMs?: number; now?: () => number }) {
    this.max = options.max;
    this.idleMs = options.idleMs;
    this.unusedIdleMs = Math.min(options.unusedIdleMs ?? options.idleMs, options.idleMs);
    this.now = options.now ?? Date.now;
  }

  get active(): number {
    return this.entries.size;
  }

  acquire(close: CloseSession): Acquired {
    if (this.entries.size >= this.max) {
      return {
        ok: false,
        // OpenEnv's SessionCapacityError text, which clients show to users.
        message: `Server at capacity: ${this.entries.size}/${this.max} sessions active. Cannot accept new connections.`,
        active: this.entries.size,
        max: this.max,
      };
    }
    const id = randomUUID();
    this.entries.set(id, { lastActive: this.now(), used: false, close });
    return { ok: true, id };
  }

  touch(id: string): void {
    const entry = this.entries.get(id);
    if (entry === undefined) return;
    entry.lastActive = this.now();
    entry.used = true;
  }

  release(id: string): void {
    this.entries.delete(id);
  }

  /** Ends every session idle for longer than `idleMs` (`unusedIdleMs` if never used); returns how many. */
  sweep(): number {
    const now = this.now();
    let swept = 0;
    for (const [id, entry] of this.entries) {
      if (entry.lastActive >= now - (entry.used ? this.idleMs : this.unusedIdleMs)) continue;
      this.entries.delete(id);
      entry.close('idle timeout');
      swept++;
    }
    return swept;
  }

  /** Ends every session (server shutdown). */
  closeAll(): void {
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const entry of entries) entry.close('server shutting down');
  }
}
