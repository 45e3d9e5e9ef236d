import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Test support: the real `verilab` command as a child process (tsx loads the TypeScript). */
export const VERILAB = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/verilab.js');

export interface VerilabRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runVerilab(args: readonly string[], options: { cwd?: string } = {}): Promise<VerilabRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [VERILAB, ...args], { cwd: options.cwd, maxBuffer: 1 << 28 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end();
  });
}
