/**
 * `verilab collect`'s engine: K worker threads sample and decode chunks of every task while the
 * main thread schedules them (collect-scheduler.ts) and appends each committed chunk to the
 * Sinter CSV as one row, written with a single write to the file descriptor the moment it is
 * committed. A run killed at any point leaves whole rows plus at most one partial line; the next
 * run with the same command drops that line, counts the rows per strong id and continues each
 * task at its next chunk, so nothing is lost or counted twice.
 */
import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { formatIssues } from '@verilab/core';
import { CliError } from '../cli-error.ts';
import { startWorkerModule } from '../worker-thread.ts';
import { CollectScheduler, type ChunkRequest, type CollectLimits } from './collect-scheduler.ts';
import type { WorkerReply, WorkerRequest } from './collect-worker.ts';
import { formatSinterRow, parseSinterCsv, SINTER_CSV_HEADER } from './sinter-csv.ts';
import { isCircuitFile, taskMetadata, type CollectConfig } from './sweep-config.ts';
import { aggregateRows, type TaskStats } from './task-stats.ts';

export interface CollectRun {
  readonly configs: readonly CollectConfig[];
  readonly limits: CollectLimits;
  readonly threads: number;
  readonly seed: number;
  readonly out: string;
  /** Progress lines on stderr (default true). */
  readonly progress?: boolean;
}

export interface CollectedTask {
  readonly config: CollectConfig;
  readonly strongId: string;
  readonly shots: number;
  readonly errors: number;
}

function describeConfig(config: CollectConfig): string {
  if (isCircuitFile(config)) return config.path;
  return `d=${config.distance} r=${config.rounds} p=${config.p} ${config.basis} ${config.noise}`;
}

/** Reads what earlier runs wrote (cutting a partial last line) and opens the file for appending. */
function openStats(path: string): { fd: number; existing: Map<string, TaskStats> } {
  const failure = (error: unknown) => error instanceof Error && 'code' in error ? (error as NodeJS.ErrnoException).code ?? error.message : String(error);
  let text: string;
  try {
    text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  } catch (error) {
    throw new CliError(`cannot read "${path}" to resume from it: ${failure(error)}`);
  }
  const parsed = parseSinterCsv(text);
  if (!parsed.ok) throw new CliError(`cannot resume from ${path}: ${formatIssues(parsed.issues, path)}`);
  const { rows, wholeLength, needsNewline } = parsed.value;
  let fd: number;
  try {
    fd = openSync(path, 'a');
  } catch (error) {
    throw new CliError(`cannot write "${path}": ${failure(error)}`);
  }
  if (wholeLength < text.length) ftruncateSync(fd, Buffer.byteLength(text.slice(0, wholeLength), 'utf8'));
  if (wholeLength === 0) writeAll(fd, SINTER_CSV_HEADER);
  else if (needsNewline) writeAll(fd, '\n');
  return { fd, existing: aggregateRows(rows) };
}

/** Writes a whole line (looping over short writes), so the file only ever ends mid-line on a kill. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
}

/** A worker running collect-worker (compiled or from the TypeScript sources: see startWorkerModule). */
function startWorker(): Worker {
  return startWorkerModule(import.meta.url, 'collect-worker');
}

