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
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  compileFrameSampler,
  concatRowBits,
  encodeShots,
  formatIssues,
  MAX_BATCH_SHOTS,
  parseCircuit,
  SHOT_FORMATS,
  Xoshiro128,
  type FrameSampler,
  type ShotFormat,
} from '@verilab/qec';
import { CliError } from '../cli-error.ts';
import { openOutput, readTextInput } from '../io.ts';
import { createProgress } from '../progress.ts';

const CHUNK_SHOTS = 64 * MAX_BATCH_SHOTS;

const nonNegativeInteger = (text: string): number => {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError('expected a non-negative integer');
  }
  return value;
};

interface DetectOptions {
  in?: string;
  out?: string;
  out_format: ShotFormat;
  shots: number;
  seed: number;
  obs_out?: string;
  obs_out_format: ShotFormat;
  append_observables?: boolean;
}

export function registerDetect(program: Command): void {
  program
    .command('detect')
    .description('Sample detection events and observable flips from a noisy circuit (as `stim detect`).')
    .option('--in <file>', 'circuit file (default: stdin)')
    .option('--out <file>', 'detection-event output file (default: stdout)')
    .addOption(new Option('--out_format <format>', 'format of --out').choices(SHOT_FORMATS).default('01'))
    .option('--shots <n>', 'number of shots', nonNegativeInteger, 1)
    .option(
      '--seed <s>',
      'PRNG seed; Stim picks a random one when absent, we use 0 so every run is reproducible (same seed and shots, same bits on every machine)',
      nonNegativeInteger,
      0,
    )
    .option('--obs_out <file>', 'also write the observable flips to this file')
    .addOption(new Option('--obs_out_format <format>', 'format of --obs_out').choices(SHOT_FORMATS).default('01'))
    .option('--append_observables', 'append the observable flips to each detection-event row')
    .action(runDetect);
}

async function runDetect(options: DetectOptions): Promise<void> {
  const source = options.in ?? '<stdin>';
  const parsed = parseCircuit(await readTextInput(options.in, 'circuit'));
  if (!parsed.ok) throw new CliError(formatIssues(parsed.issues, source));
  let sampler: FrameSampler;
  try {
    sampler = compileFrameSampler(parsed.value);
  } catch (error) {
    throw new CliError(`cannot sample ${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const D = sampler.numDetectors;
  const O = sampler.numObservables;
  const out = openOutput(options.out, 'detection events');
  const obsOut = options.obs_out === undefined ? undefined : openOutput(options.obs_out, 'observable flips');
  const rng = Xoshiro128.fromSeed(options.seed);
  const progress = createProgress('detect', options.shots);
  for (let done = 0; done < options.shots; ) {
    const shots = Math.min(CHUNK_SHOTS, options.shots - done);
    const batch = sampler.sample(shots, rng);
    if (options.append_observables) {
      const rows = concatRowBits(batch.detectors, D, batch.observables, O, shots);
      await out.write(encodeShots(options.out_format, rows, D + O, shots));
    } else {
      await out.write(encodeShots(options.out_format, batch.detectors, D, shots));
    }
    await obsOut?.write(encodeShots(options.obs_out_format, batch.observables, O, shots));
    done += shots;
    progress.update(done);
  }
  progress.finish();
  await out.close();
  await obsOut?.close();
}
