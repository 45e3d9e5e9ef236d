/**
 * The body of one `verilab collect` worker thread (node:worker_threads): compiles tasks on
 * request (reporting their strong ids) and samples chunks of them, each from its own stream.
 * It keeps the tasks it compiled most recently, since compiling (error analysis and the
 * decoder's all-pairs table) costs as much as many chunks.
 */
import { parentPort } from 'node:worker_threads';
import { chunkRng } from './chunk-stream.ts';
import type { ChunkResult } from './collect-scheduler.ts';
import type { CollectConfig } from './sweep-config.ts';
import { compileSweepTask, type SweepTask } from './sweep-task.ts';

export type WorkerRequest =
  | { readonly type: 'prepare'; readonly task: number; readonly config: CollectConfig }
  | { readonly type: 'chunk'; readonly task: number; readonly config: CollectConfig; readonly chunk: number; readonly shots: number; readonly seed: number };

export type WorkerReply =
  | { readonly type: 'prepared'; readonly task: number; readonly strongId: string }
  | ({ readonly type: 'chunk' } & ChunkResult)
  | { readonly type: 'failed'; readonly task: number; readonly message: string };

/** Compiled tasks kept per worker (a d = 15 task holds tens of MB of shortest paths). */
const CACHE_SIZE = 8;
const cache = new Map<number, SweepTask>();

function taskFor(task: number, config: CollectConfig): SweepTask {
  let compiled = cache.get(task);
  if (compiled === undefined) {
    compiled = compileSweepTask(config);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  } else {
    cache.delete(task); // re-inserted below as the most recently used
  }
  cache.set(task, compiled);
  return compiled;
}

function handle(request: WorkerRequest): WorkerReply {
  try {
    const compiled = taskFor(request.task, request.config);
    if (request.type === 'prepare') return { type: 'prepared', task: request.task, strongId: compiled.strongId };
    const start = performance.now();
    const errors = compiled.countErrors(request.shots, chunkRng(request.seed, compiled.strongId, request.chunk));
    const seconds = (performance.now() - start) / 1000;
    return { type: 'chunk', task: request.task, chunk: request.chunk, shots: request.shots, errors, seconds };
  } catch (error) {
    return { type: 'failed', task: request.task, message: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on('message', (request: WorkerRequest) => parentPort!.postMessage(handle(request)));
