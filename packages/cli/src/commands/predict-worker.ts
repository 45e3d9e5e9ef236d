/**
 * The body of one `verilab predict --threads N` worker thread (node:worker_threads): builds its
 * own decoder from the matching graph the main thread sends first (or, given the DEM text, from
 * that), then decodes the batches it is sent,
 * answering each with its predictions or the error that stopped it (predict-threads.ts puts
 * them back in order). A decoder it cannot build is reported once, without a batch.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MatchingDecoder } from '@verilab/qec/decoding';
import { CliError } from '../cli-error.ts';
import { unpackMatchingGraph, type PackedMatchingGraph } from '../matching-graph-transfer.ts';
import { compileDecoder, decodeBatch, type ShotDecoder } from './predict.ts';
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

/** Answers every job with `decoder`; jobs posted while it was being built waited in the port. */
function serve(decoder: ShotDecoder): void {
  parentPort!.on('message', (job: DecodeJob) => post(decode(decoder, job)));
}

const setup = workerData as DecoderSetup;
if (setup.demText === undefined) {
  parentPort!.once('message', (graph: PackedMatchingGraph) => serve(new MatchingDecoder(unpackMatchingGraph(graph))));
} else {
  try {
    serve(compileDecoder(setup.demText, setup.demPath, setup.enableCorrelations));
  } catch (error) {
    post(failure(error));
  }
}
