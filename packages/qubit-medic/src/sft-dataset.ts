import { Xoshiro128, type Rng } from '@verilab/qec';
import type { LevelPhysics } from './level-physics.ts';
import type { Level } from './levels.ts';
import { uniformInt } from './policies.ts';
import { sha256Hex } from './sha256.ts';
import { sftRow, type SftRow, type SftRowOptions } from './sft-rows.ts';

/**
 * An SFT dataset (spec §8.2) without the original's flaws (weakness 19): every row is an
 * episode (level, seed) that `reset` regenerates; no two rows share a prompt unless duplicates
 * are allowed; and the train/val/test splits are disjoint by syndrome — all rows with the same
 * syndrome bits at the same level land in the same split.
 *
 * Rows per level follow the mix (largest remainders).
 * Within a level, `nonEmpty` fixes the exact share of rows whose target is non-empty (the
 * original's floors: exactly round(rows · share)). Candidates are episodes with seeds drawn from
 * a stream of the generator seed, scanned in order; a candidate is taken while its class
 * (non-empty or empty target) still has room and, unless duplicates are allowed, its syndrome
 * is new. A level has few distinct syndromes when it has few detectors (L1 has 8, so at most
 * 256 and about 100 in practice): when `maxDraws` candidates leave it short, it keeps what it
 * found (in the required non-empty share) and its missing rows go to the other levels in
 * proportion to their shares. The report says so, level by level.
 *
 * Everything is a deterministic function of the options, the generator seed included.
 */
export interface LevelShare {
  readonly level: Level;
  readonly share: number;
}

export interface SplitShare {
  readonly name: string;
  readonly share: number;
}

export interface SftDatasetOptions {
  readonly n: number;
  readonly mix: readonly LevelShare[];
  /** Exact share of rows with a non-empty target, per level name (absent: whatever comes). */
  readonly nonEmpty: ReadonlyMap<string, number>;
  readonly splits: readonly SplitShare[];
  readonly allowDuplicates: boolean;
  readonly seed: number;
  /** Candidate episodes examined per level at most. */
  readonly maxDraws: number;
  readonly row: SftRowOptions;
}

export interface LevelReport {
  readonly requested: number;
  readonly rows: number;
  readonly non_empty: number;
  readonly draws: number;
  /** The level ran out of candidates (see the module comment). */
  readonly exhausted: boolean;
}

export interface SftDataset {
  readonly splits: readonly { readonly name: string; readonly rows: readonly SftRow[] }[];
  readonly levels: Readonly<Record<string, LevelReport>>;
  readonly warnings: readonly string[];
}

/** Episode seeds of datasets lie in [2^31, 2^32): clear of evaluation's default seeds (0…, 10000…). */
export const SFT_SEED_BASE = 0x8000_0000;
export const DEFAULT_MAX_DRAWS = 200_000;

export function generateSftDataset(
  physicsOf: (level: Level) => LevelPhysics,
  options: SftDatasetOptions,
  onDraw: (draws: number) => void = () => undefined,
): SftDataset {
  const streams = options.mix.map(({ level }) => new CandidateStream(physicsOf(level), options, onDraw));
  const shares = options.mix.map((m) => m.share);
  const quota = apportion(options.n, shares);
  const requested = [...quota];
  const fixed = options.mix.map(() => false);
  const warnings: string[] = [];
  for (;;) {
    let deficit = 0;
    streams.forEach((stream, l) => {
      if (fixed[l] || stream.fill(quota[l] as number)) return;
      const achieved = stream.achievable(quota[l] as number);
      deficit += (quota[l] as number) - achieved;
      quota[l] = achieved;
      fixed[l] = true;
    });
    if (deficit === 0) break;
    const open = shares.map((share, l) => (fixed[l] ? 0 : share));
    if (open.every((share) => share === 0)) {
      warnings.push(`every level ran out of distinct candidates: the dataset has ${options.n - deficit} rows, not ${options.n}`);
      break;
    }
    apportion(deficit, open).forEach((extra, l) => {
      quota[l] = (quota[l] as number) + extra;
    });
  }

  const seenPrompts = new Set<string>();
  const levels: Record<string, LevelReport> = {};
  const bySplit = new Map<string, SftRow[]>(options.splits.map((s) => [s.name, []]));
  streams.forEach((stream, l) => {
    const name = stream.physics.level.name;
    const chosen = stream.select(quota[l] as number);
    let rows = 0;
    let nonEmpty = 0;
    for (const [split, seeds] of assignSplits(chosen, options, name)) {
      for (const seed of seeds) {
        const row = sftRow(stream.physics, seed, options.row);
        // Distinct syndromes can still share a prompt across two names for one physics.
        if (!options.allowDuplicates && seenPrompts.has(row.prompt)) continue;
        seenPrompts.add(row.prompt);
        bySplit.get(split)?.push(row);
        rows++;
        if (row.had_errors) nonEmpty++;
      }
    }
    if (rows < (requested[l] as number)) {
      warnings.push(`${name}: ${rows} rows instead of ${requested[l]} (${stream.draws} candidates gave too few distinct syndromes${options.nonEmpty.has(name) ? ' of the required kind' : ''})`);
    } else if (rows > (requested[l] as number)) {
      warnings.push(`${name}: ${rows} rows instead of ${requested[l]}, to make up for levels that ran short`);
    }
    levels[name] = { requested: requested[l] as number, rows, non_empty: nonEmpty, draws: stream.draws, exhausted: fixed[l] === true };
  });
  const shuffle = streamRng(options.seed, 'order');
  return {
    splits: options.splits.map((s) => ({ name: s.name, rows: shuffled(bySplit.get(s.name) ?? [], shuffle) })),
    levels,
    warnings,
  };
}

