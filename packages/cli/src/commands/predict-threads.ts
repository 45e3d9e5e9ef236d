/**
 * `verilab predict --threads N`: this thread and N − 1 worker threads (predict-worker.ts) decode
 * the batches, while this thread also reads the input and writes the output. The workers start
 * (load their modules) while this thread parses the DEM and builds the matching graph; each
 * then builds its decoder from that graph (matching-graph-transfer.ts), not from the DEM again.
 * With correlated matching, whose decoder needs the whole flattened DEM, each worker builds it
 * from the DEM text instead, beside this thread. A batch goes to a worker with room for it, else this thread decodes it; predictions are
 * written back in input order, so the output is byte for byte that of one thread (the decoder's
 * answer for a shot depends on nothing else). At most four batches per worker are in flight
 * and eight decoded here wait for an earlier worker batch, which bounds memory.
 */
import type { Worker } from 'node:worker_threads';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { CliError } from '../cli-error.ts';
import type { ShotBatch } from '../shot-files.ts';
import type { PackedMatchingGraph } from '../matching-graph-transfer.ts';
import { startWorkerModule } from '../worker-thread.ts';
import { decodeBatch, type ShotDecoder } from './predict.ts';

/**
 * How a worker gets its decoder: with `demText`, it compiles the DEM itself (`demPath` names the
 * file in errors, `enableCorrelations` picks the decoder); without, its first message is the
 * PackedMatchingGraph of a plain matching decoder.
 */
export interface DecoderSetup {
  readonly demText?: string;
  readonly demPath: string;
  readonly enableCorrelations: boolean;
}

/** One batch to decode; `firstShot` (0-based, from the start of `source`) names shots in errors. */
export interface DecodeJob {
  readonly batch: number;
  readonly rows: Uint8Array;
  readonly shots: number;
  readonly rowBytes: number;
  readonly firstShot: number;
  readonly source: string;
}

/** A worker's messages: one reply per job, in order, or (without `batch`) why it could not build its decoder. */
export type WorkerMessage =
  | { readonly type: 'decoded'; readonly batch: number; readonly predictions: Uint8Array }
  | { readonly type: 'failed'; readonly batch?: number; readonly message: string; readonly usage: boolean };

/**
 * Shots per batch with threads, for a DEM of `numDetectors` detectors: about 50 ms of decoding
 * each on this project's bench machine (the time per shot grows roughly with the square of
 * the detector count), so even a short run at large d spreads over the threads and the main
 * thread, which also reads and writes, gets back to its workers' replies often; posting a
 * batch costs far less than decoding it.
 */
export function threadBatchShots(numDetectors: number): number {
  return Math.min(16_384, Math.max(32, Math.round(1e9 / Math.max(1, numDetectors) ** 2)));
}

/** Enough that a worker still has work when this thread, busy with its own batch, answers it late. */
const IN_FLIGHT_PER_WORKER = 4;
/** Batches this thread may decode ahead of a worker's batch still being decoded, rather than wait for it. */
const DECODED_AHEAD = 8;

export class DecoderPool {
  private readonly workers: readonly DecodingWorker[];

  private constructor(workers: readonly DecodingWorker[]) {
    this.workers = workers;
  }

  /** Starts `workers` worker threads, each building its decoder from `setup` in the background. */
  static start(workers: number, setup: DecoderSetup): DecoderPool {
    return new DecoderPool(Array.from({ length: workers }, () => new DecodingWorker(startWorkerModule(import.meta.url, 'predict-worker', setup))));
  }

  /** Hands every worker the graph to build its decoder from (when started without the DEM text). */
  shareGraph(graph: PackedMatchingGraph): void {
    for (const w of this.workers) w.worker.postMessage(graph);
  }

