/**
 * `verilab m2d`: Stim's `stim m2d` (src/stim/cmd/command_m2d.cc) — convert measurement results
 * into detection events and observable flips — with the same flags: `--circuit F` (required),
 * `--in F` (stdin without it), `--in_format` (01; any of Stim's six formats, `M` tokens in
 * dets), `--out F` (stdout without it), `--out_format` (01), `--obs_out F --obs_out_format …`,
 * `--append_observables`, `--skip_reference_sample`.
 *
 * A detector fires when the parity of its measurements differs from their parity in the
 * circuit's noiseless reference sample (@verilab/qec's MeasurementsToDetections); the output
 * equals Stim's byte for byte. Shots stream through in batches, so memory stays bounded.
 */
import type { Command } from 'commander';
import { concatRowBits, MeasurementsToDetections, parseCircuit } from '@verilab/qec';
import { orCliError } from '../cli-error.ts';
import { readParsedInput } from '../io.ts';
import { addConversionOptions, openObservableOutput, openShotOutput, readShotBatches, type ConversionOptions } from '../shot-files.ts';
import { DECODE_BATCH_SHOTS, detectionLayout, estimateShots, startProgress } from './predict.ts';

interface M2dOptions extends ConversionOptions {
  circuit: string;
  append_observables?: boolean;
  skip_reference_sample?: boolean;
}

export function registerM2d(program: Command): void {
  const command = program
    .command('m2d')
    .requiredOption('--circuit <file>', 'the circuit that produced the measurements');
  addConversionOptions(command, { in: 'measurement results', out: 'detection-event output file', obsOut: 'also write the observable flips to this file' })
    .option('--append_observables', 'append the observable flips to each detection-event row')
    .option('--skip_reference_sample', 'compare with the all-zero record instead of the noiseless reference sample')
    .action(runM2d);
}

async function runM2d(options: M2dOptions): Promise<void> {
  const circuit = await readParsedInput(options.circuit, 'circuit', parseCircuit);
  const converter = orCliError(
    `cannot convert with ${options.circuit}`,
    () => new MeasurementsToDetections(circuit, { skipReferenceSample: options.skip_reference_sample === true }),
  );
  const { numMeasurements: M, numDetectors: D, numObservables: O } = converter;
  const append = options.append_observables === true;
  const out = openShotOutput(options.out, options.out_format, append ? D + O : D, 'detection events', detectionLayout(D, O, append));
  const obsOut = openObservableOutput(options, O);
  const progress = startProgress('m2d', await estimateShots(options.in, options.in_format, M));
  let done = 0;
  const batches = readShotBatches(options.in, options.in_format, M, DECODE_BATCH_SHOTS, 'measurements', [{ prefix: 'M', count: M }]);
  for await (const { rows, shots } of batches) {
    const converted = converter.convert(rows, shots);
    await out.write(append ? concatRowBits(converted.detectors, D, converted.observables, O, shots) : converted.detectors, shots);
    await obsOut?.write(converted.observables, shots);
    progress.update((done += shots));
  }
  progress.finish();
  await out.close();
  await obsOut?.close();
}
