/**
 * `verilab sample_dem`: Stim's `stim sample_dem` (src/stim/cmd/command_sample_dem.cc) — sample
 * detection events, observable flips and the error mechanisms that fired straight from a
 * detector error model — with the same flags and defaults: `--in F` (stdin without it), `--out
 * F` (stdout without it), `--out_format` (01; any of Stim's six formats), `--shots N` (1),
 * `--seed S` (fresh entropy without it), `--obs_out F --obs_out_format …`, `--err_out F
 * --err_out_format …` (one bit per flattened `error` instruction, in DEM order, `M` tokens in
 * dets), `--replay_err_in F --replay_err_in_format …` (take the fired mechanisms from a file,
 * e.g. an earlier `--err_out`, instead of sampling them).
 *
 * The bits for a given DEM, seed and shot count never change (see @verilab/qec's
 * compileDemSampler); Stim's seeds give different bits, as its own seeds do across versions.
 *
 * Shots are sampled and written in chunks of whole sampler blocks, so memory stays bounded for
 * any `--shots` and the output equals one big sample call; each chunk is sampled into the same
 * arrays once the last one is written.
 */
import type { Command } from 'commander';
import {
  bytesPerShot,
  compileDemSamplerFromText,
  DEM_SAMPLE_BLOCK_SHOTS,
  type DemSample,
  type DemSampler,
  type DetsLayout,
  type ShotFormat,
} from '@verilab/qec/dem-sampling';
import { Xoshiro128 } from '@verilab/core';
import { CliError, orCliError } from '../cli-error.ts';
import { readParsedInput } from '../io.ts';
import { createProgress } from '../progress.ts';
import {
  addSamplingOptions,
  checkShotCountFits,
  openObservableOutput,
  openShotOutput,
  readShotBatches,
  resolveSeed,
  shotFormatOption,
  type SamplingOptions,
} from '../shot-files.ts';

/** Bytes of encoded output per chunk we aim for (the widest 01 output sets the chunk size). */
const CHUNK_OUTPUT_BYTES = 16 << 20;

/**
 * The most bytes of sampled rows a chunk may hold. A chunk is whole sampler blocks (the bits
 * depend on them), so a model naming D99999999 needs 4096 rows of 12.5 MB at once: refused up
 * front rather than failing in the allocation with a stack trace (or filling the machine).
 */
const MAX_CHUNK_ROW_BYTES = 2 ** 31;

interface SampleDemOptions extends SamplingOptions {
  err_out?: string;
  err_out_format: ShotFormat;
  replay_err_in?: string;
  replay_err_in_format: ShotFormat;
}

export function registerSampleDem(program: Command): void {
  const command = program.command('sample_dem');
  addSamplingOptions(command, 'detector error model')
    .option('--err_out <file>', 'also write which error mechanisms fired (one bit per `error` line, flattened)')
    .addOption(shotFormatOption('--err_out_format', '--err_out'))
    .option('--replay_err_in <file>', 'replay the error mechanisms recorded in this file (as written by --err_out) instead of sampling')
    .addOption(shotFormatOption('--replay_err_in_format', '--replay_err_in'))
    .action(runSampleDem);
}

async function runSampleDem(options: SampleDemOptions): Promise<void> {
  const sampler = await readParsedInput(options.in, 'detector error model', (text) =>
    orCliError(`cannot sample ${options.in ?? '<stdin>'}`, () => compileDemSamplerFromText(text)),
  );
  checkShotCountFits(options.out_format, options.shots, '--out_format');
  if (options.obs_out !== undefined) checkShotCountFits(options.obs_out_format, options.shots, '--obs_out_format');
  if (options.err_out !== undefined) checkShotCountFits(options.err_out_format, options.shots, '--err_out_format');
  const out = openShotOutput(options.out, options.out_format, sampler.numDetectors, 'detection events', [
    { prefix: 'D', count: sampler.numDetectors },
  ]);
  const obsOut = openObservableOutput(options, sampler.numObservables);
  const errOut =
    options.err_out === undefined
      ? undefined
      : openShotOutput(options.err_out, options.err_out_format, sampler.numErrors, 'error mechanisms', errorLayout(sampler));
  const widest = Math.max(sampler.numDetectors, obsOut ? sampler.numObservables : 0, errOut ? sampler.numErrors : 0);
  const chunkShots = DEM_SAMPLE_BLOCK_SHOTS * Math.max(1, Math.floor(CHUNK_OUTPUT_BYTES / (DEM_SAMPLE_BLOCK_SHOTS * (widest + 1))));
  checkChunkFits(options.in ?? '<stdin>', sampler, errOut !== undefined, Math.min(options.shots, chunkShots));
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

/** Throws the CliError saying why `shots` rows of `sampler` (sampled at once) do not fit in MAX_CHUNK_ROW_BYTES. */
function checkChunkFits(source: string, sampler: DemSampler, withErrors: boolean, shots: number): void {
  const shotBytes = bytesPerShot(sampler.numDetectors) + bytesPerShot(sampler.numObservables) + (withErrors ? bytesPerShot(sampler.numErrors) : 0);
  if (shots * shotBytes <= MAX_CHUNK_ROW_BYTES) return;
  const fitting = Math.floor(MAX_CHUNK_ROW_BYTES / shotBytes);
  throw new CliError(
    `cannot sample ${source}: its shots are sampled ${DEM_SAMPLE_BLOCK_SHOTS} at a time and ${shots} shots of ${sampler.numDetectors} detectors ` +
      `take ${((shots * shotBytes) / 2 ** 30).toFixed(1)} GiB at once, more than the ${MAX_CHUNK_ROW_BYTES / 2 ** 30} GiB sample_dem allows; ` +
      (fitting >= 1 ? `--shots ${fitting} or fewer fit` : 'not even one shot fits'),
  );
}

/** The shots to write, `chunkShots` at a time: sampled, or replayed from `--replay_err_in`. */
async function* batches(sampler: DemSampler, options: SampleDemOptions, chunkShots: number): AsyncGenerator<DemSample> {
  const wantErrors = options.err_out !== undefined;
  if (options.replay_err_in === undefined) {
    // Every output is done with a batch's rows before the next is asked for (ShotOutput.write).
    const stream = sampler.stream(Xoshiro128.fromSeed(resolveSeed(options.seed)), { reuseRows: true });
    for (let done = 0; done < options.shots; done += chunkShots) {
      yield stream.take(Math.min(chunkShots, options.shots - done), { errors: wantErrors });
    }
    return;
  }
  let done = 0;
  if (options.shots > 0) {
    const recorded = readShotBatches(
      options.replay_err_in,
      options.replay_err_in_format,
      sampler.numErrors,
      chunkShots,
      'error data',
      errorLayout(sampler),
    );
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

/** Fired error mechanisms are named `M<k>` in the dets format, as Stim's sample_dem writes them. */
function errorLayout(sampler: DemSampler): DetsLayout {
  return [{ prefix: 'M', count: sampler.numErrors }];
}
