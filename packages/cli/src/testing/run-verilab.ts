import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Test support: the real `verilab` command as a child process — Node's arguments that run it
 * from its TypeScript sources (tsx, and the workspace packages' "@verilab/source" export
 * condition), so tests never run a stale dist/. Worker threads inherit these arguments.
 */
export const VERILAB: readonly string[] = [
  '--conditions=@verilab/source',
  '--import',
  pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href,
  fileURLToPath(new URL('../main.ts', import.meta.url)),
];

export interface VerilabRun<Out = string> {
  readonly code: number;
  readonly stdout: Out;
  readonly stderr: string;
}

export interface VerilabRunOptions {
  readonly cwd?: string;
  /** Written to the command's stdin, which is then closed (empty by default). */
  readonly stdin?: string | Uint8Array;
}

export function runVerilab(args: readonly string[], options: VerilabRunOptions = {}): Promise<VerilabRun> {
  return run(args, options, (stdout) => stdout.toString('utf8'));
}

/** As runVerilab, with stdout as bytes (binary shot data). */
export function runVerilabBytes(args: readonly string[], options: VerilabRunOptions = {}): Promise<VerilabRun<Buffer>> {
  return run(args, options, (stdout) => stdout);
}

function run<Out>(args: readonly string[], options: VerilabRunOptions, stdoutOf: (stdout: Buffer) => Out): Promise<VerilabRun<Out>> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [...VERILAB, ...args], { cwd: options.cwd, encoding: 'buffer', maxBuffer: 1 << 28 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: stdoutOf(stdout), stderr: stderr.toString('utf8') });
    });
    child.stdin?.end(options.stdin ?? '');
  });
}
