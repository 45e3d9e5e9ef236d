import { CURRICULUM, levelTableBytes, type Level, type LevelPhysics } from '@verilab/qubit-medic';

/**
 * The server's physics cache: curriculum levels are kept for the process's life, custom levels
 * (which any client can name, with any p) in a least-recently-used set bounded in bytes — the
 * decoder's all-pairs table, 16·n² bytes for n detectors, is what a level costs — so a stream of
 * distinct custom levels cannot grow memory past `customBudgetBytes`. The level just built is
 * always kept, even alone over the budget: the level limit bounds it.
 */
export function boundedPhysicsCache(build: (level: Level) => LevelPhysics, customBudgetBytes: number): (level: Level) => LevelPhysics {
  const curriculum = new Set(CURRICULUM.map((level) => level.name));
  const pinned = new Map<string, LevelPhysics>();
  const recent = new Map<string, LevelPhysics>();
  let recentBytes = 0;
  return (level) => {
    if (curriculum.has(level.name)) {
      let physics = pinned.get(level.name);
      if (physics === undefined) {
        physics = build(level);
        pinned.set(level.name, physics);
      }
      return physics;
    }
    let physics = recent.get(level.name);
    if (physics === undefined) {
      const bytes = levelTableBytes(level);
      for (const [name, old] of recent) {
        if (recentBytes + bytes <= customBudgetBytes) break;
        recent.delete(name);
        recentBytes -= levelTableBytes(old.level);
      }
      physics = build(level);
      recentBytes += bytes;
    } else {
      recent.delete(level.name);
    }
    recent.set(level.name, physics);
    return physics;
  };
}
