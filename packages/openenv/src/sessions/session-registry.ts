import { randomUUID } from 'node:crypto';

/**
 * The server's session slots: WebSocket connections and HTTP MCP sessions
 * (`openenv/session/create`) count against one cap, as in OpenEnv (openenv.md §2,
 * "Concurrency"); stateless HTTP episodes do not. Idle sessions are swept: their `close`
 * callback ends them (closing the socket), so abandoned clients free their slots.
 */
export type Acquired =
  | { readonly ok: true; readonly id: string }
  | { readonly ok: false; readonly message: string; readonly active: number; readonly max: number };

/** Ends a session, e.g. closes its socket; `reason` says why ("idle timeout", "server shutting down"). */
export type CloseSession = (reason: string) => void;

interface Entry {
  lastActive: number;
  readonly close: CloseSession;
}

export class SessionRegistry {
  readonly max: number;
  readonly idleMs: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, Entry>();

  constructor(options: { max: number; idleMs: number; now?: () => number }) {
    this.max = options.max;
    this.idleMs = options.idleMs;
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
    this.entries.set(id, { lastActive: this.now(), close });
    return { ok: true, id };
  }

  touch(id: string): void {
    const entry = this.entries.get(id);
    if (entry !== undefined) entry.lastActive = this.now();
  }

  release(id: string): void {
    this.entries.delete(id);
  }

  /** Ends every session idle for longer than `idleMs`; returns how many. */
  sweep(): number {
    const cutoff = this.now() - this.idleMs;
    let swept = 0;
    for (const [id, entry] of this.entries) {
      if (entry.lastActive >= cutoff) continue;
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
