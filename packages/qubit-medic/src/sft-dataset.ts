import { sha256Hex, Xoshiro128, type Rng } from '@verilab/core';
import type { LevelPhysics } from './level-physics.ts';
import type { Level } from './levels.ts';
import { uniformInt } from './policies.ts';
import { sftRow, type SftRow, type SftRowOptions } from './sft-rows.ts';

/**
 * An SFT dataset without the original generator's flaws (its rows were 81% duplicates and its
 * splits shared syndromes): every row is an episode (level, seed) that `reset` regenerates, and
 * the train/val/test splits are disjoint by syndrome — all rows with the same syndrome bits at
 * the same level land in the same split.
 *
 * Rows per level follow the mix exactly (largest remainders), or generation fails with a
 * `SftQuotaError` saying what each level can give: a level's share is never moved elsewhere.
 * Within a level, `nonEmpty` fixes the exact share of rows whose target is non-empty (exactly
 * round(rows · share)). Candidates are episodes with seeds drawn from a stream of the generator
 * seed, scanned in order; a candidate is taken while its class (non-empty or empty target) still
 * has room. Repeated syndromes follow `duplicates`:
 *
 * - `none`: every row has its own syndrome. A level with few detectors has few distinct
 *   syndromes (L1 has 8 detectors, so at most 256, about 100 within 200,000 draws): past that
 *   its quota is impossible.
 * - `proportional` (what the CLI uses by default): distinct syndromes first; a level that runs
 *   out within `maxDraws` candidates makes up its quota with repeats, shared among its
 *   syndromes in proportion to how often each was drawn (largest remainders), so no syndrome
 *   repeats beyond its share of the level's natural distribution, and levels with syndromes
 *   enough get none.
 * - `any`: candidates as they come, repeats included (the original's behaviour).
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

export type DuplicatePolicy = 'none' | 'proportional' | 'any';
export const DUPLICATE_POLICIES: readonly DuplicatePolicy[] = ['none', 'proportional', 'any'];

export interface SftDatasetOptions {
  readonly n: number;
  readonly mix: readonly LevelShare[];
  /** Exact share of rows with a non-empty target, per level name (absent: whatever comes). */
  readonly nonEmpty: ReadonlyMap<string, number>;
  readonly splits: readonly SplitShare[];
  readonly duplicates: DuplicatePolicy;
  readonly seed: number;
  /** Candidate episodes examined per level at most. */
  readonly maxDraws: number;
  readonly row: SftRowOptions;
}

export interface LevelReport {
  readonly requested: number;
  readonly rows: number;
  readonly nonEmpty: number;
  readonly distinctSyndromes: number;
  /** Rows whose syndrome an earlier row of the level already has. */
  readonly repeats: number;
  readonly draws: number;
  /** The level ran out of distinct syndromes within `maxDraws` candidates. */
  readonly exhausted: boolean;
}

export interface SftDataset {
  readonly splits: readonly { readonly name: string; readonly rows: readonly SftRow[] }[];
  readonly levels: Readonly<Record<string, LevelReport>>;
  readonly warnings: readonly string[];
}

export interface LevelShortfall {
  readonly level: string;
  readonly requested: number;
  /** The most rows the level's candidates can give under the options. */
  readonly achievable: number;
  readonly distinctSyndromes: number;
  readonly draws: number;
}

/** Some level cannot meet its quota: nothing is generated rather than a different mix. */
export class SftQuotaError extends Error {
  override readonly name = 'SftQuotaError';
  readonly shortfalls: readonly LevelShortfall[];

  constructor(shortfalls: readonly LevelShortfall[]) {
    super(
      `the level shares cannot be met: ${shortfalls
        .map((s) => `${s.level} can give ${s.achievable} of its ${s.requested} rows (${s.distinctSyndromes} distinct syndromes in ${s.draws} candidate episodes)`)
        .join('; ')}`,
    );
    this.shortfalls = shortfalls;
  }
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
  const quota = apportion(options.n, options.mix.map((m) => m.share));
  const shortfalls: LevelShortfall[] = [];
  streams.forEach((stream, l) => {
    const rows = quota[l] as number;
    if (stream.fill(rows) || (options.duplicates === 'proportional' && stream.topUp(rows))) return;
    shortfalls.push({
      level: stream.physics.level.name,
      requested: rows,
      achievable: stream.achievable(rows),
      distinctSyndromes: stream.distinctSyndromes,
      draws: stream.draws,
    });
  });
  if (shortfalls.length > 0) throw new SftQuotaError(shortfalls);

  const promptLevel = new Map<string, string>();
  const levels: Record<string, LevelReport> = {};
  const warnings: string[] = [];
  const bySplit = new Map<string, SftRow[]>(options.splits.map((s) => [s.name, []]));
  streams.forEach((stream, l) => {
    const name = stream.physics.level.name;
    const chosen = stream.select(quota[l] as number);
    let rows = 0;
    let nonEmpty = 0;
    const syndromes = new Set<string>();
    for (const [split, seeds] of assignSplits(chosen, options, name)) {
      for (const seed of seeds) {
        const row = sftRow(stream.physics, seed, options.row);
        // Two level names for one physics (a named level and its custom spelling) can share
        // prompts; only `any` lets them both keep one.
        const owner = promptLevel.get(row.prompt);
        if (options.duplicates !== 'any' && owner !== undefined && owner !== name) continue;
        promptLevel.set(row.prompt, name);
        bySplit.get(split)?.push(row);
        rows++;
        syndromes.add(row.syndromeBits.join(''));
        if (row.targetNonEmpty) nonEmpty++;
      }
    }
    if (rows < (quota[l] as number)) {
      warnings.push(`${name}: ${rows} rows instead of ${quota[l]}: the others' prompts belong to another level of the same physics`);
    }
    levels[name] = {
      requested: quota[l] as number,
      rows,
      nonEmpty,
      distinctSyndromes: syndromes.size,
      repeats: rows - syndromes.size,
      draws: stream.draws,
      exhausted: stream.exhausted,
    };
  });
  const shuffle = streamRng(options.seed, 'order');
  return {
    splits: options.splits.map((s) => ({ name: s.name, rows: shuffled(bySplit.get(s.name) ?? [], shuffle) })),
    levels,
    warnings,
  };
}

