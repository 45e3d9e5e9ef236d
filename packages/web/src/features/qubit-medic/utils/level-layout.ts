import { ok, type Result } from '@verilab/core';
import { generateRotatedSurfaceCode, noiseProfile } from '@verilab/qec';
import { extractLayout, resolveLevel, type CodeLayout, type Level } from '@verilab/qubit-medic';

/**
 * The layout of a level, computed in the browser from the same pure packages the server uses
 * (the level's Stim circuit, then `extractLayout`), so data-qubit ids, stabilisers and the
 * detector order are the server's. Built once per level name.
 */
export interface LevelLayout {
  readonly level: Level;
  readonly layout: CodeLayout;
}

const cache = new Map<string, Result<LevelLayout>>();

/** The level `name` and its layout, or `resolveLevel`'s issue when the name names no level. */
export function levelLayout(name: string): Result<LevelLayout> {
  let entry = cache.get(name);
  if (entry === undefined) {
    entry = build(name);
    cache.set(name, entry);
  }
  return entry;
}

function build(name: string): Result<LevelLayout> {
  const resolved = resolveLevel(name);
  if (!resolved.ok) return resolved;
  const level = resolved.value;
  const circuit = generateRotatedSurfaceCode({
    basis: level.basis,
    distance: level.distance,
    rounds: level.rounds,
    noise: noiseProfile(level.noise, level.p),
  });
  return ok({ level, layout: extractLayout(circuit) });
}
