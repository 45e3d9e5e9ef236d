import { spawn, type ChildProcess } from 'node:child_process';
import { VERILAB } from './run-verilab.ts';

/**
 * Test support: `verilab serve` as a real child process on an ephemeral loopback port. The URL
 * is read from the server's start-up line on stderr; every wait is bounded.
 */
export interface ServeProcess {
  readonly url: string;
  readonly child: ChildProcess;
  stderr(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** `verilab` is the Node arguments that start the command (by default its TypeScript sources). */
export function spawnServe(env: Record<string, string>, args: readonly string[] = ['--port', '0'], verilab: readonly string[] = VERILAB): Promise<ServeProcess> {
  const child = spawn(process.execPath, [...verilab, 'serve', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`verilab serve did not start in time:\n${stderr}`));
    }, 30_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /serving \S+ on (http:\/\/\S+) /.exec(stderr)?.[1];
      if (url === undefined) return;
      clearTimeout(timer);
      resolve({
        url,
        child,
        stderr: () => stderr,
        stop: () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`verilab serve exited with ${code}:\n${stderr}`));
    });
  });
}
