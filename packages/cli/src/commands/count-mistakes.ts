/**
 * `verilab count_mistakes`: PyMatching's `pymatching count_mistakes` (namespaced_main.cc) —
 * decode detection events and count the shots whose predicted observable flips differ from the
 * actual ones, printing `<mistakes> / <shots>`. Same flags and defaults: `--dem F`, `--in F`
 * (stdin without it), `--in_format` (default 01; any of Stim's six formats), either
 * `--in_includes_appended_observables` (the actual flips follow the detectors in each row) or
 * `--obs_in F` with `--obs_in_format` (default 01), `--out F` for the count (stdout without
 * it), `--time` (print the total and per-shot decoding time to stderr, as PyMatching does) and
 * `--enable_correlations` (two-pass correlated matching, as in `predict`).
 *
 * A shot is a mistake when any observable differs. Unlike PyMatching, an --obs_in file with
 * more shots than --in is an error too (PyMatching only checks that it is not shorter).
 */
import type { Command } from 'commander';
import { bytesPerShot, sliceRowBits, type ShotFormat } from '@verilab/qec/decoding';
import { CliError } from '../cli-error.ts';
import { openOutput } from '../io.ts';
import { readShotBatches, shotFormatOption } from '../shot-files.ts';
import { decodeBatch, DECODE_BATCH_SHOTS, detectionLayout, ENABLE_CORRELATIONS_HELP, estimateShots, loadDecoder, startProgress } from './predict.ts';

interface CountMistakesOptions {
  dem: string;
  in?: string;
  in_format: ShotFormat;
  in_includes_appended_observables?: boolean;
  obs_in?: string;
  obs_in_format: ShotFormat;
  out?: string;
  time?: boolean;
  enable_correlations?: boolean;
}

export function registerCountMistakes(program: Command): void {
  program
    .command('count_mistakes')
    .requiredOption('--dem <file>', 'detector error model (decomposed into graph-like errors)')
    .option('--in <file>', 'detection events (default: stdin)')
    .addOption(shotFormatOption('--in_format', '--in'))
    .option('--in_includes_appended_observables', 'each --in row also holds the actual observable flips after the detectors')
    .option('--obs_in <file>', 'actual observable flips, one row per shot')
    .addOption(shotFormatOption('--obs_in_format', '--obs_in'))
    .option('--out <file>', 'where to write "<mistakes> / <shots>" (default: stdout)')
    .option('--time', 'print the total and per-shot decoding time to stderr')
    .option('--enable_correlations', ENABLE_CORRELATIONS_HELP)
    .action(runCountMistakes);
}

/** Pulls rows from a batch stream a chosen number of shots at a time (the two inputs batch differently). */
class RowCursor {
  private readonly batches: AsyncIterator<{ rows: Uint8Array; shots: number }>;
  private readonly rowBytes: number;
  private batch: { rows: Uint8Array; shots: number } | undefined;
  private offset = 0;

  constructor(batches: AsyncIterable<{ rows: Uint8Array; shots: number }>, rowBytes: number) {
    this.batches = batches[Symbol.asyncIterator]();
    this.rowBytes = rowBytes;
  }

  /** Copies the next `shots` rows into `into`; returns how many there were (fewer at the end). */
  async read(into: Uint8Array, shots: number): Promise<number> {
    let got = 0;
    while (got < shots) {
      if (this.batch === undefined || this.offset === this.batch.shots) {
        const result = await this.batches.next();
        if (result.done === true) break;
        this.batch = result.value;
        this.offset = 0;
        continue;
      }
      const take = Math.min(shots - got, this.batch.shots - this.offset);
      into.set(this.batch.rows.subarray(this.offset * this.rowBytes, (this.offset + take) * this.rowBytes), got * this.rowBytes);
      this.offset += take;
      got += take;
    }
    return got;
  }
}

async function runCountMistakes(options: CountMistakesOptions): Promise<void> {
  const appended = options.in_includes_appended_observables === true;
  if (!appended && options.obs_in === undefined) {
    throw new CliError('count_mistakes needs the actual observables: give --in_includes_appended_observables or --obs_in');
  }
  const decoder = await loadDecoder(options.dem, options.enable_correlations === true);
  const D = decoder.numDetectors;
  const O = decoder.numObservables;
  const bits = D + (appended ? O : 0);
  const obsBytes = bytesPerShot(O);
  const source = options.in ?? '<stdin>';
  const obsSource = options.obs_in ?? '<stdin>';
  const obsCursor = appended
    ? undefined
    : new RowCursor(
        readShotBatches(options.obs_in, options.obs_in_format, O, DECODE_BATCH_SHOTS, 'observable flips', [{ prefix: 'L', count: O }]),
        obsBytes,
      );
  const obsBuffer = new Uint8Array(DECODE_BATCH_SHOTS * obsBytes);
  const progress = startProgress('count_mistakes', await estimateShots(options.in, options.in_format, bits));
  let shotsSeen = 0;
  let mistakes = 0;
  const start = performance.now();
  const layout = detectionLayout(D, O, appended);
  for await (const { rows, shots } of readShotBatches(options.in, options.in_format, bits, DECODE_BATCH_SHOTS, 'detection events', layout)) {
    const predicted = decodeBatch(decoder, rows, shots, bytesPerShot(bits), shotsSeen, source);
    // Actual flips, packed like the predictions (padding bits zero in both).
    let actual: Uint8Array;
    if (obsCursor === undefined) {
      actual = sliceRowBits(rows, bits, D, O, shots);
    } else {
      const buffer = shots * obsBytes <= obsBuffer.length ? obsBuffer : new Uint8Array(shots * obsBytes);
      const got = await obsCursor.read(buffer, shots);
      if (got < shots) throw new CliError(`${obsSource} ended after ${shotsSeen + got} shots, but ${source} has more`);
      actual = buffer;
    }
    for (let s = 0; s < shots; s++) {
      for (let b = s * obsBytes; b < (s + 1) * obsBytes; b++) {
        if (actual[b] !== predicted[b]) {
          mistakes++;
          break;
        }
      }
    }
    shotsSeen += shots;
    progress.update(shotsSeen);
  }
  if (obsCursor !== undefined && (await obsCursor.read(new Uint8Array(obsBytes), 1)) > 0) {
    throw new CliError(`${obsSource} has more shots than the ${shotsSeen} of ${source}`);
  }
  progress.finish();
  const out = openOutput(options.out, 'mistake count');
  await out.write(`${mistakes} / ${shotsSeen}\n`);
  await out.close();
  if (options.time === true) {
    const microseconds = Math.round((performance.now() - start) * 1000);
    process.stderr.write(`Total decoding time: ${microseconds}us\nDecoding time per shot: ${microseconds / shotsSeen}us\n`);
  }
}
