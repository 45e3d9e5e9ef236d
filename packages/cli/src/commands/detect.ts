/**
 * `verilab detect`: Stim's `stim detect` (src/stim/cmd/command_detect.cc) — sample detection
 * events and observable flips of a noisy circuit — with the same flags: `--in F` (stdin without
 * it), `--out F` (stdout without it), `--out_format 01|b8`, `--shots N`, `--seed S`,
 * `--obs_out F --obs_out_format 01|b8`, `--append_observables`.
 *
 * Differences from Stim, on purpose: only the `01` and `b8` formats; and without `--seed` we
 * use seed 0 instead of a random seed, so every run is reproducible (Stim's seeds and ours give
 * different bits anyway: our PRNG is xoshiro128**, see @verilab/qec's frame sampler).
 *
 * Shots are sampled and written in chunks, so memory stays bounded for any `--shots`; the
 * chunk size is a whole number of sampler batches, so the output equals one big sample call.
 */
import type { Command } from 'commander';
import {
  compileFrameSampler,
  concatRowBits,
  MAX_BATCH_SHOTS,
  parseCircuit,
  Xoshiro128,
  type FrameSampler,
} from '@verilab/qec';
import { CliError } from '../cli-error.ts';
import { readParsedInput } from '../io.ts';
import { createProgress } from '../progress.ts';
import { addSamplingOptions, openShotOutput, type SamplingOptions } from '../shot-files.ts';

const CHUNK_SHOTS = 64 * MAX_BATCH_SHOTS;

interface DetectOptions extends SamplingOptions {
  append_observables?: boolean;
}

export function registerDetect(program: Command): void {
  const command = program
    .command('detect')
    .description('Sample detection events and observable flips from a noisy circuit (as `stim detect`).');
  addSamplingOptions(command, 'circuit')
    .option('--append_observables', 'append the observable flips to each detection-event row')
    .action(runDetect);
}

async function runDetect(options: DetectOptions): Promise<void> {
  const circuit = await readParsedInput(options.in, 'circuit', parseCircuit);
  let sampler: FrameSampler;
  try {
    sampler = compileFrameSampler(circuit);
  } catch (error) {
    throw new CliError(`cannot sample ${options.in ?? '<stdin>'}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const D = sampler.numDetectors;
  const O = sampler.numObservables;
  const out = openShotOutput(options.out, options.out_format, options.append_observables ? D + O : D, 'detection events');
  const obsOut = options.obs_out === undefined ? undefined : openShotOutput(options.obs_out, options.obs_out_format, O, 'observable flips');
  const rng = Xoshiro128.fromSeed(options.seed);
  const progress = createProgress('detect', options.shots);
  for (let done = 0; done < options.shots; ) {
    const shots = Math.min(CHUNK_SHOTS, options.shots - done);
    const batch = sampler.sample(shots, rng);
    await out.write(options.append_observables ? concatRowBits(batch.detectors, D, batch.observables, O, shots) : batch.detectors, shots);
    await obsOut?.write(batch.observables, shots);
    done += shots;
    progress.update(done);
  }
  progress.finish();
  await out.close();
  await obsOut?.close();
}
