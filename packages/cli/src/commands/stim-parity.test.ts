import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwrap } from '@verilab/core';
import { concatRowBits, encodeShots, ShotDecoder, type ShotFormat } from '@verilab/qec';
import { bitRates, expectRatesAgree, fixturePath, STIM_FIXTURES_DIR, STIM_FORMAT_FIXTURES_DIR } from '@verilab/qec/testing';
import { runInProcess as verilab } from '../testing/run-in-process.ts';

/**
 * Stim parity of the shot-data commands, against files Stim wrote (qec/fixtures/stim/formats:
 * 256 shots of the d3 r3 SI1000-like circuit, 24 detectors, 1 observable, 33 measurements).
 */
const FIXTURE = 'si1000_d3_r3_p0.001';
const CIRCUIT = fixturePath(FIXTURE, 'circuit.stim');
const DENSE: readonly ShotFormat[] = ['01', 'b8', 'r8', 'ptb64', 'hits'];
const stim = (name: string) => path.join(STIM_FORMAT_FIXTURES_DIR, name);
const work = mkdtempSync(path.join(tmpdir(), 'verilab-stim-parity-'));
const file = (name: string) => path.join(work, name);
const bytes = (p: string) => new Uint8Array(readFileSync(p));

function decode(format: ShotFormat, bits: number, data: Uint8Array): Uint8Array {
  const decoder = new ShotDecoder(format, bits);
  const { rows } = unwrap(decoder.push(data), `cannot decode ${format}`);
  unwrap(decoder.finish(), `cannot decode ${format}`);
  return rows;
}

async function ok(args: readonly string[]): Promise<void> {
  const run = await verilab(args);
  expect([run.code, run.stderr]).toEqual([0, '']);
}

