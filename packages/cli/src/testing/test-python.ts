import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Test support: the Python interpreter that runs the repo's Python examples. `.ci/run` builds a
 * virtualenv with the examples' packages and names it in VERILAB_TEST_PYTHON; locally the
 * repo's `.venv-test` is used when present, else `python3` on the PATH.
 *
 * A machine without the packages skips these tests, except under CI (CI=true), where the
 * interpreter was meant to be prepared: there a missing package fails the test instead of
 * letting it pass by skipping.
 */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

function testPython(): string {
  const configured = process.env['VERILAB_TEST_PYTHON'];
  if (configured !== undefined && configured !== '') return configured;
  const venv = path.join(REPO_ROOT, '.venv-test', 'bin', 'python');
  return existsSync(venv) ? venv : 'python3';
}

export interface TestPython {
  readonly python: string;
  /** Why the interpreter cannot run the test (undefined: it can). */
  readonly missing: string | undefined;
  /** Skip rather than fail: only outside CI. */
  readonly skip: boolean;
}

/** The test interpreter, and whether it can import every one of `modules`. */
export function pythonWith(modules: readonly string[]): TestPython {
  const python = testPython();
  let missing: string | undefined;
  try {
    execFileSync(python, ['-c', modules.map((name) => `import ${name}`).join('; ')], { stdio: 'ignore', timeout: 30_000 });
  } catch {
    missing = `${python} cannot import ${modules.join(', ')}: run .ci/run's setup (python3 -m venv .venv-test && .venv-test/bin/pip install ${modules.join(' ')}) or set VERILAB_TEST_PYTHON`;
  }
  return { python, missing, skip: missing !== undefined && process.env['CI'] !== 'true' };
}
