/**
 * `verilab sample`: Stim's `stim sample` (src/stim/cmd/command_sample.cc) — sample the raw
 * measurement results of a noisy circuit — with the same flags: `--in F` (stdin without it),
 * `--out F` (stdout without it), `--out_format` (01; any of Stim's six formats, `M` tokens in
 * dets), `--shots N` (1), `--seed S` (fresh entropy without it), `--skip_reference_sample`.
 *
 * Each shot is the noiseless reference sample (a stabilizer-tableau run, @verilab/qec's
 * referenceSample, with random results 0 as in Stim) XOR the measurement flips of a Pauli-frame
 * run whose gauge is randomized after every collapse, so measurements whose outcome the circuit
 * does not determine come out uniformly random, as Stim's do. `--skip_reference_sample` XORs
 * with all zeros instead (the flips alone), as Stim's flag does.
 *
 * Bits differ from Stim's for the same seed (different PRNGs); a seed gives the same bits on
 * every machine, forever. Shots stream in chunks of whole sampler batches.
 */
import type { Command } from 'commander';
import {
  bytesPerShot,
  compileFrameSampler,
  parseCircuit,
  referenceSample,
} from '@verilab/qec/sampling';
import { Xoshiro128 } from '@verilab/core';
import { orCliError } from '../cli-error.ts';
import { readParsedInput } from '../io.ts';
import { createProgress } from '../progress.ts';
import { chunkShotsFor } from '../sampling-chunks.ts';
import { addSamplingOptions, checkShotCountFits, openShotOutput, resolveSeed, type SamplingOptions } from '../shot-files.ts';

/** Stim's `sample` writes measurements only: no --obs_out flags. */
interface SampleOptions extends Omit<SamplingOptions, 'obs_out' | 'obs_out_format'> {
  skip_reference_sample?: boolean;
}

export function registerSample(program: Command): void {
  const command = program.command('sample');
  addSamplingOptions(command, 'circuit', 'measurement output file', false)
    .option('--skip_reference_sample', 'report flips relative to the all-zero record instead of the noiseless reference sample')
    .action(runSample);
}

async function runSample(options: SampleOptions): Promise<void> {
  const circuit = await readParsedInput(options.in, 'circuit', parseCircuit);
  const { sampler, reference } = orCliError(`cannot sample ${options.in ?? '<stdin>'}`, () => {
    const compiled = compileFrameSampler(circuit, { randomizeGauge: true });
    const skip = options.skip_reference_sample === true;
    return { sampler: compiled, reference: skip ? new Uint8Array(bytesPerShot(compiled.numMeasurements)) : referenceSample(circuit) };
  });
  checkShotCountFits(options.out_format, options.shots, '--out_format');
  const M = sampler.numMeasurements;
  const rowBytes = bytesPerShot(M);
  const out = openShotOutput(options.out, options.out_format, M, 'measurements', [{ prefix: 'M', count: M }]);
  const rng = Xoshiro128.fromSeed(resolveSeed(options.seed));
  const progress = createProgress('sample', options.shots);
  const chunkShots = chunkShotsFor(rowBytes);
  // Each chunk (fresh arrays) is written while the next one is sampled, as in `detect`.
  let writing: Promise<void> = Promise.resolve();
  for (let done = 0; done < options.shots; ) {
    const shots = Math.min(chunkShots, options.shots - done);
    const rows = sampler.sample(shots, rng, { measurementFlips: true }).measurementFlips!;
    for (let i = 0; i < rows.length; i++) rows[i]! ^= reference[i % rowBytes]!;
    await writing;
    writing = out.write(rows, shots);
    done += shots;
    progress.update(done);
  }
  await writing;
  progress.finish();
  await out.close();
}
