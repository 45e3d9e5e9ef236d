import { CURRICULUM, type Level, type LevelPhysics } from '@verilab/qubit-medic';

/**
 * The server's physics cache: curriculum levels are kept for the process's life, custom levels
 * (which any client can name, with any p) in a small least-recently-used set, so a stream of
 * distinct custom levels cannot grow memory without bound.
 */
export function boundedPhysicsCache(build: (level: Level) => LevelPhysics, customCapacity: number): (level: Level) => LevelPhysics {
  const curriculum = new Set(CURRICULUM.map((level) => level.name));
  const pinned = new Map<string, LevelPhysics>();
  const recent = new Map<string, LevelPhysics>();
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
      physics = build(level);
      if (recent.size >= customCapacity) recent.delete(recent.keys().next().value as string);
    } else {
      recent.delete(level.name);
    }
    recent.set(level.name, physics);
    return physics;
  };
}
