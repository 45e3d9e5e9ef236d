import { unwrap } from '@verilab/core';
/**
 * `--enable_correlations` (PyMatching 2.4's two-pass correlated matching) on the commands that
 * decode: predict and count_mistakes against the real PyMatching's correlated predictions
 * (packages/qec/fixtures/correlations/PROVENANCE.md), and collect's correlated decoder under its
 * Sinter name.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSinterCsv } from '../sweep/sinter-csv.ts';
import { aggregateRows } from '../sweep/task-stats.ts';
import { runInProcess as verilab } from '../testing/run-in-process.ts';

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../qec/fixtures/correlations/si1000_d5_r5_p0.005');
const work = mkdtempSync(path.join(tmpdir(), 'verilab-correlations-'));
const file = (name: string) => path.join(work, name);
const SHOTS = 1000;
const ROW_BYTES = 15; // 120 detectors
const fixtureLines = (name: string) => readFileSync(path.join(FIXTURE, name), 'utf8').split('\n').slice(0, SHOTS);

// The fixture's first 1,000 shots and its DEM, unzipped.
writeFileSync(file('model.dem'), gunzipSync(readFileSync(path.join(FIXTURE, 'model.dem.gz'))));
writeFileSync(file('dets.b8'), readFileSync(path.join(FIXTURE, 'dets.b8')).subarray(0, SHOTS * ROW_BYTES));
writeFileSync(file('obs.01'), fixtureLines('obs.01').join('\n') + '\n');

describe('--enable_correlations', () => {
  it("predict: PyMatching's correlated predictions, not its plain ones where they differ", async () => {
    const correlated = await verilab(['predict', '--dem', file('model.dem'), '--in', file('dets.b8'), '--enable_correlations']);
    const plain = await verilab(['predict', '--dem', file('model.dem'), '--in', file('dets.b8')]);
    expect([correlated.code, correlated.stderr, plain.code, plain.stderr]).toEqual([0, '', 0, '']);
    const theirs = fixtureLines('predictions-correlated.01');
    const theirsPlain = fixtureLines('predictions-plain.01');
    const ours = correlated.stdout.split('\n').slice(0, SHOTS);
    const agree = ours.filter((line, shot) => line === theirs[shot]).length;
    expect(agree / SHOTS).toBeGreaterThanOrEqual(0.99);
    // The flag matters: on these shots the two PyMatching modes differ, and so do ours.
    expect(theirs).not.toEqual(theirsPlain);
    expect(correlated.stdout).not.toBe(plain.stdout);
  });

  it('count_mistakes: counts the correlated decoder’s mistakes', async () => {
    const actual = fixtureLines('obs.01');
    const theirs = fixtureLines('predictions-correlated.01').filter((line, shot) => line !== actual[shot]).length;
    const run = await verilab(['count_mistakes', '--dem', file('model.dem'), '--in', file('dets.b8'), '--in_format', 'b8', '--obs_in', file('obs.01'), '--enable_correlations']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const [mistakes, shots] = run.stdout.trim().split(' / ').map(Number);
    expect(shots).toBe(SHOTS);
    expect(Math.abs(mistakes! - theirs)).toBeLessThanOrEqual(SHOTS / 100);
  });

  it('refuses, naming the line, a DEM that correlated matching cannot use', async () => {
    writeFileSync(file('likely.dem'), 'error(0.1) D0 D1\nerror(0.7) D1\n');
    writeFileSync(file('one.01'), '01\n');
    const run = await verilab(['predict', '--dem', file('likely.dem'), '--in', file('one.01'), '--in_format', '01', '--enable_correlations']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/likely\.dem:line 2: error mechanism #1 has probability 0\.7: correlated matching needs p <= 0\.5/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("collect: Sinter's pymatching-correlated runs beside pymatching, and --enable_correlations picks it", async () => {
    const common = ['collect', '--distances', '3', '--p', '0.005', '--max-shots', '3000', '--threads', '1', '--seed', '3', '--quiet'];
    const both = await verilab([...common, '--decoders', 'pymatching,pymatching-correlated', '--out', file('both.csv')]);
    const flag = await verilab([...common, '--enable_correlations', '--out', file('flag.csv')]);
    expect([both.code, both.stderr, flag.code, flag.stderr]).toEqual([0, '', 0, '']);
    // Per task: its decoder, strong id and totals (a task's shots arrive in several chunk rows).
    const tasks = (name: string) => {
      const parsed = unwrap(parseSinterCsv(readFileSync(file(name), 'utf8')));
      return [...aggregateRows(parsed.rows).values()].map(({ decoder, strongId, shots, errors }) => ({ decoder, strongId, shots, errors }));
    };
    const [plainRow, correlatedRow, ...rest] = tasks('both.csv');
    expect(rest).toEqual([]);
    expect([plainRow!.decoder, correlatedRow!.decoder]).toEqual(['matching', 'matching-correlated']);
    expect(plainRow!.strongId).not.toBe(correlatedRow!.strongId);
    expect([plainRow!.shots, correlatedRow!.shots]).toEqual([3000, 3000]);
    // Same task, same seed: the flag's run is the named decoder's run.
    expect(tasks('flag.csv')).toEqual([correlatedRow]);
    const unknown = await verilab([...common, '--decoders', 'bposd', '--out', file('unknown.csv')]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/available: .*matching-correlated \(also accepted as pymatching-correlated\)/);
  });
});