describe('verilab convert reproduces Stim-written files in every format', () => {
  const shapes = [
    ['dets', ['--num_detectors', '24']],
    ['obs', ['--num_observables', '1']],
    ['meas', ['--circuit', CIRCUIT]],
  ] as const;
  it.each(shapes.flatMap(([stem, shape]) => DENSE.flatMap((from) => DENSE.filter((to) => to !== from).map((to) => [stem, shape, from, to] as const))))(
    '%s: %s → %s',
    async (stem, shape, from, to) => {
      const out = file(`${stem}.${from}-to.${to}`);
      await ok(['convert', '--in', stim(`${stem}.${from}`), '--in_format', from, '--out', out, '--out_format', to, ...shape]);
      expect(bytes(out)).toEqual(bytes(stim(`${stem}.${to}`)));
    },
  );

  it('splits dets with appended observables into 01 detectors and observables (--obs_out)', async () => {
    await ok([
      'convert', '--in', stim('dets_with_obs.dets'), '--in_format', 'dets', '--dem', fixturePath(FIXTURE, 'dem.dem'),
      '--out', file('split.01'), '--obs_out', file('split.obs.01'),
    ]);
    expect(bytes(file('split.01'))).toEqual(bytes(stim('dets.01')));
    expect(bytes(file('split.obs.01'))).toEqual(bytes(stim('obs.01')));
  });

  it('names the file, line and shot of malformed input, exit 2', async () => {
    writeFileSync(file('bad.hits'), '1,2\n\n3,99\n');
    const run = await verilab(['convert', '--in', file('bad.hits'), '--in_format', 'hits', '--bits_per_shot', '24', '--out', file('x.01')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`verilab: ${file('bad.hits')}:line 3, column 5: shot 2 (line 3): hit 99 is out of range: shots have 24 bits — is the bit count right?\n`);
  });
});

describe('verilab m2d', () => {
  it.each(DENSE)("equals Stim's m2d byte for byte on Stim's measurements (--in_format %s)", async (format) => {
    await ok(['m2d', '--circuit', CIRCUIT, '--in', stim(`meas.${format}`), '--in_format', format, '--out', file(`m2d.${format}.01`), '--obs_out', file(`m2d.${format}.obs.01`)]);
    expect(bytes(file(`m2d.${format}.01`))).toEqual(bytes(stim('m2d_dets.01')));
    expect(bytes(file(`m2d.${format}.obs.01`))).toEqual(bytes(stim('m2d_obs.01')));
  });
});

describe('verilab sample', () => {
  it("matches Stim's per-measurement rates, and unseeded runs draw fresh seeds", async () => {
    const shots = 8192;
    await ok(['sample', '--in', CIRCUIT, '--shots', String(shots), '--seed', '11', '--out', file('meas.b8'), '--out_format', 'b8']);
    const ours = decode('b8', 33, bytes(file('meas.b8')));
    const theirs = decode('b8', 33, bytes(stim('meas.b8')));
    expectRatesAgree('measurement', bitRates(ours, 33, shots), shots, bitRates(theirs, 33, 256), 256);
    const [a, b] = [await verilab(['sample', '--in', CIRCUIT, '--shots', '64']), await verilab(['sample', '--in', CIRCUIT, '--shots', '64'])];
    expect(a.stdout).not.toEqual(b.stdout);
  });

  it('refuses ptb64 for a shot count that is not a multiple of 64', async () => {
    const run = await verilab(['sample', '--in', CIRCUIT, '--shots', '100', '--out_format', 'ptb64']);
    expect([run.code, run.stderr]).toEqual([2, 'verilab: --out_format ptb64 needs a multiple of 64 shots, but --shots is 100\n']);
  });
});

describe('verilab detect in every format', () => {
  it('writes the same bits in all six formats; dets shows observables first, or last with --append_observables', async () => {
    const common = ['detect', '--in', CIRCUIT, '--shots', '320', '--seed', '4'];
    await ok([...common, '--out', file('d.b8'), '--out_format', 'b8', '--obs_out', file('o.b8'), '--obs_out_format', 'b8']);
    const dets = decode('b8', 24, bytes(file('d.b8')));
    const obs = decode('b8', 1, bytes(file('o.b8')));
    for (const format of DENSE) {
      await ok([...common, '--out', file(`d.${format}`), '--out_format', format]);
      expect(bytes(file(`d.${format}`))).toEqual(encodeShots(format, dets, 24, 320));
    }
    await ok([...common, '--out', file('d.dets'), '--out_format', 'dets']);
    const prepended = [{ prefix: 'L', count: 1 }, { prefix: 'D', count: 24 }] as const;
    expect(bytes(file('d.dets'))).toEqual(encodeShots('dets', concatRowBits(obs, 1, dets, 24, 320), 25, 320, prepended));
    await ok([...common, '--out', file('a.dets'), '--out_format', 'dets', '--append_observables']);
    const appended = [{ prefix: 'D', count: 24 }, { prefix: 'L', count: 1 }] as const;
    expect(bytes(file('a.dets'))).toEqual(encodeShots('dets', concatRowBits(dets, 24, obs, 1, 320), 25, 320, appended));
  });
});

describe('pymatching parity in every format', () => {
  it.each(DENSE.filter((f) => f !== '01'))('predict reads Stim-written %s detection events and writes the same predictions in that format', async (format) => {
    const dem = fixturePath(FIXTURE, 'dem.dem');
    await ok(['predict', '--dem', dem, '--in', stim('dets.01'), '--in_format', '01', '--out', file('pred.01')]);
    await ok(['predict', '--dem', dem, '--in', stim(`dets.${format}`), '--in_format', format, '--out', file(`pred.${format}`), '--out_format', format]);
    expect(bytes(file(`pred.${format}`))).toEqual(encodeShots(format, decode('01', 1, bytes(file('pred.01'))), 1, 256));
  });

  it('count_mistakes reads dets with appended observables and reports --time on stderr', async () => {
    const run = await verilab([
      'count_mistakes', '--dem', fixturePath(FIXTURE, 'dem.dem'), '--in', stim('dets_with_obs.dets'), '--in_format', 'dets',
      '--in_includes_appended_observables', '--time',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+ \/ 256\n$/);
    expect(run.stderr).toMatch(/^Total decoding time: \d+us\nDecoding time per shot: [\d.e-]+us\n$/);
  });
});

describe('verilab explain_errors', () => {
  const explain = (name: string) => path.join(STIM_FIXTURES_DIR, 'explain_errors', name);
  it.each([
    [['--in', explain('small.stim')], 'small.explained.txt'],
    [['--in', explain('repeat_coords.stim')], 'repeat_coords.explained.txt'],
    [['--in', fixturePath('si1000_d3_r1_p0.0005', 'circuit.stim')], 'si1000_d3_r1.explained.txt'],
    [['--in', CIRCUIT, '--dem_filter', explain('filter.dem')], 'si1000_d3_r3.filtered.txt'],
    [['--in', explain('repeat_coords.stim'), '--single'], 'repeat_coords.single.txt'],
    [['--in', CIRCUIT, '--single'], 'si1000_d3_r3.single.txt'],
  ])("%j prints Stim's explanation byte for byte (%s)", async (args, expected) => {
    const run = await verilab(['explain_errors', ...args]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(readFileSync(explain(expected), 'utf8'));
  });
});

describe('commands and help, as Stim', () => {
  it.each(['gen', 'detect', 'sample', 'm2d', 'convert', 'analyze_errors', 'explain_errors', 'sample_dem', 'predict', 'count_mistakes', 'collect', 'combine'])(
    '`%s --help` prints that command’s help, exit 0',
    async (name) => {
      const run = await verilab([name, '--help']);
      expect([run.code, run.stdout.split('\n')[0]]).toEqual([0, `Usage: verilab ${name} [options]${name === 'combine' ? ' <csv...>' : ''}`]);
    },
  );

  it('unknown commands exit 2 naming the command, even with --help', async () => {
    for (const args of [['explode'], ['explode', '--help'], ['physix', 'explode']]) {
      const run = await verilab(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^verilab: unknown command '${['verilab', ...args.filter((a) => a !== '--help')].join(' ')}'; the commands are: `));
    }
  });
});
