/**
 * Server-wide limits on model calls made on a client's behalf: how many may be in flight at once
 * over the whole server (each holds a socket and waits up to the call timeout), how many one
 * key — an episode token — may make in all, and how many per minute may use the operator's own
 * API key, whoever asks, so reaching the server is not a licence to spend the operator's model
 * budget without end. The per-key counts are kept for the `maxKeys` most recent keys; an older
 * key's count is forgotten, which bounds memory.
 */
import { minuteWindowWait } from './minute-window.ts';

export type GateTicket = { readonly ok: true; release(): void } | { readonly ok: false; readonly status: 429 | 503; readonly message: string };

export class LlmCallGate {
  readonly maxInFlight: number;
  readonly perKey: number;
  readonly serverKeyPerMinute: number;
  private readonly maxKeys: number;
  private readonly now: () => number;
  private inFlight = 0;
  private readonly counts = new Map<string, number>();
  /** When the calls with the server's key in the last minute started, oldest first. */
  private readonly serverKeyCalls: number[] = [];

  constructor(options: { maxInFlight: number; perKey: number; serverKeyPerMinute?: number; maxKeys?: number; now?: () => number }) {
    this.maxInFlight = options.maxInFlight;
    this.perKey = options.perKey;
    this.serverKeyPerMinute = options.serverKeyPerMinute ?? Number.POSITIVE_INFINITY;
    this.maxKeys = options.maxKeys ?? 100_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * A call slot, counted against `key`'s budget when there is one (a session limited otherwise
   * passes none), and against the per-minute budget of the server's key when it is used.
   */
  take(key: string | undefined, serverKey = false): GateTicket {
    if (this.inFlight >= this.maxInFlight) return { ok: false, status: 503, message: `the server is already waiting on ${this.inFlight} model calls; retry shortly` };
    if (serverKey) {
      const retry = minuteWindowWait(this.serverKeyCalls, this.serverKeyPerMinute, this.now());
      if (retry !== undefined) {
        return { ok: false, status: 429, message: `the server's own model key has made ${this.serverKeyPerMinute} calls in the last minute; retry in ${retry} s, or name your own endpoint and key` };
      }
    }
    if (key !== undefined) {
      const used = this.counts.get(key) ?? 0;
      if (used >= this.perKey) return { ok: false, status: 429, message: `this episode has had its ${this.perKey} model calls` };
      this.counts.delete(key);
      this.counts.set(key, used + 1);
      if (this.counts.size > this.maxKeys) this.counts.delete(this.counts.keys().next().value as string);
    }
    if (serverKey) this.serverKeyCalls.push(this.now());
    this.inFlight++;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight--;
      },
    };
  }
}