/** One level's candidate episodes in draw order, classified by target, distinct unless allowed. */
class CandidateStream {
  readonly physics: LevelPhysics;
  draws = 0;
  private readonly candidates: { seed: number; key: string; nonEmpty: boolean }[] = [];
  private readonly seen = new Set<string>();
  private readonly rng: Rng;
  private readonly share: number | undefined;
  private readonly options: SftDatasetOptions;
  private readonly onDraw: (draws: number) => void;
  private counts = { nonEmpty: 0, empty: 0 };

  constructor(physics: LevelPhysics, options: SftDatasetOptions, onDraw: (draws: number) => void) {
    this.physics = physics;
    this.options = options;
    this.onDraw = onDraw;
    this.share = options.nonEmpty.get(physics.level.name);
    this.rng = streamRng(options.seed, `candidates:${physics.level.name}`);
  }

  /** Draws until `rows` rows fit the class split; false if `maxDraws` ran out first. */
  fill(rows: number): boolean {
    const need = this.split(rows);
    while (this.counts.nonEmpty < need.nonEmpty || this.counts.empty < need.empty || this.candidates.length < rows) {
      if (this.draws >= this.options.maxDraws) return false;
      this.draw();
    }
    return true;
  }

  /** The most rows (≤ rows) the candidates found so far can give in the required class split. */
  achievable(rows: number): number {
    for (let r = rows; r > 0; r--) {
      const need = this.split(r);
      if (need.nonEmpty <= this.counts.nonEmpty && need.empty <= this.counts.empty && r <= this.candidates.length) return r;
    }
    return 0;
  }

  /** The first candidates of each class, in draw order: the rows of the level. */
  select(rows: number): { seed: number; key: string }[] {
    const need = this.split(rows);
    const taken = { nonEmpty: 0, empty: 0 };
    const chosen: { seed: number; key: string }[] = [];
    for (const c of this.candidates) {
      if (chosen.length === rows) break;
      if (this.share !== undefined) {
        const cls = c.nonEmpty ? 'nonEmpty' : 'empty';
        if (taken[cls] >= need[cls]) continue;
        taken[cls]++;
      }
      chosen.push(c);
    }
    return chosen;
  }

  private split(rows: number): { nonEmpty: number; empty: number } {
    if (this.share === undefined) return { nonEmpty: 0, empty: 0 };
    const nonEmpty = Math.round(rows * this.share);
    return { nonEmpty, empty: rows - nonEmpty };
  }

  private draw(): void {
    const seed = SFT_SEED_BASE + (this.rng.nextUint32() >>> 1);
    this.draws++;
    if ((this.draws & 0xfff) === 0) this.onDraw(4096);
    const shot = this.physics.sample(seed);
    const key = shot.syndromeBits.join('');
    if (!this.options.allowDuplicates) {
      if (this.seen.has(key)) return;
      this.seen.add(key);
    }
    const target = this.options.row.target === 'true' ? shot.trueFrame : this.physics.decode(shot.syndromeBits).frame;
    const nonEmpty = target.x.length + target.z.length > 0;
    this.candidates.push({ seed, key, nonEmpty });
    if (nonEmpty) this.counts.nonEmpty++;
    else this.counts.empty++;
  }
}

/**
 * Splits a level's rows so that rows with the same syndrome share a split: syndrome groups, in
 * a seeded random order and then largest first, each go to the split furthest below its share.
 */
function assignSplits(chosen: readonly { seed: number; key: string }[], options: SftDatasetOptions, level: string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (const { seed, key } of chosen) {
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [seed]);
    else group.push(seed);
  }
  const ordered = shuffled([...groups.values()], streamRng(options.seed, `split:${level}`)).sort((a, b) => b.length - a.length);
  const result = new Map<string, number[]>(options.splits.map((s) => [s.name, []]));
  const assigned = options.splits.map(() => 0);
  for (const group of ordered) {
    let best = 0;
    let bestDeficit = -Infinity;
    options.splits.forEach((split, s) => {
      const deficit = split.share * chosen.length - (assigned[s] as number);
      if (deficit > bestDeficit) {
        best = s;
        bestDeficit = deficit;
      }
    });
    assigned[best] = (assigned[best] as number) + group.length;
    result.get(options.splits[best]?.name ?? '')?.push(...group);
  }
  return result;
}

/**
 * Splits `total` in proportion to `shares` by largest remainders (Hamilton's method): floors
 * first, then one more to the largest fractional parts (ties to the larger share, then the
 * earlier one). 3000 at 0.4 / 0.5 / 0.1 gives the original's 1200 / 1500 / 300.
 */
export function apportion(total: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  if (sum <= 0) return shares.map(() => 0);
  const exact = shares.map((share) => (total * share) / sum);
  const counts = exact.map(Math.floor);
  const order = exact
    .map((value, i) => ({ i, fraction: value - Math.floor(value), share: shares[i] as number }))
    .sort((a, b) => b.fraction - a.fraction || b.share - a.share || a.i - b.i);
  let left = total - counts.reduce((a, b) => a + b, 0);
  for (const { i } of order) {
    if (left <= 0) break;
    counts[i] = (counts[i] as number) + 1;
    left--;
  }
  return counts;
}

/** An independent stream per purpose, from the generator seed. */
function streamRng(seed: number, purpose: string): Rng {
  return Xoshiro128.fromSeed(Number.parseInt(sha256Hex(`qubit-medic-sft:${purpose}:${seed}`).slice(0, 8), 16));
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = uniformInt(rng, 0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
