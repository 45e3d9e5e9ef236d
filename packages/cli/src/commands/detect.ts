/**
 * `verilab detect`: Stim's `stim detect` (src/stim/cmd/command_detect.cc) — sample detection
 * events and observable flips of a noisy circuit — with the same flags: `--in F` (stdin without
 * it), `--out F` (stdout without it), `--out_format` (01; any of Stim's six formats, `L`
 * tokens in dets), `--shots N`, `--seed S` (fresh entropy without it), `--obs_out F
 * --obs_out_format …`, `--append_observables`.
 *
 * The bits for a given circuit, seed and shot count never change; Stim's seeds give different
 * bits (our PRNG is xoshiro128**, see @verilab/qec's frame sampler).
 *
 * Shots are sampled and written in chunks, so memory stays bounded for any `--shots`; the
 * chunk size is a whole number of sampler batches, so the output equals one big sample call.
 * A chunk is written while the next is sampled.
 */
import type { Command } from 'commander';
import {
  bytesPerShot,
  compileFrameSampler,
  concatRowBits,
  parseCircuit,
  type BitSegment,
} from '@verilab/qec/sampling';
import { Xoshiro128 } from '@verilab/core';
import { CliError, orCliError } from '../cli-error.ts';
import { readParsedInput } from '../io.ts';
import { createProgress } from '../progress.ts';
import { chunkShotsFor } from '../sampling-chunks.ts';
import { addSamplingOptions, checkShotCountFits, openObservableOutput, openShotOutput, resolveSeed, type SamplingOptions } from '../shot-files.ts';

interface DetectOptions extends SamplingOptions {
  append_observables?: boolean;
}

export function registerDetect(program: Command): void {
  const command = program.command('detect');
  addSamplingOptions(command, 'circuit')
    .option('--append_observables', 'append the observable flips to each detection-event row')
    .action(runDetect);
}

async function runDetect(options: DetectOptions): Promise<void> {
  const circuit = await readParsedInput(options.in, 'circuit', parseCircuit);
  const sampler = orCliError(`cannot sample ${options.in ?? '<stdin>'}`, () => compileFrameSampler(circuit));
  const D = sampler.numDetectors;
  const O = sampler.numObservables;
  const dets = options.out_format === 'dets';
  if (dets && options.obs_out !== undefined) {
    throw new CliError('--out_format dets already writes the observables (as L tokens); drop --obs_out or pick another format');
  }
  checkShotCountFits(options.out_format, options.shots, '--out_format');
  if (options.obs_out !== undefined) checkShotCountFits(options.obs_out_format, options.shots, '--obs_out_format');
  const append = options.append_observables === true;
  // dets without --append_observables puts the observables first, as Stim does.
  const prepend = dets && !append;
  const detectors: BitSegment = { prefix: 'D', count: D };
  const observables: BitSegment = { prefix: 'L', count: O };
  const layout = append ? [detectors, observables] : prepend ? [observables, detectors] : [detectors];
  const out = openShotOutput(options.out, options.out_format, append || prepend ? D + O : D, 'detection events', layout);
  const obsOut = openObservableOutput(options, O);
  const rng = Xoshiro128.fromSeed(resolveSeed(options.seed));
  const progress = createProgress('detect', options.shots);
  const chunkShots = chunkShotsFor(bytesPerShot(D) + bytesPerShot(O));
  // Each chunk is written while the next one is sampled, into the other of two sets of rows: the
  // one being written is never touched, and a set is sampled into again only once its write is
  // out (ShotOutput.write). Writes still go out one chunk after another.
  const setShots = Math.min(chunkShots, options.shots);
  const rowSets = [0, 1].map(() => ({ detectors: new Uint8Array(setShots * bytesPerShot(D)), observables: new Uint8Array(setShots * bytesPerShot(O)) }));
  let writing: Promise<unknown> = Promise.resolve();
  for (let done = 0, chunk = 0; done < options.shots; chunk++) {
    const shots = Math.min(chunkShots, options.shots - done);
    const batch = sampler.sample(shots, rng, { into: rowSets[chunk % 2] });
    const rows = append
      ? concatRowBits(batch.detectors, D, batch.observables, O, shots)
      : prepend
        ? concatRowBits(batch.observables, O, batch.detectors, D, shots)
        : batch.detectors;
    await writing;
    // One promise for both outputs at once, so a failing write is always awaited.
    writing = Promise.all([out.write(rows, shots), obsOut?.write(batch.observables, shots)]);
    done += shots;
    progress.update(done);
  }
  await writing;
  progress.finish();
  await out.close();
  await obsOut?.close();
}
