import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { spawnServe } from '../testing/serve-process.ts';

// The Python example (standard library + requests) against a live `verilab serve`.
const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/python/play_http.py');

function pythonWithRequests(): boolean {
  try {
    execFileSync('python3', ['-c', 'import requests'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('examples/python', () => {
  it.skipIf(!pythonWithRequests())('plays episodes over HTTP and drives the TRL environment class', async () => {
    const server = await spawnServe({ VERILAB_TOKEN_KEY: Buffer.alloc(32, 5).toString('hex') });
    try {
      const { stdout } = await promisify(execFile)('python3', [EXAMPLE, '--url', server.url, '--episodes', '5'], { timeout: 60_000 });
      expect(stdout).toMatch(/^empty {4}mean reward 0\.\d{3} over 5 episodes \(L2_target\)$/m);
      expect(stdout).toMatch(/^decoder {2}mean reward 0\.\d{3} over 5 episodes/m);
      expect(stdout).toMatch(/^TRL environment: reward 0\.\d{3}; total reward/m);
    } finally {
      await server.stop();
    }
  });
});
