import type { SystemInstance } from './instance.ts';

/** Instances whose values are kept: episodes step one instance many times in a row. */
const CAPACITY = 64;

/**
 * `compute`, a pure function of (system, seed), memoised for the last CAPACITY instances (the
 * oldest dropped first): what the scoring derives from an instance's hidden truth is asked for
 * on every turn of its episode, and costs integrations at near machine precision.
 */
export function memoisedPerInstance<T>(compute: (instance: SystemInstance) => T): (instance: SystemInstance) => T {
  const cache = new Map<string, T>();
  return (instance) => {
    const key = `${instance.system.id}:${instance.seed}`;
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(instance);
      if (cache.size >= CAPACITY) cache.delete(cache.keys().next().value!);
      cache.set(key, value);
    }
    return value;
  };
}
