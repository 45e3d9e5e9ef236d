/**
 * The body of one `verilab predict --threads N` worker thread (node:worker_threads): builds its
 * own decoder from the DEM file and reports its shape, then decodes the batches it is sent,
 * answering each with its predictions or the error that stopped it (predict-threads.ts puts
 * them back in order).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CliError } from '../cli-error.ts';
import { decodeBatch, loadDecoder, type ShotDecoder } from './predict.ts';
import type { DecodeJob, DecoderSetup, WorkerMessage } from './predict-threads.ts';

const post = (message: WorkerMessage) => parentPort!.postMessage(message);
const failure = (error: unknown, batch?: number): WorkerMessage => ({
  type: 'failed',
  ...(batch === undefined ? {} : { batch }),
  message: error instanceof Error ? error.message : String(error),
  usage: error instanceof CliError,
});

function decode(decoder: ShotDecoder, job: DecodeJob): WorkerMessage {
  try {
    return { type: 'decoded', batch: job.batch, predictions: decodeBatch(decoder, job.rows, job.shots, job.rowBytes, job.firstShot, job.source) };
  } catch (error) {
    return failure(error, job.batch);
  }
}

const setup = workerData as DecoderSetup;
loadDecoder(setup.dem, setup.enableCorrelations).then(
  (decoder) => {
    parentPort!.on('message', (job: DecodeJob) => post(decode(decoder, job)));
    post({ type: 'ready', numDetectors: decoder.numDetectors, numObservables: decoder.numObservables });
  },
  (error: unknown) => post(failure(error)),
);
