import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { spawnServe } from '../testing/serve-process.ts';
import { pythonWith, REPO_ROOT } from '../testing/test-python.ts';

// The Python example (requests, and the client package's TRL class) against a live `verilab serve`;
// its "decoder" policy asks POST /decode, so this server exposes the decoder.
const EXAMPLE = path.join(REPO_ROOT, 'examples/python/play_http.py');
const python = pythonWith(['requests', 'verilab_client']);

describe('examples/python', () => {
  it.skipIf(python.skip)('plays episodes over HTTP and drives the TRL environment class', async () => {
    if (python.missing !== undefined) throw new Error(python.missing);
    const server = await spawnServe({ VERILAB_TOKEN_KEY: Buffer.alloc(32, 5).toString('hex') }, ['--port', '0', '--expose-decoder']);
    try {
      const { stdout } = await promisify(execFile)(python.python, [EXAMPLE, '--url', server.url, '--episodes', '5'], { timeout: 60_000 });
      expect(stdout).toMatch(/^empty {4}mean reward 0\.\d{3} over 5 episodes \(L2_target\)$/m);
      expect(stdout).toMatch(/^decoder {2}mean reward 0\.\d{3} over 5 episodes/m);
      expect(stdout).toMatch(/^TRL environment: reward 0\.\d{3}; total reward/m);
    } finally {
      await server.stop();
    }
  });
});
