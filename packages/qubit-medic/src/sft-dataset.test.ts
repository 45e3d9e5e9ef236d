import { unwrap } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { formatCompletion } from './answer-parser.ts';
import { QubitMedicEnvironment } from './environment.ts';
import { levelNamed } from './levels.ts';
import { createPhysicsCache } from './physics-adapter.ts';
import { apportion, generateSftDataset, SFT_SEED_BASE, SftQuotaError, type SftDatasetOptions } from './sft-dataset.ts';
import type { SftRow } from './sft-rows.ts';

const physics = createPhysicsCache();
const level = levelNamed;

const baseOptions: SftDatasetOptions = {
  n: 400,
  mix: [
    { level: level('L1_warmup'), share: 0.05 },
    { level: level('L2_target'), share: 0.95 },
  ],
  nonEmpty: new Map(),
  splits: [
    { name: 'train', share: 0.8 },
    { name: 'val', share: 0.1 },
    { name: 'test', share: 0.1 },
  ],
  duplicates: 'none',
  seed: 42,
  maxDraws: 200_000,
  row: { target: 'matching', promptFormat: 'v2' },
};

const allRows = (dataset: ReturnType<typeof generateSftDataset>) => dataset.splits.flatMap((s) => s.rows.map((row) => ({ split: s.name, row })));
const syndromeKey = (row: SftRow) => `${row.level}|${row.syndromeBits.join('')}`;

function expectDisjointSplits(rows: readonly { split: string; row: SftRow }[]): void {
  const splitOf = new Map<string, string>();
  const crossings = rows.filter(({ split, row }) => {
    const seen = splitOf.get(syndromeKey(row));
    splitOf.set(syndromeKey(row), split);
    return seen !== undefined && seen !== split;
  });
  expect(crossings).toEqual([]);
}

