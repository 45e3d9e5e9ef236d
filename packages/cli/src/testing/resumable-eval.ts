import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { VERILAB } from './run-verilab.ts';

/** Test support for the resumable evaluations: the lines of a results file, and a run killed halfway. */
export const readLines = (file: string): string[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
    : [];

/**
 * Runs the real `verilab` as a child process until `ready()` holds (polled every 10 ms, for at
 * most `timeoutMs`), waits `settleMs` more, then kills it with SIGKILL, as a crash would.
 * Throws if it exits on its own first, or does not get ready in time.
 */
export async function killMidRun(
  args: readonly string[],
  options: { env?: Record<string, string>; ready: () => boolean; timeoutMs: number; settleMs?: number },
): Promise<void> {
  const child = spawn(process.execPath, [...VERILAB, ...args], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_, signal) => resolve(signal)));
  const end = Date.now() + options.timeoutMs;
  while (!options.ready() && child.exitCode === null) {
    if (Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`verilab ${args.join(' ')} did not get ready in ${options.timeoutMs} ms:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => setTimeout(resolve, options.settleMs ?? 0));
  if (child.exitCode !== null) throw new Error(`verilab ${args.join(' ')} exited with ${child.exitCode} before it was killed:\n${stderr}`);
  child.kill('SIGKILL');
  const signal = await exited;
  if (signal !== 'SIGKILL') throw new Error(`verilab ${args.join(' ')} ended by ${signal}, not by the kill:\n${stderr}`);
}
