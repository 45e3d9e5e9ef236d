/**
 * Server-wide limits on model calls made on a client's behalf: how many may be in flight at once
 * over the whole server (each holds a socket and waits up to the call timeout), and how many one
 * key — an episode token — may make in all, so reaching the server is not a licence to spend the
 * operator's model budget without end. The per-key counts are kept for the `maxKeys` most recent
 * keys; an older key's count is forgotten, which bounds memory.
 */
export type GateTicket = { readonly ok: true; release(): void } | { readonly ok: false; readonly status: 429 | 503; readonly message: string };

export class LlmCallGate {
  readonly maxInFlight: number;
  readonly perKey: number;
  private readonly maxKeys: number;
  private inFlight = 0;
  private readonly counts = new Map<string, number>();

  constructor(options: { maxInFlight: number; perKey: number; maxKeys?: number }) {
    this.maxInFlight = options.maxInFlight;
    this.perKey = options.perKey;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /** A call slot, counted against `key`'s budget when there is one (a session limited otherwise passes none). */
  take(key?: string): GateTicket {
    if (this.inFlight >= this.maxInFlight) return { ok: false, status: 503, message: `the server is already waiting on ${this.inFlight} model calls; retry shortly` };
    if (key !== undefined) {
      const used = this.counts.get(key) ?? 0;
      if (used >= this.perKey) return { ok: false, status: 429, message: `this episode has had its ${this.perKey} model calls` };
      this.counts.delete(key);
      this.counts.set(key, used + 1);
      if (this.counts.size > this.maxKeys) this.counts.delete(this.counts.keys().next().value as string);
    }
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
