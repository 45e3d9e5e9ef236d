/**
 * Type-checking and lint run inside the test suite, so CI's `N passed, N failed` line counts
 * them and a type error can never land green.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function run(command: string, args: string[]): { code: number; output: string } {
  try {
    const output = execFileSync(command, args, { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, output };
  } catch (error) {
    const failure = error as { status?: number; stdout?: string; stderr?: string };
    return { code: failure.status ?? 1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

describe('repository checks', () => {
  it('type-checks every package (npm run typecheck)', () => {
    const result = run('npm', ['run', '--silent', 'typecheck']);
    expect(result.output).toBe(result.code === 0 ? result.output : '<no type errors>');
    expect(result.code).toBe(0);
  }, 300_000);

  it('passes lint, including the purity rules of the core packages (npm run lint)', () => {
    const result = run('npm', ['run', '--silent', 'lint']);
    expect(result.output).toBe(result.code === 0 ? result.output : '<no lint errors>');
    expect(result.code).toBe(0);
  }, 300_000);
});
