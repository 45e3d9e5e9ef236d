import { describe, expect, it } from 'vitest';
import { LlmCallGate } from './llm-call-gate.ts';

describe('LlmCallGate', () => {
  it('caps calls in flight over every key, and calls per key in all', () => {
    const gate = new LlmCallGate({ maxInFlight: 2, perKey: 2, maxKeys: 2 });
    const a1 = gate.take('a');
    const b1 = gate.take('b');
    expect(gate.take('c')).toMatchObject({ ok: false, status: 503 });
    if (a1.ok) a1.release();
    if (a1.ok) a1.release(); // a second release frees nothing
    const a2 = gate.take('a');
    expect(a2.ok).toBe(true);
    expect(gate.take('c')).toMatchObject({ ok: false, status: 503 });
    if (a2.ok) a2.release();
    expect(gate.take('a')).toMatchObject({ ok: false, status: 429, message: 'this episode has had its 2 model calls' });
    if (b1.ok) b1.release();
    // Past maxKeys the oldest count is forgotten.
    for (const key of ['c', 'd']) {
      const ticket = gate.take(key);
      if (ticket.ok) ticket.release();
    }
    expect(gate.take('a').ok).toBe(true);
  });

  it("caps calls with the server's own key per minute, whoever makes them", () => {
    let now = 0;
    const gate = new LlmCallGate({ maxInFlight: 10, perKey: 10, serverKeyPerMinute: 2, now: () => now });
    for (const key of ['a', 'b']) {
      const ticket = gate.take(key, true);
      if (ticket.ok) ticket.release();
    }
    expect(gate.take('c', true)).toMatchObject({ ok: false, status: 429, message: expect.stringContaining('retry in 60 s, or name your own endpoint and key') });
    expect(gate.take('c', false).ok).toBe(true);
    now = 60_001;
    expect(gate.take('d', true).ok).toBe(true);
  });
});
