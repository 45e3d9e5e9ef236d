/**
 * `verilab sample_dem`: Stim's `stim sample_dem` (src/stim/cmd/command_sample_dem.cc) — sample
 * detection events, observable flips and the error mechanisms that fired straight from a
 * detector error model — with the same flags and defaults: `--in F` (stdin without it), `--out
 * F` (stdout without it), `--out_format 01|b8` (01), `--shots N` (1), `--seed S`, `--obs_out F
 * --obs_out_format 01|b8`, `--err_out F --err_out_format 01|b8` (one bit per flattened `error`
 * instruction, in DEM order), `--replay_err_in F --replay_err_in_format 01|b8` (take the fired
 * mechanisms from a file, e.g. an earlier `--err_out`, instead of sampling them).
 *
 * Differences from Stim, on purpose: only the `01` and `b8` formats; and without `--seed` we
 * use seed 0 instead of fresh entropy, so every run is reproducible.
 * The bits for a given DEM, seed and shot count never change (see @verilab/qec's
 * compileDemSampler); Stim's seeds give different bits, as its own seeds do across versions.
 *
 * Shots are sampled and written in chunks of whole sampler blocks, so memory stays bounded for
 * any `--shots` and the output equals one big sample call.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  compileDemSampler,
  DEM_SAMPLE_BLOCK_SHOTS,
  flattenDem,
  formatIssues,
  parseDem,
  SHOT_FORMATS,
  Xoshiro128,
  type DemSample,
  type DemSampler,
  type ShotFormat,
} from '@verilab/qec';
import { CliError } from '../cli-error.ts';
import { readTextInput } from '../io.ts';
import { createProgress } from '../progress.ts';
import { openShotOutput, readShotBatches } from '../shot-files.ts';

/** Bytes of encoded output per chunk we aim for (the widest 01 output sets the chunk size). */
const CHUNK_OUTPUT_BYTES = 16 << 20;

const nonNegativeInteger = (text: string): number => {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
    throw new InvalidArgumentError('expected a non-negative integer');
  }
  return value;
};

interface SampleDemOptions {
  in?: string;
  out?: string;
  out_format: ShotFormat;
  shots: number;
  seed: number;
  obs_out?: string;
  obs_out_format: ShotFormat;
  err_out?: string;
  err_out_format: ShotFormat;
  replay_err_in?: string;
  replay_err_in_format: ShotFormat;
}

export function registerSampleDem(program: Command): void {
  const format = (flag: string, what: string) =>
    new Option(`${flag} <format>`, `format of ${what}`).choices(SHOT_FORMATS).default('01');
  program
    .command('sample_dem')
    .description('Sample detection events, observable flips and fired errors from a detector error model (as `stim sample_dem`).')
    .option('--in <file>', 'detector error model file (default: stdin)')
    .option('--out <file>', 'detection-event output file (default: stdout)')
    .addOption(format('--out_format', '--out'))
    .option('--shots <n>', 'number of shots', nonNegativeInteger, 1)
    .option(
      '--seed <s>',
      'PRNG seed; Stim picks a random one when absent, we use 0 so every run is reproducible (same DEM, seed and shots, same bits on every machine)',
      nonNegativeInteger,
      0,
    )
    .option('--obs_out <file>', 'also write the observable flips to this file')
    .addOption(format('--obs_out_format', '--obs_out'))
    .option('--err_out <file>', 'also write which error mechanisms fired (one bit per `error` line, flattened)')
    .addOption(format('--err_out_format', '--err_out'))
    .option('--replay_err_in <file>', 'replay the error mechanisms recorded in this file (as written by --err_out) instead of sampling')
    .addOption(format('--replay_err_in_format', '--replay_err_in'))
    .action(runSampleDem);
}

async function runSampleDem(options: SampleDemOptions): Promise<void> {
  const source = options.in ?? '<stdin>';
  const parsed = parseDem(await readTextInput(options.in, 'detector error model'));
  if (!parsed.ok) throw new CliError(formatIssues(parsed.issues, source));
  let sampler: DemSampler;
  try {
    sampler = compileDemSampler(flattenDem(parsed.value));
  } catch (error) {
    throw new CliError(`cannot sample ${source}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const out = openShotOutput(options.out, options.out_format, sampler.numDetectors, 'detection events');
  const obsOut =
    options.obs_out === undefined
      ? undefined
      : openShotOutput(options.obs_out, options.obs_out_format, sampler.numObservables, 'observable flips');
  const errOut =
    options.err_out === undefined
      ? undefined
      : openShotOutput(options.err_out, options.err_out_format, sampler.numErrors, 'error mechanisms');
  const widest = Math.max(sampler.numDetectors, obsOut ? sampler.numObservables : 0, errOut ? sampler.numErrors : 0);
  const chunkShots = DEM_SAMPLE_BLOCK_SHOTS * Math.max(1, Math.floor(CHUNK_OUTPUT_BYTES / (DEM_SAMPLE_BLOCK_SHOTS * (widest + 1))));
  let done = 0;
  const progress = createProgress('sample_dem', options.shots);
  for await (const batch of batches(sampler, options, chunkShots)) {
    await out.write(batch.detectors, batch.shots);
    await obsOut?.write(batch.observables, batch.shots);
    if (batch.errors !== undefined) await errOut?.write(batch.errors, batch.shots);
    progress.update((done += batch.shots));
  }
  progress.finish();
  await out.close();
  await obsOut?.close();
  await errOut?.close();
}

/** The shots to write, `chunkShots` at a time: sampled, or replayed from `--replay_err_in`. */
async function* batches(sampler: DemSampler, options: SampleDemOptions, chunkShots: number): AsyncGenerator<DemSample> {
  const wantErrors = options.err_out !== undefined;
  if (options.replay_err_in === undefined) {
    const stream = sampler.stream(Xoshiro128.fromSeed(options.seed));
    for (let done = 0; done < options.shots; done += chunkShots) {
      yield stream.take(Math.min(chunkShots, options.shots - done), { errors: wantErrors });
    }
    return;
  }
  let done = 0;
  if (options.shots > 0) {
    const recorded = readShotBatches(options.replay_err_in, options.replay_err_in_format, sampler.numErrors, chunkShots, 'error data');
    for await (const { rows, shots } of recorded) {
      const take = Math.min(shots, options.shots - done);
      yield sampler.replay(rows, take);
      done += take;
      if (done === options.shots) break;
    }
  }
  if (done < options.shots) {
    throw new CliError(`${options.replay_err_in} holds error data for ${done} shots, but --shots is ${options.shots}`);
  }
}
