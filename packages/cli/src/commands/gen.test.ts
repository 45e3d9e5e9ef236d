import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../main.ts';
import { runVerilab } from '../testing/run-verilab.ts';
import {
  STIM_FIXTURES,
  readFixture,
  type StimFixture,
} from '@verilab/qec/testing';

/** The `stim gen` command line that made a fixture (PROVENANCE.md), minus the binary name. */
function stimGenArgs(fixture: StimFixture): string[] {
  const { noise } = fixture;
  return [
    'gen',
    '--code',
    'surface_code',
    '--task',
    fixture.task,
    '--distance',
    String(fixture.distance),
    '--rounds',
    String(fixture.rounds),
    '--after_clifford_depolarization',
    String(noise.afterCliffordDepolarization),
    '--before_round_data_depolarization',
    String(noise.beforeRoundDataDepolarization),
    '--before_measure_flip_probability',
    String(noise.beforeMeasureFlipProbability),
    '--after_reset_flip_probability',
    String(noise.afterResetFlipProbability),
  ];
}

async function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const capture = (sink: string[]) => (chunk: string | Uint8Array) => {
    sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture(stdout) as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture(stderr) as typeof process.stderr.write);
  try {
    const code = await main(args);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('verilab gen', () => {
  it.each(STIM_FIXTURES.map((fixture) => [fixture.name, fixture] as const))(
    'prints circuit.stim of %s byte for byte',
    async (_, fixture) => {
      const result = await run(stimGenArgs(fixture));
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toBe(readFixture(fixture, 'circuit.stim'));
    },
  );

  it('writes --out files and accepts the noise profile shortcut', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'verilab-gen-'));
    try {
      const file = path.join(dir, 'c.stim');
      const args = [
        'gen',
        '--code',
        'surface_code',
        '--task',
        'rotated_memory_x',
        '--distance',
        '3',
        '--rounds',
        '3',
      ];
      const result = await run([
        ...args,
        '--noise_profile',
        'si1000-like',
        '--p',
        '0.001',
        '--out',
        file,
      ]);
      expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
      expect(readFileSync(file, 'utf8')).toBe(readFixture('si1000x_d3_r3_p0.001', 'circuit.stim'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("accepts Stim's deprecated --gen alias and noiseless defaults", async () => {
    const result = await run([
      'gen',
      '--gen',
      'surface_code',
      '--task',
      'rotated_memory_z',
      '--distance',
      '2',
      '--rounds',
      '1',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('# after_clifford_depolarization: 0\n');
    expect(result.stdout).toContain('\nR 1 3 6 8 2 7 12\n');
    expect(result.stdout).not.toMatch(/ERROR|DEPOLARIZE|REPEAT/);
  });

  const base = [
    'gen',
    '--code',
    'surface_code',
    '--task',
    'rotated_memory_z',
    '--distance',
    '3',
    '--rounds',
    '2',
  ];
  it.each([
    [
      ['gen', '--code', 'color_code', '--task', 'rotated_memory_z', '--distance', '3', '--rounds', '2'],
      /Allowed choices are surface_code/,
    ],
    [
      ['gen', '--code', 'surface_code', '--task', 'memory', '--distance', '3', '--rounds', '2'],
      /rotated_memory_z, rotated_memory_x/,
    ],
    [['gen', '--task', 'rotated_memory_z', '--distance', '3', '--rounds', '2'], /--code/],
    [['gen', '--code', 'surface_code', '--distance', '3', '--rounds', '2'], /--task/],
    [['gen', '--code', 'surface_code', '--task', 'rotated_memory_z', '--rounds', '2'], /--distance/],
    [[...base.slice(0, 6), '1', '--rounds', '2'], /integer from 2 to 2047/],
    [[...base.slice(0, 6), '3.5', '--rounds', '2'], /integer from 2 to 2047/],
    [[...base.slice(0, 8), '0'], /integer >= 1/],
    [[...base, '--after_clifford_depolarization', '1.5'], /probability in \[0, 1\]/],
    [[...base, '--after_reset_flip_probability', 'abc'], /probability in \[0, 1\]/],
    [[...base, '--noise_profile', 'si1000'], /Allowed choices are si1000-like, uniform/],
    [[...base, '--noise_profile', 'uniform'], /needs --p/],
    [[...base, '--p', '0.001'], /--p needs --noise_profile/],
    [
      [...base, '--noise_profile', 'uniform', '--p', '0.1', '--after_clifford_depolarization', '0.1'],
      /drop --after_clifford/,
    ],
    [[...base, '--noise_profile', 'si1000-like', '--p', '0.5'], /more than 1/],
    [[...base, '--bogus'], /unknown option/],
  ])('rejects %j with exit code 2', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('works as the real binary', async () => {
    const fixture = STIM_FIXTURES[0];
    if (fixture === undefined) throw new Error('no fixtures');
    const generated = await runVerilab(stimGenArgs(fixture));
    expect([generated.code, generated.stdout]).toEqual([0, readFixture(fixture, 'circuit.stim')]);
    const failure = await runVerilab(['gen', '--distance', 'x']);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toMatch(/--distance/);
  });
});
