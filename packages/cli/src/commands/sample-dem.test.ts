import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileDemSampler, encodeShots, flattenDem, parseDem, ShotDecoder } from '@verilab/qec';
import { fixturePath, readFixture } from '@verilab/qec/testing';
import { runVerilabBytes } from '../testing/run-verilab.ts';
import { unwrap, Xoshiro128 } from '@verilab/core';

const work = mkdtempSync(path.join(tmpdir(), 'verilab-sample-dem-'));
const file = (name: string) => path.join(work, name);

const verilab = (args: readonly string[], stdin = '') => runVerilabBytes(args, { stdin });

const decode = (bytes: Uint8Array, format: '01' | 'b8', bits: number) => {
  const decoder = new ShotDecoder(format, bits);
  const decoded = unwrap(decoder.push(bytes), 'malformed output');
  unwrap(decoder.finish(), 'malformed output');
  return decoded;
};

describe('verilab sample_dem', () => {
  it("reproduces Stim's help example: p=0 never fires, p=1 always, p=0.5 flips D1 with L0", async () => {
    writeFileSync(file('example.dem'), 'error(0) D0\nerror(0.5) D1 L0\nerror(1) D2 D3\n');
    const run = await verilab(['sample_dem', '--shots', '200', '--in', file('example.dem'), '--out', file('dets.01'), '--out_format', '01', '--obs_out', file('obs.01'), '--obs_out_format', '01', '--err_out', file('err.01')]);
    expect([run.code, run.stderr, run.stdout.length]).toEqual([0, '', 0]);
    const dets = readFileSync(file('dets.01'), 'utf8').trimEnd().split('\n');
    const obs = readFileSync(file('obs.01'), 'utf8').trimEnd().split('\n');
    const errs = readFileSync(file('err.01'), 'utf8').trimEnd().split('\n');
    expect([dets.length, obs.length, errs.length]).toEqual([200, 200, 200]);
    dets.forEach((line, s) => {
      expect(line).toMatch(/^0[01]11$/);
      expect(line[1]).toBe(obs[s]);
      expect(errs[s]).toBe(`0${obs[s]}1`);
    });
    const flips = obs.filter((o) => o === '1').length;
    expect(flips).toBeGreaterThan(60); // p = 0.5 over 200 shots: 100 ± 7
    expect(flips).toBeLessThan(140);
  });

  it('writes exactly the library sampler bits (seeded, chunked), in 01 and b8 alike', async () => {
    const fixture = 'si1000_d3_r3_p0.001';
    const sampler = compileDemSampler(flattenDem(unwrap(parseDem(readFixture(fixture, 'dem.dem')))));
    // --err_out makes rows wide (286 bits), so 100k shots span two output chunks.
    const shots = 100_000;
    const expected = sampler.sample(shots, Xoshiro128.fromSeed(42), { errors: true });
    const common = ['sample_dem', '--in', fixturePath(fixture, 'dem.dem'), '--shots', String(shots), '--seed', '42'];
    const [text, binary] = await Promise.all([
      verilab([...common, '--obs_out', file('o.01'), '--err_out', file('e.01')]),
      verilab([...common, '--out', file('d.b8'), '--out_format', 'b8', '--obs_out', file('o.b8'), '--obs_out_format', 'b8', '--err_out', file('e.b8'), '--err_out_format', 'b8']),
    ]);
    expect([text.code, text.stderr, binary.code, binary.stderr]).toEqual([0, '', 0, '']);
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(b);
    expect(same(text.stdout, encodeShots('01', expected.detectors, sampler.numDetectors, shots))).toBe(true);
    expect(same(readFileSync(file('o.01')), encodeShots('01', expected.observables, sampler.numObservables, shots))).toBe(true);
    expect(same(readFileSync(file('e.01')), encodeShots('01', expected.errors!, sampler.numErrors, shots))).toBe(true);
    expect(same(decode(readFileSync(file('d.b8')), 'b8', sampler.numDetectors).rows, expected.detectors)).toBe(true);
    expect(same(decode(readFileSync(file('o.b8')), 'b8', sampler.numObservables).rows, expected.observables)).toBe(true);
    expect(same(decode(readFileSync(file('e.b8')), 'b8', sampler.numErrors).rows, expected.errors!)).toBe(true);
  });

  it('--replay_err_in reproduces the detectors and observables of recorded errors', async () => {
    const dem = fixturePath('si1000_d3_r1_p0.0005', 'dem.dem');
    const sampled = await verilab(['sample_dem', '--in', dem, '--shots', '5000', '--seed', '9', '--obs_out', file('r.obs.01'), '--err_out', file('r.err.b8'), '--err_out_format', 'b8']);
    expect([sampled.code, sampled.stderr]).toEqual([0, '']);
    const [replayed, short] = await Promise.all([
      verilab(['sample_dem', '--in', dem, '--shots', '5000', '--replay_err_in', file('r.err.b8'), '--replay_err_in_format', 'b8', '--obs_out', file('r2.obs.01'), '--err_out', file('r2.err.b8'), '--err_out_format', 'b8']),
      verilab(['sample_dem', '--in', dem, '--shots', '5001', '--replay_err_in', file('r.err.b8'), '--replay_err_in_format', 'b8']),
    ]);
    expect([replayed.code, replayed.stderr]).toEqual([0, '']);
    expect(replayed.stdout.equals(sampled.stdout)).toBe(true);
    expect(readFileSync(file('r2.obs.01')).equals(readFileSync(file('r.obs.01')))).toBe(true);
    expect(readFileSync(file('r2.err.b8')).equals(readFileSync(file('r.err.b8')))).toBe(true);
    expect([short.code, short.stderr]).toEqual([2, `verilab: ${file('r.err.b8')} holds error data for 5000 shots, but --shots is 5001\n`]);
  });

  it('reads the DEM from stdin, defaults to 1 shot, reproduces a seed, and writes nothing for --shots 0', async () => {
    const dem = 'error(1) D0 D2\nerror(0.25) D1\n';
    const [one, seeded, again, none] = await Promise.all([
      verilab(['sample_dem'], dem),
      verilab(['sample_dem', '--seed', '7', '--shots', '100'], dem),
      verilab(['sample_dem', '--seed', '7', '--shots', '100'], dem),
      verilab(['sample_dem', '--shots', '0'], dem),
    ]);
    expect(one.stdout.toString()).toMatch(/^1[01]1\n$/);
    expect(again.stdout).toEqual(seeded.stdout);
    expect([none.code, none.stdout.length]).toEqual([0, 0]);
  });

  it('reports a malformed DEM with file, line and column, exit 2, no stack trace', async () => {
    writeFileSync(file('bad.dem'), 'error(0.1) D0\nerror(0.1) D0 X3\n');
    const run = await verilab(['sample_dem', '--in', file('bad.dem')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(new RegExp(`^verilab: ${file('bad.dem').replace(/[.\\/]/g, '\\$&')}:line 2, column 15: `));
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stdout.length).toBe(0);
  });

  it('refuses, exit 2, a chunk of whole sampler blocks too wide to hold, saying how many shots fit', async () => {
    writeFileSync(file('wide.dem'), 'error(0.1) D99999999 L0\n');
    const refused = await verilab(['sample_dem', '--in', file('wide.dem'), '--shots', '5000', '--out', file('wide.b8'), '--out_format', 'b8']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/cannot sample .*wide\.dem: .*4096 shots of 100000000 detectors take 47\.7 GiB at once, more than the 2 GiB sample_dem allows; --shots 171 or fewer fit/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    // Fewer shots than a block are sampled as they are.
    const fits = await verilab(['sample_dem', '--in', file('wide.dem'), '--shots', '3', '--out', file('wide.b8'), '--out_format', 'b8', '--seed', '1']);
    expect(fits.code).toBe(0);
    expect(readFileSync(file('wide.b8')).length).toBe(3 * 12_500_000);
  });

  it('rejects bad flags with a usage message and exit 2', async () => {
    const [shots, format, missing] = await Promise.all([
      verilab(['sample_dem', '--shots', 'many']),
      verilab(['sample_dem', '--out_format', 'r9']),
      verilab(['sample_dem', '--in', file('missing.dem')]),
    ]);
    expect([shots.code, format.code, missing.code]).toEqual([2, 2, 2]);
    expect(shots.stderr).toMatch(/--shots.*expected a non-negative integer/);
    expect(format.stderr).toMatch(/Allowed choices are 01, b8/);
    expect(missing.stderr).toBe(`verilab: cannot read detector error model "${file('missing.dem')}": no such file\n`);
  });

  it('documents in --help that a missing seed is drawn fresh', async () => {
    const run = await verilab(['sample_dem', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout.toString()).toMatch(/--seed <s>[\s\S]*without it a\s+fresh random\s+seed is drawn/);
  });
});
