/**
 * The per-episode JSONL file of `verilab eval` and `verilab physix eval`, which is also its
 * checkpoint: each finished episode is appended as one line at once, so after a crash or a kill
 * the file holds whole episodes plus at most one cut-off last line. Loading drops that line (and
 * trims it from the file, so appends start on a fresh line) and returns the episodes already done.
 */
import { createHash } from 'node:crypto';
import { open, readFile, truncate } from 'node:fs/promises';
import { z } from 'zod';
import { CliError } from '../cli-error.ts';

/**
 * The id every line of a run carries: a digest of what makes stored answers reusable (the same
 * model and settings would give them to the same prompts), so a rerun resumes only its own run.
 */
export function runId(identity: Readonly<Record<string, unknown>>): string {
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 12);
}

/** The schema of one kind of results line: what it must hold, and what resuming reads of it. */
export type ResultRow<T extends { readonly run: string }> = z.ZodType<T, unknown>;

/** Why a line does not fit its row schema, naming the field: `field "turns[2].completion": …`. */
export function describeRowIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'not a valid results line';
  const field = issue.path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? String(key) : `${text}.${String(key)}`), '');
  return field === '' ? issue.message : `field "${field}": ${issue.message}`;
}

/**
 * The whole lines of a results file (none if it does not exist), each checked against `row`, in
 * file order; every line must belong to `run`. A cut-off last line is dropped and trimmed from
 * the file.
 */
export async function loadResultLines<T extends { readonly run: string }>(path: string, run: string, row: ResultRow<T>): Promise<T[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new CliError(`cannot read results file "${path}": ${(error as Error).message}`);
  }
  const end = bytes.lastIndexOf(0x0a) + 1;
  if (end < bytes.length) {
    // A line cut off by a kill: drop it, so the next append starts a fresh line.
    await truncate(path, end).catch((error: Error) => {
      throw new CliError(`cannot trim the cut-off last line of "${path}": ${error.message}`);
    });
  }
  const records: T[] = [];
  const lines = bytes.subarray(0, end).toString('utf8').split('\n');
  lines.forEach((text, i) => {
    if (text.trim() === '') return;
    const where = `${path}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new CliError(`${where}: not valid JSON; the results file is damaged (pass another --out to start afresh)`);
    }
    const parsed = row.safeParse(value);
    if (!parsed.success) throw new CliError(`${where}: ${describeRowIssue(parsed.error)}; the results file is damaged (pass another --out to start afresh)`);
    const record = parsed.data;
    if (record.run !== run) {
      throw new CliError(
        `${where}: this episode belongs to another run (run ${record.run}, this one is ${run}: a different policy, model or scoring setting); pass another --out`,
      );
    }
    records.push(record);
  });
  return records;
}

/** Appends whole lines, one write each, in the order `append` is called. */
export interface ResultsAppender {
  append(record: Readonly<Record<string, unknown>>): Promise<void>;
  close(): Promise<void>;
}

export async function openResultsAppender(path: string): Promise<ResultsAppender> {
  const handle = await open(path, 'a').catch((error: Error) => {
    throw new CliError(`cannot write results file "${path}": ${error.message}`);
  });
  let queue: Promise<unknown> = Promise.resolve();
  return {
    append(record) {
      const line = `${JSON.stringify(record)}\n`;
      const written = queue.then(() => handle.appendFile(line));
      queue = written.catch(() => undefined);
      return written.then(
        () => undefined,
        (error: Error) => {
          throw new CliError(`cannot write results file "${path}": ${error.message}`);
        },
      );
    },
    async close() {
      await queue;
      await handle.close();
    },
  };
}