export async function runCollect(run: CollectRun): Promise<CollectedTask[]> {
  const { configs, seed } = run;
  const { fd, existing } = openStats(run.out);
  const scheduler = new CollectScheduler(run.limits);
  const strongIds: (string | undefined)[] = configs.map(() => undefined);
  const workers = Array.from({ length: Math.max(1, Math.min(run.threads, configs.length)) }, startWorker);
  const busy = workers.map(() => false);
  const progress = createCollectProgress(run.progress ?? true, configs.length);
  let nextToPrepare = 0;

  try {
    await new Promise<void>((resolve, reject) => {
      const send = (w: number, request: WorkerRequest) => {
        busy[w] = true;
        workers[w]!.postMessage(request);
      };
      const chunk = (request: ChunkRequest): WorkerRequest => ({ type: 'chunk', ...request, config: configs[request.task]!, seed });
      // Idle workers take, in order: a chunk of a task nobody samples, a task to compile, a
      // speculative chunk of a task being sampled.
      const dispatch = () => {
        workers.forEach((_, w) => {
          if (busy[w]) return;
          const fresh = scheduler.next(w, false);
          if (fresh !== undefined) return send(w, chunk(fresh));
          if (nextToPrepare < configs.length) {
            const task = nextToPrepare++;
            return send(w, { type: 'prepare', task, config: configs[task]! });
          }
          const speculative = scheduler.next(w, true);
          if (speculative !== undefined) send(w, chunk(speculative));
        });
        if (nextToPrepare === configs.length && strongIds.every((id) => id !== undefined) && scheduler.finished) resolve();
        else if (busy.every((b) => !b)) reject(new Error('collect stalled with unfinished tasks'));
      };
      const onReply = (w: number, reply: WorkerReply) => {
        busy[w] = false;
        if (reply.type === 'failed') {
          reject(new CliError(`task ${describeConfig(configs[reply.task]!)}: ${reply.message}`));
          return;
        }
        if (reply.type === 'prepared') {
          strongIds[reply.task] = reply.strongId;
          const before = existing.get(reply.strongId);
          scheduler.addTask(reply.task, before ?? { shots: 0, errors: 0, rows: 0 }, w);
          if (scheduler.isDone(reply.task)) progress.taskDone(configs[reply.task]!, scheduler.totals(reply.task)!, true);
        } else {
          const strongId = strongIds[reply.task]!;
          const config = configs[reply.task]!;
          const committed = scheduler.complete(reply);
          for (const { shots, errors, seconds } of committed) {
            writeAll(fd, formatSinterRow({ shots, errors, discards: 0, seconds, decoder: config.decoder, strongId, metadata: taskMetadata(config) }));
            progress.row(shots, errors);
          }
          // Reported once: when this reply's rows completed the task (later speculative replies commit nothing).
          if (committed.length > 0 && scheduler.isDone(reply.task)) progress.taskDone(config, scheduler.totals(reply.task)!, false);
        }
        dispatch();
      };
      workers.forEach((worker, w) => {
        worker.on('message', (reply: WorkerReply) => onReply(w, reply));
        worker.on('error', reject);
      });
      dispatch();
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
    closeSync(fd);
    progress.finish();
  }
  return configs.map((config, task) => ({ config, strongId: strongIds[task]!, ...scheduler.totals(task)! }));
}

/** Progress on stderr: a line per finished task and a status line at most every few seconds. */
function createCollectProgress(enabled: boolean, taskCount: number) {
  const start = performance.now();
  const intervalMs = process.stderr.isTTY ? 1000 : 5000;
  let last = start;
  let shots = 0;
  let errors = 0;
  let done = 0;
  const write = (line: string) => {
    if (enabled) process.stderr.write(`${line}\n`);
  };
  const elapsed = () => `${((performance.now() - start) / 1000).toFixed(1)} s`;
  return {
    row(rowShots: number, rowErrors: number) {
      shots += rowShots;
      errors += rowErrors;
      if (performance.now() - last < intervalMs) return;
      last = performance.now();
      write(`collect: ${done}/${taskCount} tasks done, ${shots} new shots, ${errors} new errors, ${elapsed()}`);
    },
    taskDone(config: CollectConfig, totals: { shots: number; errors: number }, already: boolean) {
      done++;
      write(`collect: ${describeConfig(config)}: ${totals.errors} errors / ${totals.shots} shots${already ? ' (already in the file)' : ''}`);
    },
    finish() {
      write(`collect: ${done}/${taskCount} tasks done, ${shots} new shots, ${errors} new errors, ${elapsed()}`);
    },
  };
}
