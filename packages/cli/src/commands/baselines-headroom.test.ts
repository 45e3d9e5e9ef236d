import { describe, expect, it } from 'vitest';
import { runInProcess } from '../testing/run-in-process.ts';

describe('verilab headroom', () => {
  it('pairs the optimal and matching decoders on the same shots of each level', async () => {
    const result = await runInProcess(['headroom', '--levels', 'L1_warmup,L2_target', '--shots', '3000', '--seed', '5']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(Object.keys(report)).toEqual(['L1_warmup', 'L2_target']);
    for (const cell of Object.values(report) as { shots: number; seed: number; matching: { errors: number }; optimal: { errors: number }; only_matching_wrong: number; only_optimal_wrong: number }[]) {
      expect(cell).toMatchObject({ shots: 3000, seed: 5 });
      expect(cell.optimal.errors - cell.matching.errors).toBe(cell.only_optimal_wrong - cell.only_matching_wrong);
    }
  });

  it.each([
    [['--levels', 'L3_stretch', '--shots', '10'], /level L3_stretch: exact maximum-likelihood decoding needs more than 20 detectors/],
    [['--levels', 'L2_target', '--shots', '0'], /positive integer/],
    [['--levels', 'L9_nope', '--shots', '10'], /unknown level "L9_nope"/],
  ])('rejects %j with exit 2 and no stack trace', async (args, message) => {
    const result = await runInProcess(['headroom', ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
