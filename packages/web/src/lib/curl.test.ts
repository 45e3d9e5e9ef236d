import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { curlCommand, shellQuote } from './curl.ts';

describe('curlCommand', () => {
  it('writes GET and JSON POST requests', () => {
    expect(curlCommand({ method: 'GET', url: 'http://127.0.0.1:8000/health' })).toBe("curl -sS 'http://127.0.0.1:8000/health'");
    expect(curlCommand({ method: 'POST', url: 'http://h/reset', body: { seed: 3, level: 'L2_target' } })).toBe(
      `curl -sS -X POST 'http://h/reset' -H 'content-type: application/json' -d '{"seed":3,"level":"L2_target"}'`,
    );
    expect(curlCommand({ method: 'DELETE', url: 'http://h/envs/physix/interactive/sessions/abc' })).toBe("curl -sS -X DELETE 'http://h/envs/physix/interactive/sessions/abc'");
  });

  it('quotes so that a POSIX shell gives back the exact text', () => {
    const nasty = `it's "$HOME" \`id\` \\ ; done'`;
    // printf through sh: the shell must hand the argument back unchanged.
    expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(nasty)}`]).toString()).toBe(nasty);
  });
});
