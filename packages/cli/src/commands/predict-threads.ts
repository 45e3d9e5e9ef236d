/**
 * `verilab predict --threads N`: N worker threads (predict-worker.ts) decode the batches while
 * this thread reads the input and writes the output. Batches are handed to the least busy worker
 * and their predictions written back in input order, so the output is byte for byte that of one
 * thread (the decoder's answer for a shot depends on nothing else). At most two batches per
 * worker are in flight, which bounds memory as the single-threaded loop does.
 */
import type { Worker } from 'node:worker_threads';
import { CliError } from '../cli-error.ts';
import type { ShotBatch } from '../shot-files.ts';
import { startWorkerModule } from '../worker-thread.ts';

/** What every worker needs to build its decoder and name the input in errors. */
export interface DecoderSetup {
  readonly dem: string;
  readonly enableCorrelations: boolean;
  readonly rowBytes: number;
  readonly source: string;
}

/** One batch to decode; `firstShot` (0-based, from the start of the input) names shots in errors. */
export interface DecodeJob {
  readonly batch: number;
  readonly rows: Uint8Array;
  readonly shots: number;
  readonly firstShot: number;
}

export type DecodeReply =
  | { readonly batch: number; readonly predictions: Uint8Array }
  | { readonly batch: number; readonly failure: string; readonly usage: boolean };

const IN_FLIGHT_PER_WORKER = 2;

/**
 * Decodes `batches` on `threads` workers, calling `write` with each batch's predictions in input
 * order (and `written` with the shots written so far). A batch that fails stops the run after
 * the batches before it are written, with the error the single-threaded run would give.
 */
export async function decodeOnWorkers(
  batches: AsyncIterable<ShotBatch>,
  threads: number,
  setup: DecoderSetup,
  write: (predictions: Uint8Array, shots: number) => Promise<void>,
  written: (shots: number) => void,
): Promise<void> {
  const workers = Array.from({ length: threads }, () => new DecodingWorker(startWorkerModule(import.meta.url, 'predict-worker', setup)));
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
      const worker = workers.reduce((best, w) => (w.inFlight < best.inFlight ? w : best));
      queue.push({ promise: worker.decode({ batch: batch++, rows, shots, firstShot }), shots });
      firstShot += shots;
      if (queue.length >= IN_FLIGHT_PER_WORKER * threads) await writeOldest();
    }
    while (queue.length > 0) await writeOldest();
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

/** A worker and the batches it has been sent, answered in the order they were sent. */
class DecodingWorker {
  private readonly waiting = new Map<number, { resolve: (predictions: Uint8Array) => void; reject: (error: Error) => void }>();
  readonly worker: Worker;

  constructor(worker: Worker) {
    this.worker = worker;
    worker.on('message', (reply: DecodeReply) => {
      const waiter = this.waiting.get(reply.batch)!;
      this.waiting.delete(reply.batch);
      if ('predictions' in reply) waiter.resolve(reply.predictions);
      else waiter.reject(reply.usage ? new CliError(reply.failure) : new Error(reply.failure));
    });
    worker.on('error', (error) => {
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
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
