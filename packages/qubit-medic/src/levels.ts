/**
 * Difficulty levels: the original curriculum (docs/original-qubit-medic.md#levels) plus custom levels named by their
 * parameters, e.g. `custom:d=7,r=7,p=0.003,noise=uniform,basis=X`, so a reset body or a config
 * file can ask for any (distance, rounds, p, noise profile, basis).
 */
import { err, formatIssues, ok, type Result } from '@verilab/core';
import { isNoiseProfileName, NOISE_PROFILE_NAMES, type NoiseProfileName } from '@verilab/qec';

export interface Level {
  readonly name: string;
  readonly distance: number;
  readonly rounds: number;
  readonly p: number;
  readonly noise: NoiseProfileName;
  readonly basis: 'Z' | 'X';
  /** Moving-mean logical correction needed to move past this level (curriculum only). */
  readonly promotionThreshold?: number;
  /** Evaluation only: the curriculum never samples it. */
  readonly evalOnly: boolean;
}

const curriculumLevel = (
  name: string,
  distance: number,
  rounds: number,
  p: number,
  promotionThreshold: number,
  evalOnly = false,
): Level => ({ name, distance, rounds, p, noise: 'si1000-like', basis: 'Z', promotionThreshold, evalOnly });

export const CURRICULUM: readonly Level[] = [
  curriculumLevel('L1_warmup', 3, 1, 0.0005, 0.8),
  curriculumLevel('L2_target', 3, 3, 0.001, 0.7),
  curriculumLevel('L3_stretch', 5, 5, 0.001, 0.3),
  curriculumLevel('L4_stress', 5, 5, 0.005, 0.2, true),
];

export const PRIMARY_LEVEL = 'L2_target';

/**
 * Bounds that keep one level's physics buildable. The cost is in detectors: a level's circuit,
 * error model and decoder grow with them (about 44 KiB of memory per detector once built, and
 * seconds of build time per thousand on one core), so past 8192 a single build takes minutes
 * and hundreds of MiB. Noise strengths below `minP` give edge weights past the decoder's integer
 * range (a subnormal p has no finite weight), and p = 0 leaves no matching graph at all, so a
 * syndrome with any detection event could not be decoded.
 */
export const LEVEL_LIMITS = { minDistance: 2, maxDistance: 25, minRounds: 1, maxRounds: 100, maxDetectors: 8192, minP: 1e-12, maxP: 0.1 } as const;

/** Detectors of the rotated memory circuit: d² − 1 stabilisers per round (half of them in the first and last). */
export function levelDetectors(level: Pick<Level, 'distance' | 'rounds'>): number {
  return (level.distance * level.distance - 1) * level.rounds;
}

/**
 * The level a name stands for. Its one issue has an empty path: the name is the whole input, so
 * `formatIssues` renders the bare message and each caller places it (a reset body's `level`, a
 * CLI flag, a config key) in its own words.
 */
export function resolveLevel(name: string): Result<Level> {
  const known = CURRICULUM.find((level) => level.name === name);
  if (known !== undefined) return ok(known);
  if (name.startsWith('custom:')) return parseCustomLevel(name);
  return levelIssue(
    `unknown level ${quoted(name)}; known levels: ${CURRICULUM.map((l) => l.name).join(', ')}, or custom:d=D,r=R,p=P[,noise=si1000-like|uniform][,basis=Z|X]`,
  );
}

/** Every refusal shares the code 'unknown-level': a malformed custom name names no level either. */
const levelIssue = (message: string) => err([{ code: 'unknown-level', path: [], message }]);

/** The level of a name the caller knows is valid (a constant, a spec's level); throws if it is not. */
export function levelNamed(name: string): Level {
  const resolved = resolveLevel(name);
  if (!resolved.ok) throw new RangeError(formatIssues(resolved.issues));
  return resolved.value;
}

export function customLevelName(options: {
  distance: number;
  rounds: number;
  p: number;
  noise?: NoiseProfileName;
  basis?: 'Z' | 'X';
}): string {
  return `custom:d=${options.distance},r=${options.rounds},p=${options.p},noise=${options.noise ?? 'si1000-like'},basis=${options.basis ?? 'Z'}`;
}

/** A level name as messages quote it: a client's name may be any length, so only its start. */
function quoted(name: string): string {
  return JSON.stringify(name.length <= 100 ? name : `${name.slice(0, 100)}…`);
}

function parseCustomLevel(name: string): Result<Level> {
  const fields = new Map<string, string>();
  for (const part of name.slice('custom:'.length).split(',')) {
    const [key, value, ...rest] = part.split('=');
    if (key === undefined || value === undefined || rest.length > 0 || key === '') {
      return levelIssue(`level ${quoted(name)}: ${quoted(part)} is not key=value`);
    }
    fields.set(key.trim(), value.trim());
  }
  const unknown = [...fields.keys()].filter((key) => !['d', 'r', 'p', 'noise', 'basis'].includes(key));
  if (unknown.length > 0) return levelIssue(`level ${quoted(name)}: unknown field ${quoted(unknown[0] ?? '')}`);
  const integer = (key: string, min: number, max: number) => {
    const value = Number(fields.get(key));
    return Number.isInteger(value) && value >= min && value <= max ? value : undefined;
  };
  const distance = integer('d', LEVEL_LIMITS.minDistance, LEVEL_LIMITS.maxDistance);
  if (distance === undefined) return levelIssue(`level ${quoted(name)}: d must be an integer from ${LEVEL_LIMITS.minDistance} to ${LEVEL_LIMITS.maxDistance}`);
  const rounds = integer('r', LEVEL_LIMITS.minRounds, LEVEL_LIMITS.maxRounds);
  if (rounds === undefined) return levelIssue(`level ${quoted(name)}: r must be an integer from ${LEVEL_LIMITS.minRounds} to ${LEVEL_LIMITS.maxRounds}`);
  const detectors = levelDetectors({ distance, rounds });
  if (detectors > LEVEL_LIMITS.maxDetectors) {
    return levelIssue(`level ${quoted(name)}: d=${distance}, r=${rounds} has ${detectors} detectors; at most ${LEVEL_LIMITS.maxDetectors} are supported`);
  }
  const p = Number(fields.get('p'));
  if (!fields.has('p') || !(p >= LEVEL_LIMITS.minP && p <= LEVEL_LIMITS.maxP)) {
    return levelIssue(`level ${quoted(name)}: p must be a number from ${LEVEL_LIMITS.minP} to ${LEVEL_LIMITS.maxP}`);
  }
  const noise = fields.get('noise') ?? 'si1000-like';
  if (!isNoiseProfileName(noise)) {
    return levelIssue(`level ${quoted(name)}: noise must be one of ${NOISE_PROFILE_NAMES.join(', ')}`);
  }
  const basis = fields.get('basis') ?? 'Z';
  if (basis !== 'Z' && basis !== 'X') return levelIssue(`level ${quoted(name)}: basis must be Z or X`);
  return ok({ name: customLevelName({ distance, rounds, p, noise, basis }), distance, rounds, p, noise, basis, evalOnly: true });
}
