import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { spawnServe } from '../testing/serve-process.ts';
import { pythonWith, REPO_ROOT } from '../testing/test-python.ts';

// The PhysiX Python client (requests) and the client package's TRL class against a live
// `verilab serve`: multi-turn episodes over HTTP tokens, the interactive API, and the
// environment_factory class refusing an over-long parameter name without spending a turn.
const EXAMPLE = path.join(REPO_ROOT, 'examples/python/play_physix.py');
const python = pythonWith(['requests', 'verilab_client']);

describe('examples/python PhysiX', () => {
  it.skipIf(python.skip)('plays multi-turn episodes over HTTP and drives the TRL environment class', async () => {
    if (python.missing !== undefined) throw new Error(python.missing);
    const server = await spawnServe({ VERILAB_TOKEN_KEY: Buffer.alloc(32, 6).toString('hex') });
    try {
      const { stdout } = await promisify(execFile)(python.python, [EXAMPLE, '--url', server.url, '--episodes', '3'], {
        timeout: 60_000,
        // No __pycache__ left in examples/python.
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      });
      const mean = (policy: string) => Number(new RegExp(`^${policy} +mean score (\\d\\.\\d{3}) over 3 episodes \\(free_fall\\)$`, 'm').exec(stdout)?.[1]);
      // The true law scores near the top; no force does not.
      expect(mean('gravity')).toBeGreaterThan(0.9);
      expect(mean('no-force')).toBeLessThan(0.5);
      expect(stdout).toMatch(/^spent token refused with 400$/m);
      expect(stdout).toMatch(/^interactive session: turn 1, ended: True$/m);
      // The episode's reward, the sum of its turns' rewards, is its best turn's score.
      const trl = /^TRL environment: reward (\d\.\d{3}) after 2 turns; turn 2: score (\d\.\d{3}), reward \d\.\d{3} \(the gain on the best earlier turn\), match \d\.\d{3}; converged/m.exec(stdout);
      expect(Number(trl?.[1])).toBeGreaterThan(0.9);
      expect(trl?.[2]).toBe(trl?.[1]);
    } finally {
      await server.stop();
    }
  });
});
