import type { Level, LevelPhysics } from '@verilab/qubit-medic';

/**
 * TEST SUPPORT: physics whose decoder is slow on purpose (a busy-wait, like a long synchronous
 * computation), to exercise the server's per-step time budget.
 */
export function slowPhysics(physics: (level: Level) => LevelPhysics, delayMs: number): (level: Level) => LevelPhysics {
  return (level) => {
    const inner = physics(level);
    return {
      ...inner,
      sample: (seed) => inner.sample(seed),
      decode(syndromeBits) {
        const until = performance.now() + delayMs;
        while (performance.now() < until) {
          // Busy-wait: the event loop is blocked, as it would be by slow physics.
        }
        return inner.decode(syndromeBits);
      },
    };
  };
}
