/**
 * `verilab predict --threads N`: N worker threads (predict-worker.ts), each with its own decoder
 * built from the DEM file, decode the batches while this thread reads the input and writes the
 * output. Batches go to the least busy worker and their predictions are written back in input
 * order, so the output is byte for byte that of one thread (the decoder's answer for a shot
 * depends on nothing else). At most two batches per worker are in flight, which bounds memory.
 */
import type { Worker } from 'node:worker_threads';
import { CliError } from '../cli-error.ts';
import type { ShotBatch } from '../shot-files.ts';
import { startWorkerModule } from '../worker-thread.ts';

/** What every worker needs to build its decoder. */
export interface DecoderSetup {
  readonly dem: string;
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

/** A worker's messages: its decoder's shape once built, then one reply per job, in order. */
export type WorkerMessage =
  | { readonly type: 'ready'; readonly numDetectors: number; readonly numObservables: number }
  | { readonly type: 'decoded'; readonly batch: number; readonly predictions: Uint8Array }
  | { readonly type: 'failed'; readonly batch?: number; readonly message: string; readonly usage: boolean };

/**
 * Shots per batch handed to a worker: smaller than the single-threaded batch so that the
 * workers share even a short run (at d = 13 one 16k-shot batch is seconds of decoding), large
 * enough that posting a batch costs little next to decoding it.
 */
export const WORKER_BATCH_SHOTS = 2048;

const IN_FLIGHT_PER_WORKER = 2;

export class DecoderPool {
  readonly numDetectors: number;
  readonly numObservables: number;
  private readonly workers: readonly DecodingWorker[];

  private constructor(workers: readonly DecodingWorker[], numDetectors: number, numObservables: number) {
    this.workers = workers;
    this.numDetectors = numDetectors;
    this.numObservables = numObservables;
  }

  /** Starts `threads` workers and waits until each has built its decoder (its errors are the CliErrors loadDecoder throws). */
  static async start(threads: number, setup: DecoderSetup): Promise<DecoderPool> {
    const workers = Array.from({ length: threads }, () => new DecodingWorker(startWorkerModule(import.meta.url, 'predict-worker', setup)));
    try {
      const shapes = await Promise.all(workers.map((w) => w.ready));
      return new DecoderPool(workers, shapes[0]!.numDetectors, shapes[0]!.numObservables);
    } catch (error) {
      await Promise.all(workers.map((w) => w.worker.terminate()));
      throw error;
    }
  }

  /**
   * Decodes `batches`, calling `write` with each batch's predictions in input order and
   * `written` with the shots written so far; the workers are stopped at the end. A batch that
   * fails stops the run after the batches before it are written, with the error one thread gives.
   */
  async decodeInOrder(
    batches: AsyncIterable<ShotBatch>,
    rowBytes: number,
    source: string,
    write: (predictions: Uint8Array, shots: number) => Promise<void>,
    written: (shots: number) => void,
  ): Promise<void> {
    const queue: { promise: Promise<Uint8Array>; shots: number }[] = [];
    let done = 0;
    const writeOldest = async () => {
      const { promise, shots } = queue.shift()!;
      await write(await promise, shots);
      written((done += shots));
    };
    try {
      let batch = 0;
      let firstShot = 0;
      for await (const { rows, shots } of batches) {
        const worker = this.workers.reduce((best, w) => (w.inFlight < best.inFlight ? w : best));
        queue.push({ promise: worker.decode({ batch: batch++, rows, shots, rowBytes, firstShot, source }), shots });
        firstShot += shots;
        if (queue.length >= IN_FLIGHT_PER_WORKER * this.workers.length) await writeOldest();
      }
      while (queue.length > 0) await writeOldest();
    } finally {
      await Promise.all(this.workers.map((w) => w.worker.terminate()));
    }
  }
}

/** A worker and the batches it has been sent, answered in the order they were sent. */
class DecodingWorker {
  readonly worker: Worker;
  readonly ready: Promise<{ numDetectors: number; numObservables: number }>;
  private readonly waiting = new Map<number, { resolve: (predictions: Uint8Array) => void; reject: (error: Error) => void }>();

  constructor(worker: Worker) {
    this.worker = worker;
    this.ready = new Promise((resolve, reject) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') return resolve(message);
        const failure = message.type === 'failed' ? (message.usage ? new CliError(message.message) : new Error(message.message)) : undefined;
        if (message.batch === undefined) return reject(failure);
        const waiter = this.waiting.get(message.batch)!;
        this.waiting.delete(message.batch);
        if (message.type === 'decoded') waiter.resolve(message.predictions);
        else waiter.reject(failure!);
      });
      const fail = (error: Error) => {
        reject(error);
        for (const waiter of this.waiting.values()) waiter.reject(error);
        this.waiting.clear();
      };
      worker.on('error', fail);
      // A worker that stops by itself (not by terminate() once nothing is waiting) must not leave batches waiting forever.
      worker.on('exit', (code) => fail(new Error(`a decoding worker stopped (exit code ${code})`)));
    });
  }

  get inFlight(): number {
    return this.waiting.size;
  }

  decode(job: DecodeJob): Promise<Uint8Array> {
    const promise = new Promise<Uint8Array>((resolve, reject) => this.waiting.set(job.batch, { resolve, reject }));
    // Awaited in order later; until then a failure must not count as an unhandled rejection.
    promise.catch(() => undefined);
    // The rows are the reader's fresh array: hand its memory over instead of copying it.
    this.worker.postMessage(job, [job.rows.buffer as ArrayBuffer]);
    return promise;
  }
}
