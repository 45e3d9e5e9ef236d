import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { spawnServe } from '../testing/serve-process.ts';
import { pythonWith, REPO_ROOT } from '../testing/test-python.ts';

// The pip-installable client package (clients/python, installed into .ci/run's virtualenv) runs
// its pytest suite against a live `verilab serve`: both clients over HTTP and WebSocket, sync and
// async; the TRL environment_factory classes driven as TRL drives them; the GRPO reward functions
// on a small batch.
const TESTS = path.join(REPO_ROOT, 'clients/python/tests');
const python = pythonWith(['verilab_client', 'pytest']);

describe('clients/python (verilab-client)', () => {
  it.skipIf(python.skip)('passes its test suite against a live server', async () => {
    if (python.missing !== undefined) throw new Error(python.missing);
    const server = await spawnServe({ VERILAB_TOKEN_KEY: Buffer.alloc(32, 7).toString('hex') });
    try {
      const run = promisify(execFile)(python.python, ['-m', 'pytest', TESTS, '-q', '-p', 'no:cacheprovider', '-W', 'error'], {
        cwd: REPO_ROOT,
        timeout: 120_000,
        // No __pycache__ left in clients/python/tests.
        env: { ...process.env, VERILAB_URL: server.url, PYTHONDONTWRITEBYTECODE: '1' },
      });
      const { stdout } = await run.catch((failed: { stdout?: string; stderr?: string }) => {
        throw new Error(`pytest failed:\n${failed.stdout ?? ''}\n${failed.stderr ?? ''}`);
      });
      expect(stdout).toMatch(/^\d+ passed in /m);
      expect(stdout).not.toMatch(/failed|error|skipped/);
    } finally {
      await server.stop();
    }
  });
});
