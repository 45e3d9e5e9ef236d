import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main.ts';

/** Runs the CLI in process and captures stdout and stderr. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation(
    (chunk) => ((stdout += String(chunk)), true),
  );
  vi.spyOn(process.stderr, 'write').mockImplementation(
    (chunk) => ((stderr += String(chunk)), true),
  );
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

afterEach(() => vi.restoreAllMocks());

describe('verilab physix verify', () => {
  it('prints the verdict as JSON: R² per variable, both profiles, noise', async () => {
    const { code, stdout, stderr } = await run([
      'physix',
      'verify',
      '--system',
      'free_fall',
      '--equation',
      'd2y/dt2 = -g',
      '--params',
      '{"g": 9.81}',
      '--seed',
      '4',
    ]);
    expect([code, stderr]).toEqual([0, '']);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({
      system_id: 'free_fall',
      seed: 4,
      accepted: true,
      equation: 'd2y/dt2 = -g',
      failure: null,
      fit: null,
    });
    expect(result.r2.y).toBeGreaterThan(0.99);
    expect(result.r2.vy).toBeGreaterThan(0.99);
    expect(result.rewards.v1.total).toBeGreaterThan(0.9);
    expect(result.rewards['anti-hack'].format).toBe(1);
    expect(result.noise.relative_sigma).toBe(0.01);
  });

  it('--fit fits the declared parameters', async () => {
    const { code, stdout } = await run([
      'physix',
      'verify',
      '--system',
      'spring_mass',
      '--equation',
      'd2x/dt2 = -w*x',
      '--params',
      '{"w": 10}',
      '--seed',
      '2',
      '--fit',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.fit.converged).toBe(true);
    expect(result.r_match).toBeGreaterThan(0.99);
  });

  it('a diverging equation is a verdict (exit 0, format 0, the failure explained)', async () => {
    const { code, stdout } = await run([
      'physix',
      'verify',
      '--system',
      'free_fall',
      '--equation',
      'd2y/dt2 = log(vy)',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.accepted).toBe(false);
    expect(result.failure.message).toMatch(/log\(vy\) received zero/);
    expect(result.rewards.v1.format).toBe(0);
  });

  it('bad input exits 2 with a clear message and no stack trace', async () => {
    const rejected = await run([
      'physix',
      'verify',
      '--system',
      'free_fall',
      '--equation',
      'd2y/dt2 = -g*t',
      '--params',
      '{"g": 9.81}',
    ]);
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toMatch(
      /^verilab: equation rejected:\nline 1, column 14: 't' is not allowed: the system is autonomous/,
    );
    expect(JSON.parse(rejected.stdout).issues[0].code).toBe('time-symbol');

    const cases: [string[], RegExp][] = [
      [
        ['--system', 'nope', '--equation', 'x'],
        /unknown system "nope"; the systems are free_fall, /,
      ],
      [
        ['--system', 'free_fall', '--equation', 'd2y/dt2 = -g', '--params', '{g: 1}'],
        /--params is not valid JSON/,
      ],
      [
        ['--system', 'free_fall', '--equation', 'd2y/dt2 = -g', '--params', '{"g": "9.81"}'],
        /params\.g: must be a finite number, got the string "9\.81"/,
      ],
      [
        ['--system', 'free_fall', '--equation', 'd2y/dt2 = -g', '--seed', '1.5'],
        /expected a non-negative integer/,
      ],
      [['--system', 'free_fall'], /required option '--equation <text>' not specified/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await run(['physix', 'verify', ...args]);
      expect(code).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