  /** Stops the workers (idempotent). */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }

  /**
   * Decodes `batches` with `local` (this thread's decoder) and the workers, calling `write` with
   * each batch's predictions in input order and `written` with the shots written so far; the
   * workers are stopped at the end. A batch that fails, or input that does, stops the run after
   * the batches before it are written, with the error one thread gives.
   */
  async decodeInOrder(
    local: ShotDecoder,
    batches: AsyncIterable<ShotBatch>,
    rowBytes: number,
    source: string,
    write: (predictions: Uint8Array, shots: number) => Promise<void>,
    written: (shots: number) => void,
  ): Promise<void> {
    const queue: PendingBatch[] = [];
    let done = 0;
    /** Set once a batch could not be decoded or written: nothing after it is written. */
    let stopped = false;
    const writeOldest = async () => {
      const { promise, shots } = queue.shift()!;
      try {
        await write(await promise, shots);
      } catch (error) {
        stopped = true;
        throw error;
      }
      written((done += shots));
    };
    const maxQueued = IN_FLIGHT_PER_WORKER * this.workers.length + DECODED_AHEAD;
    try {
      let batch = 0;
      let firstShot = 0;
      try {
        for await (const { rows, shots } of batches) {
          const job: DecodeJob = { batch: batch++, rows, shots, rowBytes, firstShot, source };
          firstShot += shots;
          const worker = this.workers.find((w) => w.inFlight < IN_FLIGHT_PER_WORKER);
          if (worker !== undefined) {
            queue.push(pending(worker.decode(job), shots));
          } else {
            queue.push(decodeHere(local, job));
            // Let the workers' replies in (they arrive as events, which a stream of already-read batches would hold off).
            await nextTurn();
          }
          while (queue.length > 0 && (queue.length >= maxQueued || queue[0]!.settled)) await writeOldest();
        }
      } catch (error) {
        // Malformed input: the batches read before it are still written (or fail first), as with one thread.
        if (!stopped) while (queue.length > 0) await writeOldest();
        throw error;
      }
      while (queue.length > 0) await writeOldest();
    } finally {
      await this.stop();
    }
  }
}

/** A batch's predictions to come, and whether they have (so the writer need not wait for them). */
interface PendingBatch {
  readonly promise: Promise<Uint8Array>;
  readonly shots: number;
  settled: boolean;
}

function pending(promise: Promise<Uint8Array>, shots: number): PendingBatch {
  const entry: PendingBatch = { promise, shots, settled: false };
  // Awaited in order later; until then a failure must not count as an unhandled rejection.
  promise.then(
    () => (entry.settled = true),
    () => (entry.settled = true),
  );
  return entry;
}

function decodeHere(decoder: ShotDecoder, job: DecodeJob): PendingBatch {
  let promise: Promise<Uint8Array>;
  try {
    promise = Promise.resolve(decodeBatch(decoder, job.rows, job.shots, job.rowBytes, job.firstShot, job.source));
  } catch (error) {
    promise = Promise.reject(error as Error);
    promise.catch(() => undefined);
  }
  return { promise, shots: job.shots, settled: true };
}

/** A worker and the batches it has been sent, answered in the order they were sent. */
class DecodingWorker {
  readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (predictions: Uint8Array) => void; reject: (error: Error) => void }>();
  /** Set once the worker cannot decode any more (no decoder, crashed, stopped). */
  private broken: Error | undefined;

  constructor(worker: Worker) {
    this.worker = worker;
    const fail = (error: Error) => {
      this.broken ??= error;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('message', (message: WorkerMessage) => {
      const failure = message.type === 'failed' ? (message.usage ? new CliError(message.message) : new Error(message.message)) : undefined;
      if (message.batch === undefined) return fail(failure!);
      const waiter = this.waiting.get(message.batch)!;
      this.waiting.delete(message.batch);
      if (message.type === 'decoded') waiter.resolve(message.predictions);
      else waiter.reject(failure!);
    });
    worker.on('error', fail);
    // A worker that stops by itself (not by terminate() once nothing is waiting) must not leave batches waiting forever.
    worker.on('exit', (code) => fail(new Error(`a decoding worker stopped (exit code ${code})`)));
  }

  get inFlight(): number {
    return this.waiting.size;
  }

  decode(job: DecodeJob): Promise<Uint8Array> {
    if (this.broken !== undefined) return Promise.reject(this.broken);
    const promise = new Promise<Uint8Array>((resolve, reject) => this.waiting.set(job.batch, { resolve, reject }));
    // The rows are the reader's fresh array: hand its memory over instead of copying it.
    this.worker.postMessage(job, [job.rows.buffer as ArrayBuffer]);
    return promise;
  }
}
