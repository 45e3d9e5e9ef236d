import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '@verilab/qec/testing';
import { runInProcess as verilab } from '../testing/run-in-process.ts';
import { DECODE_BATCH_SHOTS } from './predict.ts';

const D5 = 'si1000_d5_r5_p0.001';
const work = mkdtempSync(path.join(tmpdir(), 'verilab-predict-threads-'));
const file = (name: string) => path.join(work, name);

describe('verilab predict --threads', () => {
  it('writes byte for byte what one thread writes, over several batches', async () => {
    // Two and a half batches (at d5 a threaded batch is as long as a single-thread one), the last one partial.
    const shots = 2 * DECODE_BATCH_SHOTS + 7_000;
    const sampled = await verilab(['detect', '--in', fixturePath(D5, 'circuit.stim'), '--shots', String(shots), '--seed', '5', '--out', file('d5.b8'), '--out_format', 'b8']);
    expect([sampled.code, sampled.stderr]).toEqual([0, '']);
    // Plain workers build their decoders from the main thread's graph, correlated ones from the
    // DEM text (correlated matching is slow: its check decodes the first 3,000 shots, in a worker).
    const sampledRows = readFileSync(file('d5.b8'));
    writeFileSync(file('d5-head.b8'), sampledRows.subarray(0, (3_000 * sampledRows.length) / shots));
    for (const [input, count, mode] of [['d5.b8', shots, []], ['d5-head.b8', 3_000, ['--enable_correlations']]] as const) {
      const outputs: Buffer[] = [];
      for (const threads of ['1', '2', '3']) {
        const out = file(`p${threads}${mode.length}.b8`);
        const run = await verilab(['predict', '--dem', fixturePath(D5, 'dem.dem'), '--in', file(input), '--out', out, '--out_format', 'b8', '--threads', threads, ...mode]);
        // Nothing but progress lines (a run past 5 s on a loaded machine prints them).
        expect([run.code, run.stderr.replace(/^predict: .*\n/gm, '')]).toEqual([0, '']);
        outputs.push(readFileSync(out));
      }
      expect(outputs[0]!.length).toBe(count);
      expect(outputs[0]!.some((byte) => byte !== 0)).toBe(true);
      expect(outputs[1]).toEqual(outputs[0]);
      expect(outputs[2]).toEqual(outputs[0]);
    }
  });

  it('stops at the same shot with the same error as one thread', async () => {
    // Shot DECODE_BATCH_SHOTS + 3 (in the second batch) has a detection event nothing can match.
    writeFileSync(file('isolated.dem'), 'error(0.1) D0\ndetector D1\n');
    const lines = Array.from({ length: 2 * DECODE_BATCH_SHOTS }, (_, s) => (s === DECODE_BATCH_SHOTS + 3 ? '01' : '10'));
    writeFileSync(file('isolated.01'), lines.join('\n') + '\n');
    const runs = [];
    for (const threads of ['1', '2']) {
      // To stdout, captured as it is written: the first batch's predictions (no observables: empty rows) come before the error.
      runs.push(await verilab(['predict', '--dem', file('isolated.dem'), '--in', file('isolated.01'), '--in_format', '01', '--threads', threads]));
    }
    expect(runs[0]!.code).toBe(2);
    expect(runs[0]!.stderr).toMatch(new RegExp(`isolated\\.01: shot ${DECODE_BATCH_SHOTS + 3}: no perfect matching`));
    expect(runs[0]!.stdout).toBe('\n'.repeat(DECODE_BATCH_SHOTS));
    expect(runs[1]).toEqual(runs[0]);
  });

  it('writes the batches before malformed input, as one thread does, and stops with its error', async () => {
    // Shot 3 * DECODE_BATCH_SHOTS + 5 has one bit of two; the whole batches before the chunk of the file that holds it are written.
    writeFileSync(file('pair.dem'), 'error(0.1) D0 L0\nerror(0.1) D0 D1\n');
    const lines = Array.from({ length: 4 * DECODE_BATCH_SHOTS }, (_, s) => (s === 3 * DECODE_BATCH_SHOTS + 5 ? '1' : '10'));
    writeFileSync(file('short-row.01'), lines.join('\n') + '\n');
    const runs = [];
    for (const threads of ['1', '2']) {
      // To stdout, which the in-process run captures as it is written (a file stream left open on the error flushes later).
      runs.push(await verilab(['predict', '--dem', file('pair.dem'), '--in', file('short-row.01'), '--in_format', '01', '--threads', threads]));
    }
    expect(runs[0]!.code).toBe(2);
    expect(runs[0]!.stderr).toMatch(/short-row\.01:line \d+, column 2: .* has 1 bits, expected 2/);
    expect(runs[0]!.stdout.length).toBeGreaterThanOrEqual(2 * DECODE_BATCH_SHOTS);
    expect(runs[0]!.stdout).toBe('1\n'.repeat(runs[0]!.stdout.length / 2));
    expect(runs[1]).toEqual(runs[0]);
  });

  it('rejects a thread count that is not a positive integer, and reports a DEM the workers cannot load', async () => {
    const zero = await verilab(['predict', '--dem', fixturePath(D5, 'dem.dem'), '--threads', '0']);
    const missing = await verilab(['predict', '--dem', file('missing.dem'), '--threads', '2']);
    expect([zero.code, missing.code]).toEqual([2, 2]);
    expect(zero.stderr).toMatch(/--threads/);
    expect(missing.stderr).toMatch(/cannot read detector error model ".*missing\.dem": no such file/);
  });
});
