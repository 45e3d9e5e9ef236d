/** Random bytes on demand, e.g. node:crypto's `randomBytes` (passed in: this package reads no entropy). */
export type RandomBytes = (size: number) => Uint8Array;

/** Bytes a fresh seed is cut from: 56 bits, of which the top 3 are dropped. */
const SEED_BYTES = 7;

/**
 * A seed drawn uniformly from every safe integer's worth of seeds, [0, 2^53), for an episode or
 * a run whose seed nobody chose. Each of those seeds gives its own stream (Xoshiro128.fromSeed),
 * so guessing an unseeded episode's seed by trying them all would take 2^53 simulations.
 * node:crypto's `randomInt` cannot draw this range (its span is capped below 2^48), hence bytes.
 */
export function freshSeed(randomBytes: RandomBytes): number {
  const bytes = randomBytes(SEED_BYTES);
  if (bytes.length < SEED_BYTES) throw new Error(`a fresh seed needs ${SEED_BYTES} random bytes, got ${bytes.length}`);
  let seed = bytes[0]! & 0x1f;
  for (let i = 1; i < SEED_BYTES; i++) seed = seed * 256 + bytes[i]!;
  return seed;
}