interface Candidate {
  readonly seed: number;
  readonly key: string;
  readonly nonEmpty: boolean;
}

/** One level's candidate episodes in draw order, classified by target, distinct unless allowed. */
class CandidateStream {
  readonly physics: LevelPhysics;
  draws = 0;
  exhausted = false;
  private readonly candidates: Candidate[] = [];
  /** Repeated draws of syndromes already among the candidates (`proportional` only), by syndrome. */
  private readonly repeats = new Map<string, Candidate[]>();
  /** How often each syndrome was drawn, by target class (`proportional` only). */
  private readonly drawCounts = new Map<string, { nonEmpty: number; empty: number }>();
  /** The target class of each syndrome's first candidate. */
  private readonly firstClass = new Map<string, boolean>();
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

  get distinctSyndromes(): number {
    return this.firstClass.size;
  }

  /** Draws until `rows` rows fit the class split; false if `maxDraws` ran out first. */
  fill(rows: number): boolean {
    const need = this.split(rows);
    while (this.counts.nonEmpty < need.nonEmpty || this.counts.empty < need.empty || this.candidates.length < rows) {
      if (this.draws >= this.options.maxDraws) {
        this.exhausted = true;
        return false;
      }
      this.draw();
    }
    return true;
  }

  /**
   * After `fill` ran out: makes up `rows` with repeated draws, each class's missing rows shared
   * among its syndromes in proportion to their draws; false if the repeats drawn are too few.
   */
  topUp(rows: number): boolean {
    if (this.share === undefined) return this.addRepeats(rows - this.candidates.length);
    const need = this.split(rows);
    return this.addRepeats(need.nonEmpty - this.counts.nonEmpty, 'nonEmpty') && this.addRepeats(need.empty - this.counts.empty, 'empty');
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
  select(rows: number): Candidate[] {
    const need = this.split(rows);
    const taken = { nonEmpty: 0, empty: 0 };
    const chosen: Candidate[] = [];
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

  /** Adds `missing` repeats of class `cls` (any class when undefined); false if too few were drawn. */
  private addRepeats(missing: number, cls?: 'nonEmpty' | 'empty'): boolean {
    const inClass = (c: Candidate) => cls === undefined || c.nonEmpty === (cls === 'nonEmpty');
    const pools = [...this.repeats].map(([key, repeats]) => {
      const drawn = this.drawCounts.get(key) ?? { nonEmpty: 0, empty: 0 };
      return { available: repeats.filter(inClass), weight: cls === undefined ? drawn.nonEmpty + drawn.empty : drawn[cls], taken: 0 };
    });
    let left = missing;
    while (left > 0) {
      const open = pools.filter((pool) => pool.taken < pool.available.length);
      if (open.length === 0) return false;
      apportion(left, open.map((pool) => pool.weight)).forEach((extra, k) => {
        const pool = open[k] as (typeof open)[number];
        const take = Math.min(extra, pool.available.length - pool.taken);
        for (const repeat of pool.available.slice(pool.taken, pool.taken + take)) this.accept(repeat);
        pool.taken += take;
        left -= take;
      });
    }
    return true;
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
    const first = this.firstClass.get(key);
    const truthTarget = this.options.row.target === 'true';
    // A syndrome's matching target is the same on every draw; its true error is not.
    const nonEmpty = truthTarget || first === undefined ? isNonEmpty(truthTarget ? shot.trueFrame : this.physics.decode(shot.syndromeBits).frame) : first;
    if (this.options.duplicates === 'proportional') {
      const drawn = this.drawCounts.get(key) ?? { nonEmpty: 0, empty: 0 };
      drawn[nonEmpty ? 'nonEmpty' : 'empty']++;
      this.drawCounts.set(key, drawn);
    }
    if (first !== undefined && this.options.duplicates !== 'any') {
      if (this.options.duplicates === 'none') return;
      const repeats = this.repeats.get(key) ?? [];
      // No level needs more repeats of one syndrome than the dataset has rows.
      if (repeats.length < this.options.n) repeats.push({ seed, key, nonEmpty });
      this.repeats.set(key, repeats);
      return;
    }
    if (first === undefined) this.firstClass.set(key, nonEmpty);
    this.accept({ seed, key, nonEmpty });
  }

  private accept(candidate: Candidate): void {
    this.candidates.push(candidate);
    if (candidate.nonEmpty) this.counts.nonEmpty++;
    else this.counts.empty++;
  }
}

const isNonEmpty = (frame: { readonly x: readonly unknown[]; readonly z: readonly unknown[] }) => frame.x.length + frame.z.length > 0;

/**
 * Splits a level's rows so that rows with the same syndrome share a split: syndrome groups, in
 * a seeded random order and then largest first, each go to the split furthest below its share.
 */
function assignSplits(chosen: readonly Candidate[], options: SftDatasetOptions, level: string): Map<string, number[]> {
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
