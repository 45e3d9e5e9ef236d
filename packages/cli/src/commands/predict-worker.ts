/**
 * The body of one `verilab predict --threads N` worker thread (node:worker_threads): builds its
 * own decoder from the DEM file, then decodes the batches it is sent, answering each with its
 * predictions or the error that stopped it (predict-threads.ts puts them back in order).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CliError } from '../cli-error.ts';
import { decodeBatch, loadDecoder } from './predict.ts';
import type { DecodeJob, DecodeReply, DecoderSetup } from './predict-threads.ts';

const setup = workerData as DecoderSetup;
const decoder = loadDecoder(setup.dem, setup.enableCorrelations);

async function decode(job: DecodeJob): Promise<DecodeReply> {
  try {
    const predictions = decodeBatch(await decoder, job.rows, job.shots, setup.rowBytes, job.firstShot, setup.source);
    return { batch: job.batch, predictions };
  } catch (error) {
    return { batch: job.batch, failure: error instanceof Error ? error.message : String(error), usage: error instanceof CliError };
  }
}

// Replies keep the order of the requests: each awaits the same decoder, then decodes synchronously.
parentPort?.on('message', (job: DecodeJob) => void decode(job).then((reply) => parentPort!.postMessage(reply)));
