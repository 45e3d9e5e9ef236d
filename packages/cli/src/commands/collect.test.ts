import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { fitBinomial } from '../sweep/binomial-fit.ts';
import { parseSinterCsv, type SinterRow } from '../sweep/sinter-csv.ts';
import { readSweepMetadata, strongIdText } from '../sweep/sweep-config.ts';
import { aggregateRows } from '../sweep/task-stats.ts';
import { pngSize, readSvg } from '../testing/figure-checks.ts';
import { runInProcess as verilab } from '../testing/run-in-process.ts';
import { runVerilab, VERILAB } from '../testing/run-verilab.ts';

const work = mkdtempSync(path.join(tmpdir(), 'verilab-collect-'));
const file = (name: string) => path.join(work, name);

function readRows(csv: string): SinterRow[] {
  return [...unwrap(parseSinterCsv(readFileSync(csv, 'utf8'))).rows];
}

/** Per task (strong id): its rows' (shots, errors) in file order — the chunks, seconds aside. */
function chunksByTask(rows: readonly SinterRow[]): Record<string, [number, number][]> {
  const tasks: Record<string, [number, number][]> = {};
  for (const row of rows) (tasks[row.strongId] ??= []).push([row.shots, row.errors]);
  return tasks;
}

// The threshold sweep of the acceptance criteria: SI1000-like noise, rounds = d, d = 3, 5, 7 and
// p from 0.002 to 0.012, each task stopped at 1,000 errors or 40,000 shots: about 30 s of CPU
// on two workers, enough to order the distances far from the crossing with confidence.
const DISTANCES = [3, 5, 7];
const PS = [0.002, 0.004, 0.006, 0.008, 0.01, 0.012];
const SWEEP = ['collect', '--distances', '3,5,7', '--p', PS.join(','), '--rounds', 'd', '--noise', 'si1000-like', '--decoder', 'matching', '--max-shots', '40000', '--max-errors', '1000', '--threads', '2', '--seed', '1', '--quiet'];

interface Rate {
  readonly shots: number;
  readonly errors: number;
}

/** How many standard errors b's rate lies above a's (two-proportion z statistic, unpooled). */
function zAbove(a: Rate, b: Rate): number {
  const [pa, pb] = [a.errors / a.shots, b.errors / b.shots];
  return (pb - pa) / Math.sqrt((pa * (1 - pa)) / a.shots + (pb * (1 - pb)) / b.shots);
}

