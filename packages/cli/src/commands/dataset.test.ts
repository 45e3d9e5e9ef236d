import { unwrap } from '@verilab/core';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhysicsCache, formatCompletion, levelNamed, QubitMedicEnvironment } from '@verilab/qubit-medic';
import { runInProcess } from '../testing/run-in-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'verilab-dataset-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SPLITS = ['train', 'val', 'test'];
const readRows = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown> & { messages: { role: string; content: string }[] });

describe('verilab dataset sft and analyze', () => {
  const stem = path.join(dir, 'sft');
  let generated: Awaited<ReturnType<typeof runInProcess>>;
  beforeAll(async () => {
    generated = await runInProcess([
      'dataset',
      'sft',
      '--out',
      `${stem}.jsonl`,
      '--n',
      '400',
      '--mix',
      'L1_warmup=0.05,L2_target=0.75,L3_stretch=0.2',
      '--split',
      'train=0.8,val=0.1,test=0.1',
      '--format',
      'messages',
      '--seed',
      '7',
    ]);
  });

  it('writes one file per split and a meta file; every row regenerates from (seed, level)', async () => {
    const result = generated;
    expect(result.code, result.stderr).toBe(0);
    const meta = JSON.parse(readFileSync(`${stem}.meta.json`, 'utf8'));
    expect(meta).toMatchObject({ generator_seed: 7, options: { n: 400, target: 'matching', format: 'messages' } });
    const env = new QubitMedicEnvironment({ physics: createPhysicsCache() });
    let total = 0;
    for (const split of SPLITS) {
      const rows = readRows(`${stem}.${split}.jsonl`);
      expect(meta.files[split].rows).toBe(rows.length);
      total += rows.length;
      for (const row of rows) {
        expect(row).toMatchObject({ split, generator_seed: 7, target: 'matching', prompt_format: 'v2' });
        const started = env.reset({ seed: row['seed'] as number, level: levelNamed(row['level'] as string) });
        expect(row.messages[0]).toEqual({ role: 'user', content: started.observation.prompt });
        expect(row['syndrome_bits']).toEqual(started.observation.syndromeBits);
        const step = unwrap(env.step(started.spec, { kind: 'completion', completion: '' }));
        const { info } = step;
        expect(row.messages[1]?.content).toBe(formatCompletion(info.decoderFrame.x, info.decoderFrame.z));
        expect(row['matching_x_errors']).toEqual(info.decoderFrame.x);
        expect(row['true_x_errors']).toEqual(info.trueFrame.x);
      }
    }
    expect(total).toBe(400);
    expect(meta.levels).toMatchObject({ L1_warmup: { requested: 20, rows: 20 }, L2_target: { rows: 300 }, L3_stretch: { rows: 80 } });
  });

  it('has no duplicate prompts and no syndrome in two splits', async () => {
    const rows = SPLITS.flatMap((split) => readRows(`${stem}.${split}.jsonl`));
    expect(new Set(rows.map((row) => row.messages[0]?.content)).size).toBe(rows.length);
    const splitOf = new Map<string, unknown>();
    for (const row of rows) {
      const key = `${row['level']}|${(row['syndrome_bits'] as number[]).join('')}`;
      expect(splitOf.get(key) ?? row['split']).toBe(row['split']);
      splitOf.set(key, row['split']);
    }
  });

  it('analyze reproduces the generator\'s counts', async () => {
    const files = SPLITS.map((split) => `${stem}.${split}.jsonl`);
    const result = await runInProcess(['dataset', 'analyze', '--in', ...files, '--out', `${stem}.analysis.json`]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(readFileSync(`${stem}.analysis.json`, 'utf8'));
    const meta = JSON.parse(readFileSync(`${stem}.meta.json`, 'utf8'));
    const perLevel: Record<string, { rows: number; nonempty: number }> = {};
    for (const [i, file] of files.entries()) {
      const analysis = report.files[file];
      expect(analysis).toMatchObject({ rows: meta.files[SPLITS[i] as string].rows, invalid_count: 0, duplicate_prompt_rows: 0, format_pct: 100 });
      for (const [level, stats] of Object.entries(analysis.per_level as Record<string, { rows: number; nonempty: number }>)) {
        perLevel[level] = { rows: (perLevel[level]?.rows ?? 0) + stats.rows, nonempty: (perLevel[level]?.nonempty ?? 0) + stats.nonempty };
      }
    }
    for (const [level, stats] of Object.entries(meta.levels as Record<string, { rows: number; non_empty: number }>)) {
      expect(perLevel[level]).toEqual({ rows: stats.rows, nonempty: stats.non_empty });
    }
    for (const overlap of Object.values(report.overlap as Record<string, Record<string, number>>)) {
      expect(overlap).toMatchObject({ prompt_overlap_count: 0, syndrome_overlap_count: 0 });
    }
  });

  it('writes --out itself for a single split, and flags invalid rows by line', async () => {
    const out = path.join(dir, 'single.jsonl');
    const result = await runInProcess(['dataset', 'sft', '--out', out, '--n', '30', '--mix', 'L2_target=1', '--split', 'train=1', '--prompt-format', 'v1', '--target', 'true']);
    expect(result.code, result.stderr).toBe(0);
    const rows = readFileSync(out, 'utf8').split('\n');
    expect(rows.filter((r) => r !== '')).toHaveLength(30);
    expect(existsSync(path.join(dir, 'single.meta.json'))).toBe(true);
    writeFileSync(out, `${rows.slice(0, 2).join('\n')}\n{"prompt": 1}\n`);
    const analysed = await runInProcess(['dataset', 'analyze', '--in', out]);
    expect(analysed.code).toBe(0);
    expect(JSON.parse(analysed.stdout).files[out]).toMatchObject({ rows: 2, invalid_count: 1, invalid_examples: [{ line: 3 }] });
  });

  describe('a level share beyond its distinct syndromes (L1 has about 100)', () => {
    const args = (out: string) => ['dataset', 'sft', '--out', out, '--n', '200', '--mix', 'L1_warmup=0.5,L2_target=0.5', '--split', 'train=1', '--max-draws', '5000'];

    it('keeps the share by default, with repeats it reports', async () => {
      const out = path.join(dir, 'repeats.jsonl');
      const result = await runInProcess(args(out));
      expect(result.code, result.stderr).toBe(0);
      const meta = JSON.parse(readFileSync(path.join(dir, 'repeats.meta.json'), 'utf8'));
      expect(meta.achieved_mix).toEqual({ L1_warmup: 0.5, L2_target: 0.5 });
      expect(meta.options.duplicates).toBe('proportional');
      const l1 = meta.levels.L1_warmup;
      expect(l1).toMatchObject({ rows: 100, exhausted: true });
      expect(l1.repeats).toBe(100 - l1.distinct_syndromes);
      expect(l1.repeats).toBeGreaterThan(0);
      expect(result.stderr).toMatch(new RegExp(`L1_warmup: 100 rows \\(share 0\\.500; \\d+ with a non-empty target; ${l1.distinct_syndromes} distinct syndromes, ${l1.repeats} repeats\\)`));
      expect(readRows(out).filter((row) => row['level'] === 'L1_warmup')).toHaveLength(100);
    });

    it('fails with exit 2, naming what the level can give, under --duplicates none', async () => {
      const out = path.join(dir, 'none.jsonl');
      const result = await runInProcess([...args(out), '--duplicates', 'none']);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/L1_warmup can give \d+ of its 100 rows \(\d+ distinct syndromes in 5000 candidate episodes\); use --duplicates proportional/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    });
  });

  it.each([
    [['sft', '--out', 'x.jsonl', '--mix', 'L1_warmup=abc'], /"L1_warmup=abc" is not name=share/],
    [['sft', '--out', 'x.jsonl', '--mix', 'L1_warmup=0.5,L2_target=0.4'], /add up to 1/],
    [['sft', '--out', 'x.jsonl', '--mix', 'L5_hard=1'], /unknown level "L5_hard"/],
    [['sft', '--out', 'x.jsonl', '--split', 'train=0.9;val=0.1'], /not name=share|add up to 1/],
    [['sft', '--out', 'x.jsonl', '--non-empty', 'L4_stress=0.5'], /--non-empty names L4_stress, which has no share in --mix/],
    [['sft', '--out', 'x.jsonl', '--format', 'chatml'], /expected one of prompt-completion, messages/],
    [['sft', '--out', 'x.jsonl', '--duplicates', 'some'], /expected one of none, proportional, any/],
    [['analyze', '--in', '/nonexistent/file.jsonl'], /cannot read dataset "\/nonexistent\/file.jsonl": no such file/],
  ])('rejects %j with exit 2', async (args, message) => {
    const result = await runInProcess(['dataset', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
