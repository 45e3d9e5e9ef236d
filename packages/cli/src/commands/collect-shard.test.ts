import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { generateRotatedSurfaceCode, noiseProfile, printCircuit } from '@verilab/qec';
import { parseSinterCsv } from '../sweep/sinter-csv.ts';
import { runInProcess as verilab } from '../testing/run-in-process.ts';

const work = mkdtempSync(path.join(tmpdir(), 'verilab-collect-shard-'));
const file = (name: string) => path.join(work, name);

/** A CSV's rows without the seconds column (timing is the one thing a rerun changes). */
function rowsWithoutSeconds(csv: string): unknown[] {
  return unwrap(parseSinterCsv(readFileSync(csv, 'utf8'))).rows.map(({ shots, errors, discards, decoder, strongId, metadata }) => ({ shots, errors, discards, decoder, strongId, metadata }));
}

async function ok(args: readonly string[]): Promise<void> {
  const run = await verilab(args);
  expect([run.code, run.stderr, run.stdout]).toEqual([0, '', '']);
}

describe('sharded sweeps', () => {
  it('give, combined, exactly the unsharded run (Sinter flag spellings and ours alike)', async () => {
    const grid = ['--distances', '3', '--p', '0.01,0.02,0.03', '--rounds', '2', '--seed', '2', '--quiet'];
    // Unsharded, in Sinter's spelling.
    await ok(['collect', ...grid, '--max_shots', '3000', '--max_errors', '150', '--processes', 'auto', '--decoders', 'pymatching', '--save_resume_filepath', file('all.csv')]);
    // Two shards, as two machines of an array job would run them, in our spelling.
    for (const index of [0, 1]) {
      await ok(['collect', ...grid, '--max-shots', '3000', '--max-errors', '150', '--threads', '2', '--shard', `${index}/2`, '--out', file(`shard${index}.csv`)]);
    }
    const shards = [0, 1].map((index) => rowsWithoutSeconds(file(`shard${index}.csv`)));
    const ids = shards.map((rows) => new Set(rows.map((row) => (row as { strongId: string }).strongId)));
    expect([ids[0]!.size, ids[1]!.size]).toEqual([2, 1]); // tasks 0 and 2, then task 1
    expect([...ids[0]!].some((id) => ids[1]!.has(id))).toBe(false);

    await ok(['combine', file('all.csv'), '--out', file('all.combined.csv')]);
    await ok(['combine', file('shard1.csv'), file('shard0.csv'), '--out', file('shards.combined.csv')]);
    const combined = rowsWithoutSeconds(file('shards.combined.csv'));
    expect(combined).toEqual(rowsWithoutSeconds(file('all.combined.csv')));
    expect(combined).toHaveLength(3);
    // Combining sums the rows of each task: the totals equal the unsharded file's.
    const total = (rows: unknown[]) => rows.reduce<number>((n, row) => n + (row as { shots: number }).shots, 0);
    expect(total(combined)).toBe(total(rowsWithoutSeconds(file('all.csv'))));

    const plot = await verilab(['plot', '--in', file('shards.combined.csv'), '--out', file('threshold.svg')]);
    expect([plot.code, plot.stderr]).toEqual([0, '']);
    expect(readFileSync(file('threshold.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('collects circuit files (--circuits) like grid tasks: metadata from the file name, the same rows for the same circuit', async () => {
    const limits = ['--max_shots', '2000', '--max_errors', '100', '--seed', '3', '--processes', '1', '--quiet'];
    await ok(['collect', '--distances', '3', '--p', '0.01,0.02', '--rounds', '2', ...limits, '--save_resume_filepath', file('grid.csv')]);
    // The same circuits as files, named so that `auto` metadata equals the grid's metadata.
    const circuits = [0.01, 0.02].map((p) => {
      const name = file(`basis=Z,d=3,noise=si1000-like,p=${p},r=2.stim`);
      writeFileSync(name, printCircuit(generateRotatedSurfaceCode({ basis: 'Z', distance: 3, rounds: 2, noise: noiseProfile('si1000-like', p) })));
      return name;
    });
    await ok(['collect', '--circuits', ...circuits, '--metadata_func', 'auto', ...limits, '--save_resume_filepath', file('files.csv')]);
    expect(rowsWithoutSeconds(file('files.csv'))).toEqual(rowsWithoutSeconds(file('grid.csv')));
    // Sinter's default metadata is the path.
    await ok(['collect', '--circuits', circuits[0]!, ...limits, '--out', file('path.csv')]);
    expect(rowsWithoutSeconds(file('path.csv')).map((row) => (row as { metadata: unknown }).metadata)).toContainEqual({ path: circuits[0] });
  });

  it('rejects a malformed shard and conflicting spellings of one flag', async () => {
    const base = ['collect', '--distances', '3', '--p', '0.01', '--out', file('x.csv')];
    const bad = await verilab([...base, '--max-shots', '10', '--shard', '2/2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--shard <i\/n>' argument '2\/2' is invalid\. expected i\/n with 0 <= i < n/);
    const both = await verilab([...base, '--max-shots', '10', '--max_shots', '20']);
    expect([both.code, both.stderr]).toEqual([2, "verilab: --max-shots and --max_shots are the same flag (ours and Sinter's spelling); give one\n"]);
    const none = await verilab(base);
    expect([none.code, none.stderr]).toEqual([2, 'verilab: collect needs --max-shots (or --max_shots)\n']);
  });
});
