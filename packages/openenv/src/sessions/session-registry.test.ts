import { describe, expect, it } from 'vitest';
import { SessionRegistry } from './session-registry.ts';

describe('SessionRegistry', () => {
  it('caps sessions with OpenEnv’s capacity message and frees slots on release', () => {
    const registry = new SessionRegistry({ max: 2, idleMs: 1000 });
    const a = registry.acquire(() => {});
    const b = registry.acquire(() => {});
    expect(a.ok && b.ok).toBe(true);
    expect(registry.acquire(() => {})).toEqual({
      ok: false,
      message: 'Server at capacity: 2/2 sessions active. Cannot accept new connections.',
      active: 2,
      max: 2,
    });
    if (a.ok) registry.release(a.id);
    expect(registry.acquire(() => {}).ok).toBe(true);
  });

  it('ends sessions idle past the timeout, and only those', () => {
    let now = 0;
    const closed: string[] = [];
    const registry = new SessionRegistry({ max: 5, idleMs: 100, now: () => now });
    registry.acquire((reason) => closed.push(`idle: ${reason}`));
    const busy = registry.acquire((reason) => closed.push(`busy: ${reason}`));
    now = 80;
    if (busy.ok) registry.touch(busy.id);
    now = 150;
    expect(registry.sweep()).toBe(1);
    expect(closed).toEqual(['idle: idle timeout']);
    expect(registry.active).toBe(1);
    registry.closeAll();
    expect(closed).toEqual(['idle: idle timeout', 'busy: server shutting down']);
    expect(registry.active).toBe(0);
  });

  it('ends sessions never used since creation sooner, and creating more renews none', () => {
    let now = 0;
    const registry = new SessionRegistry({ max: 5, idleMs: 1000, unusedIdleMs: 100, now: () => now });
    const used = registry.acquire(() => {});
    registry.acquire(() => {});
    if (used.ok) registry.touch(used.id);
    now = 90;
    registry.acquire(() => {});
    now = 150;
    expect(registry.sweep()).toBe(1);
    now = 200;
    expect(registry.sweep()).toBe(1);
    expect(registry.active).toBe(1);
    now = 1100;
    expect(registry.sweep()).toBe(1);
  });
});
