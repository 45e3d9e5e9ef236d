import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatRowBits, encodeShots } from '@verilab/qec';
import { fixturePath, readFixture } from '@verilab/qec/testing';
import { runInProcess as verilab } from '../testing/run-in-process.ts';
import { runVerilabBytes, type VerilabRun } from '../testing/run-verilab.ts';

const D3 = 'si1000_d3_r3_p0.001'; // 24 detectors, 1 observable
const D5 = 'si1000_d5_r5_p0.001'; // 120 detectors
const work = mkdtempSync(path.join(tmpdir(), 'verilab-predict-'));
const file = (name: string) => path.join(work, name);

/** 01 text → packed rows. */
function pack01(text: string, bits: number): { rows: Uint8Array; shots: number } {
  const lines = text.split('\n').filter((line) => line.length > 0);
  const rowBytes = (bits + 7) >>> 3;
  const rows = new Uint8Array(lines.length * rowBytes);
  lines.forEach((line, s) => {
    for (let k = 0; k < bits; k++) if (line[k] === '1') rows[s * rowBytes + (k >>> 3)]! |= 1 << (k & 7);
  });
  return { rows, shots: lines.length };
}

const noStackTrace = (run: VerilabRun) => expect(run.stderr).not.toMatch(/\n\s+at /);

