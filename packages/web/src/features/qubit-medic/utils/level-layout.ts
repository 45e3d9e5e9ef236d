import { generateRotatedSurfaceCode, noiseProfile } from '@verilab/qec';
import { extractLayout, resolveLevel, type CodeLayout, type Level } from '@verilab/qubit-medic';

/**
 * The layout of a level, computed in the browser from the same pure packages the server uses
 * (the level's Stim circuit, then `extractLayout`), so data-qubit ids, stabilisers and the
 * detector order are the server's. Built once per level name.
 */
export type LevelLayout = { readonly ok: true; readonly level: Level; readonly layout: CodeLayout } | { readonly ok: false; readonly message: string };

const cache = new Map<string, LevelLayout>();

export function levelLayout(name: string): LevelLayout {
  let entry = cache.get(name);
  if (entry === undefined) {
    entry = build(name);
    cache.set(name, entry);
  }
  return entry;
}

function build(name: string): LevelLayout {
  const resolved = resolveLevel(name);
  if (!resolved.ok) return { ok: false, message: resolved.issues.map((issue) => issue.message).join('; ') };
  const level = resolved.value;
  const circuit = generateRotatedSurfaceCode({
    basis: level.basis,
    distance: level.distance,
    rounds: level.rounds,
    noise: noiseProfile(level.noise, level.p),
  });
  return { ok: true, level, layout: extractLayout(circuit) };
}
