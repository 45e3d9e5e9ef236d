/**
 * One sweep task made runnable: Stim's rotated memory circuit for the config (or the circuit
 * file's circuit), its decomposed
 * DEM (our `analyze_errors`, as Sinter's `circuit.detector_error_model(decompose_errors=True)`),
 * the matching decoder on it (correlated matching for `matching-correlated`) and the frame sampler — and a chunk of shots sampled, decoded and
 * counted. A shot is an error when any predicted observable differs from the sampled one, as in
 * Sinter's `classify_discards_and_errors` (no postselection, so no discards).
 */
import { createHash } from 'node:crypto';
import {
  analyzeErrors,
  bytesPerShot,
  compileFrameSampler,
  CorrelatedMatchingDecoder,
  flattenDem,
  generateRotatedSurfaceCode,
  MatchingDecoder,
  MAX_BATCH_SHOTS,
  noiseProfile,
  parseCircuit,
  printCircuit,
  type Circuit,
  printDem,
  type FrameSampler,
} from '@verilab/qec';
import type { Rng } from '@verilab/core';
import { isCircuitFile, strongIdText, taskMetadata, type CollectConfig } from './sweep-config.ts';

/** Shots sampled and decoded at a time inside a chunk: bounded memory for any chunk size. */
const SLICE_SHOTS = 16 * MAX_BATCH_SHOTS;

export interface SweepTask {
  readonly config: CollectConfig;
  readonly strongId: string;
  /** Samples `shots` shots from `rng`, decodes them and returns the number of logical errors. */
  countErrors(shots: number, rng: Rng): number;
}

function circuitOf(config: CollectConfig): Circuit {
  if (!isCircuitFile(config)) {
    return generateRotatedSurfaceCode({
      basis: config.basis,
      distance: config.distance,
      rounds: config.rounds,
      noise: noiseProfile(config.noise, config.p),
    });
  }
  const parsed = parseCircuit(config.circuit);
  if (!parsed.ok) throw new Error(`${config.path}: ${parsed.issues[0]?.message ?? 'not a circuit'}`);
  return parsed.value;
}

export function compileSweepTask(config: CollectConfig): SweepTask {
  const circuit = circuitOf(config);
  const dem = analyzeErrors(circuit, { decomposeErrors: true }).dem;
  const text = strongIdText({ circuit: printCircuit(circuit), decoder: config.decoder, dem: printDem(dem), metadata: taskMetadata(config) });
  const flat = flattenDem(dem);
  const decoder = config.decoder === 'matching-correlated' ? CorrelatedMatchingDecoder.fromDem(flat) : MatchingDecoder.fromDem(flat);
  const sampler = compileFrameSampler(circuit);
  return {
    config,
    strongId: createHash('sha256').update(text, 'utf8').digest('hex'),
    countErrors: (shots, rng) => countErrors(sampler, decoder, shots, rng),
  };
}

function countErrors(sampler: FrameSampler, decoder: MatchingDecoder | CorrelatedMatchingDecoder, shots: number, rng: Rng): number {
  const obsBytes = bytesPerShot(sampler.numObservables);
  const predictions = new Uint8Array(Math.min(shots, SLICE_SHOTS) * obsBytes);
  let errors = 0;
  // Slices are whole sampler batches, so slicing gives the same bits as one big sample call.
  for (let done = 0; done < shots; done += SLICE_SHOTS) {
    const n = Math.min(SLICE_SHOTS, shots - done);
    const batch = sampler.sample(n, rng);
    decoder.decodeBatch(batch.detectors, n, bytesPerShot(sampler.numDetectors), predictions);
    for (let shot = 0; shot < n; shot++) {
      for (let b = 0; b < obsBytes; b++) {
        if (predictions[shot * obsBytes + b] !== batch.observables[shot * obsBytes + b]) {
          errors++;
          break;
        }
      }
    }
  }
  return errors;
}
