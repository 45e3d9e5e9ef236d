/**
 * `verilab convert`: Stim's `stim convert` (src/stim/cmd/command_convert.cc) — rewrite shot data
 * from one of Stim's six formats into another — with the same flags: `--in F` (stdin without
 * it), `--in_format` (required), `--out F` (stdout without it), `--out_format` (01),
 * `--obs_out F --obs_out_format …` (move the observables to their own file), and the shape of
 * a shot from `--circuit F` (its measurements), `--dem F` (its detectors then observables),
 * `--num_measurements/--num_detectors/--num_observables`, or `--bits_per_shot N`; `--types`
 * (e.g. `DL`) says which of M, D and L the data holds, in order. The shape matters for `dets`
 * (which names each bit) and for every format's bit count.
 */
import type { Command } from 'commander';
import {
  countDetectors,
  countMeasurements,
  countObservables,
  flattenDem,
  parseCircuit,
  parseDem,
  sliceRowBits,
  type BitSegment,
} from '@verilab/qec';
import { CliError } from '../cli-error.ts';
import { parseNonNegativeInteger } from '../flag-parsers.ts';
import { readParsedInput } from '../io.ts';
import { addConversionOptions, openObservableOutput, openShotOutput, readShotBatches, type ConversionOptions } from '../shot-files.ts';
import { DECODE_BATCH_SHOTS, estimateShots, startProgress } from './predict.ts';

/** `in_format` is mandatory here (commander enforces it). */
interface ConvertOptions extends ConversionOptions {
  circuit?: string;
  dem?: string;
  num_measurements?: number;
  num_detectors?: number;
  num_observables?: number;
  bits_per_shot?: number;
  types?: string;
}

type Kind = BitSegment['prefix'];

export function registerConvert(program: Command): void {
  const command = program.command('convert');
  addConversionOptions(command, { in: 'shot data to convert', out: 'converted output', obsOut: 'write the observables (L bits) here instead of to --out' }, true)
    .option('--circuit <file>', 'take the shot shape from this circuit (default types: M)')
    .option('--dem <file>', 'take the shot shape from this detector error model (default types: DL)')
    .option('--num_measurements <n>', 'measurement bits per shot', parseNonNegativeInteger)
    .option('--num_detectors <n>', 'detector bits per shot', parseNonNegativeInteger)
    .option('--num_observables <n>', 'observable bits per shot', parseNonNegativeInteger)
    .option('--bits_per_shot <n>', 'bits per shot (named M in dets)', parseNonNegativeInteger)
    .option('--types <letters>', 'which of M, D, L each shot holds, in order, e.g. DL')
    .action(runConvert);
}

/** Counts of each kind of bit, and the default types, from the flags. */
async function shapeOf(options: ConvertOptions): Promise<{ counts: Record<Kind, number>; types: string }> {
  const counts: Record<Kind, number> = {
    M: options.num_measurements ?? 0,
    D: options.num_detectors ?? 0,
    L: options.num_observables ?? 0,
  };
  if (options.circuit !== undefined) {
    const circuit = await readParsedInput(options.circuit, 'circuit', parseCircuit);
    return { counts: { M: countMeasurements(circuit), D: countDetectors(circuit), L: countObservables(circuit) }, types: 'M' };
  }
  if (options.dem !== undefined) {
    const dem = flattenDem(await readParsedInput(options.dem, 'detector error model', parseDem));
    return { counts: { M: 0, D: dem.numDetectors, L: dem.numObservables }, types: 'DL' };
  }
  if (options.bits_per_shot !== undefined) return { counts: { ...counts, M: options.bits_per_shot }, types: 'M' };
  const given = (['M', 'D', 'L'] as const).filter((k) => counts[k] > 0).join('');
  if (given === '') {
    throw new CliError('convert needs the shot shape: --circuit, --dem, --bits_per_shot or --num_measurements/--num_detectors/--num_observables');
  }
  return { counts, types: given };
}

async function runConvert(options: ConvertOptions): Promise<void> {
  const shape = await shapeOf(options);
  const types = options.types ?? shape.types;
  if (!/^[MDL]+$/.test(types) || new Set(types).size !== types.length) {
    throw new CliError(`--types must list some of M, D and L once each, e.g. DL; got "${types}"`);
  }
  const layout: BitSegment[] = [...types].map((prefix) => ({ prefix: prefix as Kind, count: shape.counts[prefix as Kind] }));
  const bits = layout.reduce((n, s) => n + s.count, 0);
  // With --obs_out the L bits go to their own file; they must be the row's last bits to split off.
  const split = options.obs_out !== undefined;
  if (split && !types.endsWith('L')) throw new CliError('--obs_out moves the observables out, so --types must end with L');
  const O = split ? shape.counts.L : 0;
  const kept = split ? layout.slice(0, -1) : layout;
  const out = openShotOutput(options.out, options.out_format, bits - O, 'converted shots', kept);
  const obsOut = openObservableOutput(options, O);
  const progress = startProgress('convert', await estimateShots(options.in, options.in_format, bits));
  let done = 0;
  for await (const { rows, shots } of readShotBatches(options.in, options.in_format, bits, DECODE_BATCH_SHOTS, 'shot data', layout)) {
    await out.write(split ? sliceRowBits(rows, bits, 0, bits - O, shots) : rows, shots);
    await obsOut?.write(sliceRowBits(rows, bits, bits - O, O, shots), shots);
    progress.update((done += shots));
  }
  progress.finish();
  await out.close();
  await obsOut?.close();
}