describe('verilab predict', () => {
  it('reproduces PyMatching predictions.01 from dets.01 (01 in, 01 out)', async () => {
    const runs: VerilabRun[] = [];
    for (const name of [D3, D5]) {
      runs.push(await verilab(['predict', '--dem', fixturePath(name, 'dem.dem'), '--in', fixturePath(name, 'dets.01'), '--in_format', '01']));
    }
    for (const [i, name] of [D3, D5].entries()) {
      expect([runs[i]!.code, runs[i]!.stderr]).toEqual([0, '']);
      expect(runs[i]!.stdout).toBe(readFixture(name, 'predictions.01'));
    }
  });

  it('reads b8 with appended observables (from stdin or a file) and writes b8', async () => {
    const dets = pack01(readFixture(D3, 'dets.01'), 24);
    const obs = pack01(readFixture(D3, 'obs.01'), 1);
    const withObs = encodeShots('b8', concatRowBits(dets.rows, 24, obs.rows, 1, dets.shots), 25, dets.shots);
    writeFileSync(file('d3.b8'), withObs);
    const expected = Buffer.from(encodeShots('b8', pack01(readFixture(D3, 'predictions.01'), 1).rows, 1, dets.shots));
    const fromFile = await verilab(['predict', '--dem', fixturePath(D3, 'dem.dem'), '--in', file('d3.b8'), '--in_includes_appended_observables', '--out', file('p.b8'), '--out_format', 'b8']);
    const fromStdin = await runVerilabBytes(['predict', '--dem', fixturePath(D3, 'dem.dem'), '--in_includes_appended_observables', '--out_format', 'b8'], { stdin: withObs });
    expect([fromFile.code, fromFile.stderr, fromStdin.code, fromStdin.stderr]).toEqual([0, '', 0, '']);
    expect(readFileSync(file('p.b8'))).toEqual(expected);
    expect(fromStdin.stdout).toEqual(expected);
  });

  it('rejects bad input with a clear message and exit code 2', async () => {
    const dem = fixturePath(D3, 'dem.dem');
    const lines = readFixture(D3, 'dets.01').split('\n');
    writeFileSync(file('short.01'), [...lines.slice(0, 17), lines[17]!.slice(1), ...lines.slice(18)].join('\n'));
    writeFileSync(file('bad.dem'), 'error(0.1) D0 D1\nerror(0.1) D1 D2 D3\n');
    writeFileSync(file('typo.dem'), 'error(0.1) D0\nerorr(0.1) D1\n');
    writeFileSync(file('isolated.dem'), 'error(0.1) D0\ndetector D1\n');
    writeFileSync(file('isolated.01'), '00\n01\n');
    // Inside a repeat block, with a parse problem after it (reported instead: it comes first).
    writeFileSync(file('bad-repeat.dem'), 'repeat 2 {\n  error(0.1) D0 ^ D0 D1 D2\n}\n');
    writeFileSync(file('bad-then-typo.dem'), 'error(0.1) D0 D1 D2\nerror(2) D0\n');
    // A decoder sized by this id would need ~100 GB: refused before anything is allocated.
    writeFileSync(file('huge.dem'), 'error(0.1) D0 L0\ndetector D2100000000\n');
    const runs: VerilabRun[] = [];
    for (const args of [
      ['--dem', dem, '--in', file('short.01'), '--in_format', '01'],
      ['--dem', file('bad.dem'), '--in', file('isolated.01'), '--in_format', '01'],
      ['--dem', file('typo.dem'), '--in', file('isolated.01'), '--in_format', '01'],
      ['--dem', file('isolated.dem'), '--in', file('isolated.01'), '--in_format', '01'],
      ['--in', file('isolated.01')],
      ['--dem', file('missing.dem'), '--in', file('isolated.01')],
      ['--dem', file('bad-repeat.dem'), '--in', file('isolated.01'), '--in_format', '01'],
      ['--dem', file('bad-then-typo.dem'), '--in', file('isolated.01'), '--in_format', '01'],
      ['--dem', file('huge.dem'), '--in', file('isolated.01'), '--in_format', '01'],
      ['--dem', file('huge.dem'), '--in', file('isolated.01'), '--in_format', '01', '--enable_correlations'],
    ]) {
      runs.push(await verilab(['predict', ...args]));
    }
    for (const run of runs) {
      expect(run.code).toBe(2);
      noStackTrace(run);
    }
    const [short, nonGraphlike, typo, isolated, noDem, missing, badRepeat, badThenTypo, huge, hugeCorrelated] = runs;
    expect(short!.stderr).toMatch(/short\.01:line 18, column \d+: .*23.*24|short\.01:line 18/);
    expect(nonGraphlike!.stderr).toMatch(/bad\.dem:line 2: error mechanism #1 flips 3 detectors \(D1 D2 D3\)/);
    expect(typo!.stderr).toMatch(/typo\.dem:line 2, column 1: /);
    expect(isolated!.stderr).toMatch(/isolated\.01: shot 1: no perfect matching exists for detection events D1/);
    expect(noDem!.stderr).toMatch(/--dem/);
    expect(missing!.stderr).toMatch(/cannot read detector error model ".*missing\.dem": no such file/);
    expect(badRepeat!.stderr).toMatch(/bad-repeat\.dem:line 2: error mechanism #0 component 2 of 2 flips 3 detectors \(D0 D1 D2\)/);
    expect(badThenTypo!.stderr).toMatch(/bad-then-typo\.dem:line 2, column 7: probability must be in \[0, 1\], got 2/);
    for (const run of [huge, hugeCorrelated]) expect(run!.stderr).toMatch(/huge\.dem: the model has 2100000001 detectors; matching decodes models of at most 16777216 .*\(D2100000000\)/);
  });
});

// count_mistakes shares predict's loading and decoding (predict.ts), so its tests live here too.
describe('verilab count_mistakes', () => {
  it('counts shots whose prediction differs from the actual flips, from --obs_in or appended observables', async () => {
    const predictions = readFixture(D3, 'predictions.01').split('\n');
    const actual = readFixture(D3, 'obs.01').split('\n');
    const shots = predictions.filter((line) => line.length > 0).length;
    const mistakes = predictions.filter((line, i) => line.length > 0 && line !== actual[i]).length;
    const dets = pack01(readFixture(D3, 'dets.01'), 24);
    const obs = pack01(readFixture(D3, 'obs.01'), 1);
    writeFileSync(file('d3-count.b8'), encodeShots('b8', concatRowBits(dets.rows, 24, obs.rows, 1, dets.shots), 25, dets.shots));
    const viaObsIn = await verilab(['count_mistakes', '--dem', fixturePath(D3, 'dem.dem'), '--in', fixturePath(D3, 'dets.01'), '--obs_in', fixturePath(D3, 'obs.01')]);
    const viaAppended = await verilab(['count_mistakes', '--dem', fixturePath(D3, 'dem.dem'), '--in', file('d3-count.b8'), '--in_format', 'b8', '--in_includes_appended_observables', '--out', file('count.txt')]);
    expect([viaObsIn.code, viaObsIn.stderr, viaObsIn.stdout]).toEqual([0, '', `${mistakes} / ${shots}\n`]);
    expect([viaAppended.code, viaAppended.stderr, viaAppended.stdout]).toEqual([0, '', '']);
    expect(readFileSync(file('count.txt'), 'utf8')).toBe(`${mistakes} / ${shots}\n`);
    expect(mistakes).toBeGreaterThan(0);
  });

  it('needs the actual observables, and the two inputs must have the same number of shots', async () => {
    const dem = fixturePath(D3, 'dem.dem');
    const dets = fixturePath(D3, 'dets.01');
    writeFileSync(file('obs-short.01'), readFixture(D3, 'obs.01').split('\n').slice(0, 100).join('\n') + '\n');
    writeFileSync(file('obs-long.01'), readFixture(D3, 'obs.01') + '0\n');
    const runs: VerilabRun[] = [];
    for (const obsIn of [[], ['--obs_in', file('obs-short.01')], ['--obs_in', file('obs-long.01')]]) {
      runs.push(await verilab(['count_mistakes', '--dem', dem, '--in', dets, ...obsIn]));
    }
    for (const run of runs) {
      expect(run.code).toBe(2);
      noStackTrace(run);
    }
    expect(runs[0]!.stderr).toMatch(/--in_includes_appended_observables or --obs_in/);
    expect(runs[1]!.stderr).toMatch(/obs-short\.01 ended after 100 shots/);
    expect(runs[2]!.stderr).toMatch(/obs-long\.01 has more shots than the 10000/);
  });
});