describe('verilab collect', () => {
  it('sweeps d = 3, 5, 7 into a Sinter CSV whose curves cross between p = 0.004 and p = 0.010', async () => {
    const run = await verilab([...SWEEP, '--out', file('threshold.csv')]);
    expect([run.code, run.stderr, run.stdout]).toEqual([0, '', '']);
    const tasks = [...aggregateRows(readRows(file('threshold.csv'))).values()];
    expect(tasks).toHaveLength(DISTANCES.length * PS.length);
    const rates = new Map(
      tasks.map((task) => {
        const m = readSweepMetadata(task.metadata)!;
        expect([m.r, m.basis, m.noise, task.decoder]).toEqual([m.d, 'Z', 'si1000-like', 'matching']);
        expect(task.shots === 40_000 || task.errors >= 1000).toBe(true);
        return [`${m.d}@${m.p}`, task];
      }),
    );
    const at = (d: number, p: number) => rates.get(`${d}@${p}`)!;
    const ler = (d: number, p: number) => at(d, p).errors / at(d, p).shots;
    // Below threshold a larger code is better, each step by at least 4 standard errors.
    for (const p of [0.002, 0.004]) {
      expect(zAbove(at(7, p), at(5, p))).toBeGreaterThan(4);
      expect(zAbove(at(5, p), at(3, p))).toBeGreaterThan(4);
    }
    // Above it, worse: reversed at 0.010 and 0.012, d=3 → 5 by 4 standard errors, 5 → 7 by 3 at 0.012.
    for (const p of [0.01, 0.012]) {
      expect(zAbove(at(3, p), at(5, p))).toBeGreaterThan(4);
      expect(ler(7, p)).toBeGreaterThan(ler(5, p));
    }
    expect(zAbove(at(5, 0.012), at(7, 0.012))).toBeGreaterThan(3);
    // Each neighbouring pair of curves crosses once, inside (0.004, 0.010].
    for (const [small, large] of [[3, 5], [5, 7]] as const) {
      const crossing = PS.find((p) => ler(large, p) >= ler(small, p))!;
      expect(crossing).toBeGreaterThan(0.004);
      expect(crossing).toBeLessThanOrEqual(0.01);
      expect(PS.filter((p) => p >= crossing).every((p) => ler(large, p) >= ler(small, p))).toBe(true);
    }
  });

  it('plots the sweep: one line, band and error bar set per distance on log-log axes, per shot and per round', async () => {
    const perShot = await verilab(['plot', 'threshold', file('threshold.csv'), '--out', file('threshold.svg'), '--png', file('threshold.png')]);
    const perRound = await verilab(['plot', 'threshold', file('threshold.csv'), '--per-round', '--out', file('per-round.svg')]);
    expect([perShot.code, perShot.stderr, perRound.code, perRound.stderr]).toEqual([0, '', 0, '']);
    const svg = readSvg(file('threshold.svg'));
    expect(svg.all('g.series-line path')).toHaveLength(DISTANCES.length);
    expect(svg.all('g.interval-band path')).toHaveLength(DISTANCES.length);
    expect(svg.all('g.error-bar line')).toHaveLength(DISTANCES.length * PS.length);
    expect(svg.all('g.series-dot circle')).toHaveLength(DISTANCES.length * PS.length);
    expect(svg.texts('g.legend text')).toEqual(['● d=3', '● d=5', '● d=7']);
    expect(svg.texts('g.subtitle text')[0]).toMatch(/^Z memory, si1000-like noise, rounds = d, matching decoder/);
    expect(svg.texts('[aria-label="x-axis label"] text')).toEqual(['physical error rate p']);
    expect(svg.texts('[aria-label="y-axis label"] text')).toEqual(['logical error rate (per shot)']);
    expect(svg.texts('[aria-label="x-axis tick label"] text')).toEqual(['0.002', '0.005', '0.01']);
    // Log scale: the decade labels are evenly spaced on the page.
    const yTicks = svg.all('[aria-label="y-axis tick label"] text');
    const labels = yTicks.map((t) => t.textContent);
    expect(labels).toEqual(expect.arrayContaining(['0.001', '0.01', '0.1']));
    const yOf = (label: string) => Number(/translate\([^,]+,([^)]+)\)/.exec(yTicks[labels.indexOf(label)]!.getAttribute('transform') ?? '')?.[1]);
    expect(yOf('0.001') - yOf('0.01')).toBeCloseTo(yOf('0.01') - yOf('0.1'), 6);
    expect(yOf('0.001') - yOf('0.01')).toBeGreaterThan(50);
    expect(pngSize(file('threshold.png'))).toEqual({ width: 2 * svg.width, height: 2 * svg.height });
    const round = readSvg(file('per-round.svg'));
    expect(round.texts('[aria-label="y-axis label"] text')).toEqual(['logical error rate (per round)']);
    expect(round.all('g.series-dot circle')).toHaveLength(DISTANCES.length * PS.length);
  });

  it('agrees, within intervals, with gen → analyze_errors → detect → count_mistakes run one by one', async () => {
    const [d, p] = [5, 0.006];
    const gen = await verilab(['gen', '--code', 'surface_code', '--task', 'rotated_memory_z', '--distance', '5', '--rounds', '5', '--noise_profile', 'si1000-like', '--p', String(p), '--out', file('d5.stim')]);
    const dem = await verilab(['analyze_errors', '--decompose_errors', '--in', file('d5.stim'), '--out', file('d5.dem')]);
    const detect = await verilab(['detect', '--in', file('d5.stim'), '--shots', '20000', '--seed', '3', '--append_observables', '--out_format', 'b8', '--out', file('d5.b8')]);
    const count = await verilab(['count_mistakes', '--dem', file('d5.dem'), '--in', file('d5.b8'), '--in_format', 'b8', '--in_includes_appended_observables']);
    for (const step of [gen, dem, detect, count]) expect([step.code, step.stderr]).toEqual([0, '']);
    const [mistakes, shots] = /^(\d+) \/ (\d+)\n$/.exec(count.stdout)!.slice(1).map(Number) as [number, number];
    expect(shots).toBe(20_000);
    // The sweep's task is exactly this circuit and DEM: its strong id is Sinter's hash of them.
    const rows = readRows(file('threshold.csv'));
    const metadata = { basis: 'Z', d, noise: 'si1000-like', p, r: d };
    const strongId = createHash('sha256')
      .update(strongIdText({ circuit: readFileSync(file('d5.stim'), 'utf8'), decoder: 'matching', dem: readFileSync(file('d5.dem'), 'utf8'), metadata }))
      .digest('hex');
    const task = aggregateRows(rows).get(strongId);
    expect(task?.metadata).toEqual(metadata);
    // The same rate within errors: the 1000-likelihood-factor intervals (Sinter's) overlap, and
    // the difference is under 4 standard errors.
    const swept = fitBinomial(task!.shots, task!.errors);
    const oneByOne = fitBinomial(shots, mistakes);
    expect(oneByOne.low).toBeLessThan(swept.high);
    expect(swept.low).toBeLessThan(oneByOne.high);
    expect(Math.abs(zAbove(task!, { shots, errors: mistakes }))).toBeLessThan(4);
  });

  it('killed halfway and rerun, continues from its CSV and ends with the rows of an uninterrupted run', async () => {
    const args = ['collect', '--distances', '3,5', '--p', '0.003,0.006', '--max-shots', '40000', '--max-errors', '400', '--max-batch-shots', '1024', '--seed', '7', '--quiet'];
    const killed = file('killed.csv');
    const child = spawn(process.execPath, [...VERILAB, ...args, '--threads', '2', '--out', killed], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (!existsSync(killed) || readRows(killed).length < 12)) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const before = chunksByTask(readRows(killed));
    // A write cut short by the kill leaves a partial line; make sure one is there.
    appendFileSync(killed, '      1024,        3,         0,   0.0');
    const resumed = await runVerilab([...args, '--threads', '2', '--out', killed]);
    const reference = await verilab([...args, '--threads', '1', '--out', file('reference.csv')]);
    expect([resumed.code, resumed.stderr, reference.code, reference.stderr]).toEqual([0, '', 0, '']);
    const after = chunksByTask(readRows(killed));
    const expected = chunksByTask(readRows(file('reference.csv')));
    // Killed before the end; what was written survives as a prefix; the end equals the
    // uninterrupted single-thread run chunk for chunk (so none lost, none duplicated).
    const total = (tasks: Record<string, [number, number][]>) => Object.values(tasks).reduce((sum, chunks) => sum + chunks.length, 0);
    expect(total(before)).toBeLessThan(total(expected));
    for (const [id, chunks] of Object.entries(before)) expect(after[id]!.slice(0, chunks.length)).toEqual(chunks);
    expect(after).toEqual(expected);
    expect(readFileSync(killed, 'utf8').endsWith('\n')).toBe(true);
    // Rerunning a finished sweep adds nothing.
    const again = await verilab([...args, '--threads', '2', '--out', killed]);
    expect(again.code).toBe(0);
    expect(chunksByTask(readRows(killed))).toEqual(expected);
  });

  it('rejects bad input with a clear message and exit code 2', async () => {
    const malformed = file('malformed.csv');
    appendFileSync(malformed, 'shots,errors,discards,seconds,decoder,strong_id,json_metadata\n10,x,0,0.1,matching,abc,{}\n');
    const runs = [];
    for (const args of [
      ['collect', '--distances', '3', '--p', '0.3', '--max-shots', '10', '--out', file('x.csv')],
      ['collect', '--distances', '1,3', '--p', '0.001', '--max-shots', '10', '--out', file('x.csv')],
      ['collect', '--distances', '3', '--p', '0.001,,0.002', '--max-shots', '10', '--out', file('x.csv')],
      ['collect', '--distances', '3', '--p', '0.001', '--max-shots', '10', '--out', malformed],
      ['plot', 'threshold', malformed],
      ['collect', '--distances', '3', '--p', '0.001', '--max-shots', '10', '--out', work],
    ]) {
      runs.push(await verilab(args));
    }
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(runs[0]!.stderr).toMatch(/--p 0\.3: si1000-like at p = 0\.3 gives beforeMeasureFlipProbability = 1\.5, more than 1/);
    expect(runs[1]!.stderr).toMatch(/--distances.*"1": expected an integer from 2 to 2047/);
    expect(runs[2]!.stderr).toMatch(/--p.*comma-separated list/);
    expect(runs[3]!.stderr).toMatch(/malformed\.csv:line 2, column 1: errors "x" is not a non-negative integer/);
    expect(runs[4]!.stderr).toMatch(/malformed\.csv:line 2, column 1: errors "x"/);
    expect(runs[5]!.stderr).toMatch(/cannot read ".*" to resume from it: EISDIR/);
  });
});
