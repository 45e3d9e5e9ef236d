import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { spawnServe } from '../testing/serve-process.ts';
import { pythonWith, REPO_ROOT } from '../testing/test-python.ts';

// The original Qubit-Medic client (a faithful port of its httpx DecoderClient, in
// examples/python/original_client) against a live `verilab serve --compat original`: the
// driver asserts integer ids, the query-string forced_level, the Stim DEM digests, the v1
// defaults, /healthz keys, state.step_count and clear 400s.
const DRIVER = path.join(REPO_ROOT, 'examples/python/original_client/drive_original_client.py');
const python = pythonWith(['httpx']);

describe('verilab serve --compat original', () => {
  it.skipIf(python.skip)("runs the original project's DecoderClient unchanged", async () => {
    if (python.missing !== undefined) throw new Error(python.missing);
    const server = await spawnServe({}, ['--port', '0', '--compat', 'original']);
    try {
      const { stdout } = await promisify(execFile)(python.python, [DRIVER, '--url', server.url], { timeout: 60_000, cwd: path.dirname(DRIVER) });
      expect(stdout).toMatch(/^ok: reset forces L1_warmup through the query string, episode_id 1 is an int$/m);
      expect(stdout).toMatch(/^ok: L2 dem_digest 523853f2 is Stim's$/m);
      expect(stdout.trim().split('\n').at(-1)).toBe('original client: all checks passed');
    } finally {
      await server.stop();
    }
  });

  it('refuses an unknown compat mode with exit 2', async () => {
    const server = spawnServe({}, ['--port', '0', '--compat', 'newest']);
    await expect(server).rejects.toThrow(/exited with 2:[\s\S]*--compat="newest"/);
  });
});