describe('generateSftDataset', () => {
  const dataset = generateSftDataset(physics, baseOptions);
  const rows = allRows(dataset);

  it('makes every row regenerable from (seed, level) by reset, target = decoder frame, truth = sampled error', () => {
    expect(rows).toHaveLength(400);
    const env = new QubitMedicEnvironment({ physics });
    for (const { row } of rows) {
      const started = env.reset({ seed: row.seed, level: level(row.level), promptFormat: row.promptFormat });
      expect(started.observation.prompt).toBe(row.prompt);
      const step = unwrap(env.step(started.spec, { kind: 'completion', completion: row.completion }));
      const { info } = step;
      expect(row.completion).toBe(formatCompletion(info.decoderFrame.x, info.decoderFrame.z));
      expect(row.decoderFrame).toEqual(info.decoderFrame);
      expect(row.trueFrame).toEqual(info.trueFrame);
      expect(row.seed).toBeGreaterThanOrEqual(SFT_SEED_BASE);
      expect(row.seed).toBeLessThan(2 * SFT_SEED_BASE);
    }
  });

  it('has no duplicate prompts and splits disjoint by syndrome, in the requested shares', () => {
    expect(new Set(rows.map(({ row }) => row.prompt)).size).toBe(rows.length);
    expectDisjointSplits(rows);
    const sizes = dataset.splits.map((s) => s.rows.length);
    expect(sizes[0]).toBeGreaterThanOrEqual(318);
    expect(sizes[1]).toBeGreaterThanOrEqual(39);
    expect(sizes[2]).toBeGreaterThanOrEqual(39);
    expect(dataset.levels['L1_warmup']).toMatchObject({ requested: 20, rows: 20, exhausted: false });
    expect(dataset.warnings).toEqual([]);
  });

  it('is a deterministic function of its options', () => {
    const again = allRows(generateSftDataset(physics, baseOptions));
    expect(again.map(({ split, row }) => `${split}:${row.level}:${row.seed}`)).toEqual(rows.map(({ split, row }) => `${split}:${row.level}:${row.seed}`));
    const other = allRows(generateSftDataset(physics, { ...baseOptions, seed: 43 }));
    expect(other.map(({ row }) => row.seed)).not.toEqual(rows.map(({ row }) => row.seed));
  });

  it('keeps exact non-empty shares and syndrome-disjoint splits when duplicates are allowed', () => {
    const withDuplicates = generateSftDataset(physics, {
      ...baseOptions,
      duplicates: 'any',
      nonEmpty: new Map([
        ['L1_warmup', 0.5],
        ['L2_target', 0.8],
      ]),
    });
    const all = allRows(withDuplicates);
    expect(all).toHaveLength(400);
    const nonEmpty = (name: string) => all.filter(({ row }) => row.level === name && row.targetNonEmpty).length;
    expect(nonEmpty('L1_warmup')).toBe(10);
    expect(nonEmpty('L2_target')).toBe(304);
    // Many rows share the trivial syndrome, and still never cross splits.
    expect(new Set(all.map(({ row }) => row.prompt)).size).toBeLessThan(all.length - 50);
    expectDisjointSplits(all);
  });

  describe('a level quota beyond its distinct syndromes', () => {
    const halfL1 = { ...baseOptions, n: 300, mix: [{ level: level('L1_warmup'), share: 0.5 }, { level: level('L2_target'), share: 0.5 }], maxDraws: 20_000 };

    it('fails with what each level can give when repeats are not allowed, rather than move the share', () => {
      let error: unknown;
      try {
        generateSftDataset(physics, halfL1);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(SftQuotaError);
      const [shortfall, ...others] = (error as SftQuotaError).shortfalls;
      expect(others).toEqual([]);
      expect(shortfall).toMatchObject({ level: 'L1_warmup', requested: 150, draws: 20_000 });
      expect(shortfall?.achievable).toBe(shortfall?.distinctSyndromes);
      expect(shortfall?.achievable).toBeLessThan(150);
      expect((error as Error).message).toMatch(/L1_warmup can give \d+ of its 150 rows/);
    });

    it('meets the quota with repeats in proportion to how often each syndrome is drawn (proportional)', () => {
      const dataset = generateSftDataset(physics, { ...halfL1, duplicates: 'proportional' });
      const all = allRows(dataset);
      const l1 = all.filter(({ row }) => row.level === 'L1_warmup').map(({ row }) => row.syndromeBits.join(''));
      expect(l1).toHaveLength(150);
      expect(all).toHaveLength(300);
      const report = dataset.levels['L1_warmup'];
      expect(report).toMatchObject({ requested: 150, rows: 150, exhausted: true, repeats: 150 - (report?.distinctSyndromes ?? 0) });
      expect(dataset.levels['L2_target']).toMatchObject({ rows: 150, repeats: 0, exhausted: false });
      expect(dataset.warnings).toEqual([]);
      // The repeats go to the syndromes the level draws most, the empty one above all.
      const l1Physics = physics(level('L1_warmup'));
      const draws = 20_000;
      let quiet = 0;
      for (let seed = 0; seed < draws; seed++) if (l1Physics.sample(seed).syndromeBits.every((b) => b === 0)) quiet++;
      const quietRows = l1.filter((key) => !key.includes('1')).length;
      const expected = 1 + (150 - (report?.distinctSyndromes ?? 0)) * (quiet / draws);
      expect(Math.abs(quietRows - expected)).toBeLessThan(4);
      expectDisjointSplits(all);
    });
  });

  it('can target the true error', () => {
    const truth = allRows(generateSftDataset(physics, { ...baseOptions, n: 50, row: { target: 'true', promptFormat: 'v1' } }));
    for (const { row } of truth) {
      expect(row.completion).toBe(formatCompletion(row.trueFrame.x, row.trueFrame.z));
      expect(row.targetNonEmpty).toBe(row.trueFrame.x.length + row.trueFrame.z.length > 0);
    }
    expect(truth[0]?.row.prompt).toContain('Number of stabilizer rounds');
  });
});

describe('apportion', () => {
  it('splits by largest remainders', () => {
    expect(apportion(3000, [0.4, 0.5, 0.1])).toEqual([1200, 1500, 300]);
    expect(apportion(10, [1 / 3, 1 / 3, 1 / 3])).toEqual([4, 3, 3]);
    expect(apportion(2, [0.4, 0.3, 0.3])).toEqual([1, 1, 0]);
    expect(apportion(5, [0, 0])).toEqual([0, 0]);
  });
});
