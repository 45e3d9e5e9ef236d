import { createReadStream, createWriteStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { formatIssues, type Result, type TextIssue } from '@verilab/core';
import { CliError } from './cli-error.ts';

/** `-` or no path means the standard stream, as in Stim's CLI. */
export const isStdio = (path: string | undefined): path is undefined | '-' =>
  path === undefined || path === '-';

/** Reads a whole text input (a circuit or DEM): a file, or stdin when no path is given. */
export async function readTextInput(path: string | undefined, what: string): Promise<string> {
  if (isStdio(path)) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${what} "${path}": ${describeFsError(error)}`);
  }
}

/**
 * Reads a text input (see readTextInput) and parses it; parse issues become one CliError, a
 * line per issue: `file:line L, column C: message`.
 */
export async function readParsedInput<T>(path: string | undefined, what: string, parse: (text: string) => Result<T, TextIssue>): Promise<T> {
  const parsed = parse(await readTextInput(path, what));
  if (!parsed.ok) throw new CliError(formatIssues(parsed.issues, path ?? '<stdin>'));
  return parsed.value;
}

/** A byte stream over an input file (or stdin), for shot data read incrementally. */
export function openInputStream(path: string | undefined): Readable {
  if (isStdio(path)) return process.stdin;
  const stream = createReadStream(path);
  // Surface open errors through the first read, as a CliError naming the file.
  stream.on('error', () => undefined);
  return stream;
}

/** Iterates a byte stream's chunks, turning file errors into a CliError naming the file. */
export async function* readChunks(
  stream: Readable,
  path: string | undefined,
  what: string,
): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (error) {
    throw new CliError(`cannot read ${what} "${path ?? '-'}": ${describeFsError(error)}`);
  }
}

/**
 * A file's bytes in fresh arrays of `chunkBytes` each (the last one shorter, never empty), read
 * straight into them rather than through a stream's smaller chunks; file errors become a
 * CliError naming the file, as in readChunks.
 */
export async function* readFileChunks(path: string, what: string, chunkBytes: number): AsyncGenerator<Uint8Array> {
  const failed = (error: unknown) => new CliError(`cannot read ${what} "${path}": ${describeFsError(error)}`);
  const file = await open(path, 'r').catch((error: unknown) => {
    throw failed(error);
  });
  try {
    for (let filled = chunkBytes; filled === chunkBytes; ) {
      const chunk = new Uint8Array(chunkBytes);
      for (filled = 0; filled < chunkBytes; ) {
        const { bytesRead } = await file.read(chunk, filled, chunkBytes - filled, null).catch((error: unknown) => {
          throw failed(error);
        });
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      if (filled > 0) yield filled === chunkBytes ? chunk : chunk.subarray(0, filled);
    }
  } finally {
    await file.close();
  }
}

/** An output sink with backpressure: a file, or stdout when no path is given. */
export interface Output {
  /** Queues `chunk`, waiting first when the stream's buffer is full; the chunk must not change afterwards. */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Writes `chunk` and resolves once it is written out, not merely queued: the caller may then reuse its memory. */
  writeOut(chunk: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export function openOutput(path: string | undefined, what: string): Output {
  const stream: Writable = isStdio(path) ? process.stdout : createWriteStream(path);
  let failure: unknown;
  stream.on('error', (error) => {
    failure = error;
  });
  const check = () => {
    if (failure !== undefined) {
      throw new CliError(`cannot write ${what} "${path ?? '-'}": ${describeFsError(failure)}`);
    }
  };
  return {
    async write(chunk) {
      check();
      // events.once rejects if 'error' fires first; racing a second once(…, 'error') would leak
      // one listener per wait (MaxListenersExceededWarning on long outputs).
      if (!stream.write(chunk)) await once(stream, 'drain').catch(() => undefined);
      check();
    },
    async writeOut(chunk) {
      check();
      const error = await new Promise<Error | null | undefined>((resolve) => stream.write(chunk, resolve));
      // The write's own error may come before the stream's 'error' event.
      failure ??= error ?? undefined;
      check();
    },
    async close() {
      check();
      if (isStdio(path)) return;
      await new Promise<void>((resolve) => stream.end(resolve));
      check();
    },
  };
}

/** Writes `value` as indented JSON and a newline to a file, or stdout when no path is given. */
export async function writeJsonOutput(path: string | undefined, what: string, value: unknown): Promise<void> {
  const out = openOutput(path, what);
  await out.write(`${JSON.stringify(value, null, 2)}\n`);
  await out.close();
}

function describeFsError(error: unknown): string {
  if (error instanceof Error && 'code' in error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'is a directory';
    if (code === 'EACCES') return 'permission denied';
  }
  return error instanceof Error ? error.message : String(error);
}
