import type { Rng } from '@verilab/core';

/** A uniform draw from [low, high). */
export function uniform(rng: Rng, low: number, high: number): number {
  return low + (high - low) * rng.nextDouble();
}

/**
 * Fills `out` with independent standard normal draws, Box–Muller (Box & Muller 1958) on pairs
 * of uniforms: deterministic for a given Rng state on every engine, which the seeded episodes
 * rely on. 1 − u keeps the logarithm's argument in (0, 1].
 */
export function fillStandardNormal(rng: Rng, out: Float64Array): void {
  for (let i = 0; i < out.length; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - rng.nextDouble()));
    const angle = 2 * Math.PI * rng.nextDouble();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < out.length) out[i + 1] = radius * Math.sin(angle);
  }
}
