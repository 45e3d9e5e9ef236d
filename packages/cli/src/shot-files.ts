/**
 * Shot files (Stim's six formats: 01, b8, r8, ptb64, hits, dets) through node streams, for every command that reads or
 * writes detection events, observable flips or error mechanisms, and the flags that name them.
 * Reading decodes chunk by chunk (@verilab/qec's ShotDecoder) and hands out fixed-size batches
 * of packed rows, so memory stays bounded by the batch size whatever the file size; writing
 * encodes one batch at a time.
 */
import { randomBytes } from 'node:crypto';
import { freshSeed } from '@verilab/core';
import { Option, type Command } from 'commander';
import {
  bytesPerShot,
  encodeShots,
  PTB64_GROUP_SHOTS,
  SHOT_FORMATS,
  ShotDecoder,
  type DetsLayout,
  type ShotDecodeIssue,
  type ShotDecodeResult,
  type ShotFormat,
} from '@verilab/qec/shots';
import { CliError } from './cli-error.ts';
import { parseNonNegativeInteger } from './flag-parsers.ts';
import { isStdio, openInputStream, openOutput, readChunks, readFileChunks } from './io.ts';

/** A `--…_format 01|b8|r8|ptb64|hits|dets` flag for the file of flag `of`. */
export function shotFormatOption(flag: string, of: string, defaultFormat: ShotFormat = '01'): Option {
  return new Option(`${flag} <format>`, `format of ${of}`).choices(SHOT_FORMATS).default(defaultFormat);
}

/** The flags of Stim's sampling commands (detect, sample_dem; sample without the --obs_out ones), with Stim's names and defaults. */
export interface SamplingOptions {
  in?: string;
  out?: string;
  out_format: ShotFormat;
  shots: number;
  seed?: number;
  obs_out?: string;
  obs_out_format: ShotFormat;
}

/** The file flags of Stim's converting commands (m2d, convert): shots in, shots and observables out. */
export interface ConversionOptions {
  in?: string;
  in_format: ShotFormat;
  out?: string;
  out_format: ShotFormat;
  obs_out?: string;
  obs_out_format: ShotFormat;
}

/** Adds the ConversionOptions flags with the given descriptions; `--in_format` is required when `requireInFormat`. */
export function addConversionOptions(
  command: Command,
  describe: { readonly in: string; readonly out: string; readonly obsOut: string },
  requireInFormat = false,
): Command {
  const inFormat = shotFormatOption('--in_format', '--in');
  return command
    .option('--in <file>', `${describe.in} (default: stdin)`)
    .addOption(requireInFormat ? inFormat.default(undefined).makeOptionMandatory() : inFormat)
    .option('--out <file>', `${describe.out} (default: stdout)`)
    .addOption(shotFormatOption('--out_format', '--out'))
    .option('--obs_out <file>', describe.obsOut)
    .addOption(shotFormatOption('--obs_out_format', '--obs_out'));
}

/**
 * Adds the SamplingOptions flags; `model` is what --in holds, e.g. 'circuit', and `out` what
 * --out gets. Without `observables` (Stim's `sample`, which writes measurements) the --obs_out
 * flags are left out.
 */
export function addSamplingOptions(command: Command, model: string, out = 'detection-event output file', observables = true): Command {
  command
    .option('--in <file>', `${model} file (default: stdin)`)
    .option('--out <file>', `${out} (default: stdout)`)
    .addOption(shotFormatOption('--out_format', '--out'))
    .option('--shots <n>', 'number of shots', parseNonNegativeInteger, 1)
    .option(
      '--seed <s>',
      `PRNG seed: the same ${model}, seed and shots give the same bits on every machine, forever; without it a fresh random seed is drawn, as Stim does`,
      parseNonNegativeInteger,
    );
  if (!observables) return command;
  return command.option('--obs_out <file>', 'also write the observable flips to this file').addOption(shotFormatOption('--obs_out_format', '--obs_out'));
}

/**
 * The seed to sample with: `--seed` when given, else fresh entropy (as Stim draws one), so
 * repeated unseeded runs give independent data instead of silently repeating the same shots.
 */
export function resolveSeed(seed: number | undefined): number {
  return seed ?? freshSeed(randomBytes);
}

/** ptb64 holds whole groups of 64 shots; a sampling command checks `--shots` before it starts. */
export function checkShotCountFits(format: ShotFormat, shots: number, flag: string): void {
  if (format === 'ptb64' && shots % PTB64_GROUP_SHOTS !== 0) {
    throw new CliError(`${flag} ptb64 needs a multiple of 64 shots, but --shots is ${shots}`);
  }
}

/** Packed rows (Stim's b8 layout: bytesPerShot(bits) bytes per shot) and how many shots they hold. */
export interface ShotBatch {
  readonly rows: Uint8Array;
  readonly shots: number;
}

/**
 * The most bytes of rows a batch holds: a batch of wide rows (a model of 10^8 detectors has
 * 12.5 MB rows) has fewer shots than asked for, at least one, so reading stays bounded in memory
 * (two batches in flight with the read-ahead) whatever the model's size.
 */
export const MAX_BATCH_BYTES = 16 * 1024 * 1024;

/**
 * Reads a shot file (stdin when `path` is undefined or '-') as batches of `batchShots` shots, or
 * as many as fit in MAX_BATCH_BYTES (at least one) when rows are wide, the last one possibly
 * smaller (never empty). Each batch is a fresh array the caller may
 * keep. Malformed data throws a CliError naming the file, the shot and, for 01, the line and
 * column, e.g. `dets.01:line 18, column 24: shot 17 (line 18) has 23 bits, expected 24`.
 * A file is read one batch ahead, so its I/O runs while the caller works on the batch it has;
 * stdin is not (a caller that stops early would wait for input that may never come).
 */
export function readShotBatches(
  path: string | undefined,
  format: ShotFormat,
  bitsPerShot: number,
  batchShots: number,
  what = 'shot data',
  layout?: DetsLayout,
): AsyncGenerator<ShotBatch> {
  if (!Number.isSafeInteger(batchShots) || batchShots < 1) throw new RangeError(`batchShots must be a positive integer, got ${batchShots}`);
  const shotsThatFit = Math.max(1, Math.floor(MAX_BATCH_BYTES / Math.max(1, bytesPerShot(bitsPerShot))));
  const batches = decodeShotBatches(path, new ShotDecoder(format, bitsPerShot, layout), Math.min(batchShots, shotsThatFit), what);
  return isStdio(path) ? batches : readAhead(batches);
}

/**
 * Iterates `source` one item ahead: the next item is requested before this one is handed out,
 * so its I/O runs while the caller works. A failure still surfaces in order, after the items
 * before it.
 */
async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done === true) return;
      next = source.next();
      // Awaited on the next round; until then its failure must not count as unhandled.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    // A caller that stops early closes the file, as it would without the read-ahead.
    await source.return(undefined);
  }
}

/** readShotBatches without the read-ahead, decoding with `decoder`. */
async function* decodeShotBatches(path: string | undefined, decoder: ShotDecoder, batchShots: number, what: string): AsyncGenerator<ShotBatch> {
  const name = isStdio(path) ? '<stdin>' : path;
  const rowBytes = bytesPerShot(decoder.bitsPerShot);
  if (decoder.format === 'b8' && !isStdio(path) && rowBytes > 0) {
    // b8 rows are the file's bytes: each batch is read straight into its own array, which the
    // decoder checks and hands back uncopied (a chunk of whole rows comes back as itself).
    for await (const chunk of readFileChunks(path, what, batchShots * rowBytes)) {
      const decoded = decodedOrThrow(name, decoder.push(chunk));
      if (decoded.shots > 0) yield decoded;
    }
    decodedOrThrow(name, decoder.finish());
    return;
  }
  let batch = new Uint8Array(batchShots * rowBytes);
  let filled = 0;
  const accept = function* (rows: Uint8Array, shots: number): Generator<ShotBatch> {
    for (let taken = 0; taken < shots; ) {
      const take = Math.min(shots - taken, batchShots - filled);
      batch.set(rows.subarray(taken * rowBytes, (taken + take) * rowBytes), filled * rowBytes);
      filled += take;
      taken += take;
      if (filled === batchShots) {
        yield { rows: batch, shots: filled };
        batch = new Uint8Array(batchShots * rowBytes);
        filled = 0;
      }
    }
  };
  for await (const chunk of readChunks(openInputStream(path), path, what)) {
    const decoded = decodedOrThrow(name, decoder.push(chunk));
    yield* accept(decoded.rows, decoded.shots);
  }
  decodedOrThrow(name, decoder.finish());
  if (filled > 0) yield { rows: batch.subarray(0, filled * rowBytes), shots: filled };
}

/** The shots a push or finish decoded, or the CliError naming the file and the problem. */
function decodedOrThrow(name: string, result: ShotDecodeResult): ShotBatch {
  if (!result.ok) throw shotIssueError(name, result.issues);
  return result.value;
}

/** `file:line L, column C: message` (text formats) or `file: message` (binary ones), as parse errors print; one line per issue. */
function shotIssueError(name: string, issues: readonly ShotDecodeIssue[]): CliError {
  const lines = issues.map((issue) => {
    const where = issue.line === undefined ? '' : `line ${issue.line}, column ${issue.column ?? 1}`;
    return `${name}:${where === '' ? ' ' : where + ': '}${issue.message}`;
  });
  return new CliError(lines.join('\n'));
}

/** An output file (stdout when `path` is undefined or '-') of one shot format and width. */
export interface ShotOutput {
  /**
   * Writes the first `shots` packed rows and resolves once the output is done with them, so the
   * caller may then reuse them (whole-byte b8 rows are written as they are, being the file's
   * bytes already; the other formats are encoded into a fresh array, queued).
   */
  write(rows: Uint8Array, shots: number): Promise<void>;
  close(): Promise<void>;
}

/** The `--obs_out` file (named `L<k>` in dets) when the flag is given, else undefined. */
export function openObservableOutput(options: Pick<SamplingOptions, 'obs_out' | 'obs_out_format'>, observables: number): ShotOutput | undefined {
  if (options.obs_out === undefined) return undefined;
  return openShotOutput(options.obs_out, options.obs_out_format, observables, 'observable flips', [{ prefix: 'L', count: observables }]);
}

/**
 * Opens a shot output; `layout` names the bits for the dets format. Writes may hold any number
 * of shots: for ptb64 a trailing partial group of 64 waits for the next write, and closing with
 * one left over is an error (ptb64 cannot hold it).
 */
export function openShotOutput(
  path: string | undefined,
  format: ShotFormat,
  bitsPerShot: number,
  what: string,
  layout?: DetsLayout,
): ShotOutput {
  const output = openOutput(path, what);
  const rowBytes = bytesPerShot(bitsPerShot);
  const group = format === 'ptb64' ? PTB64_GROUP_SHOTS : 1;
  let pending = new Uint8Array(0);
  let pendingShots = 0;
  return {
    async write(rows, shots) {
      let all = rows.subarray(0, shots * rowBytes);
      let total = shots;
      if (pendingShots > 0) {
        const joined = new Uint8Array(pending.length + all.length);
        joined.set(pending);
        joined.set(all, pending.length);
        all = joined;
        total += pendingShots;
      }
      const whole = total - (total % group);
      pending = all.slice(whole * rowBytes);
      pendingShots = total - whole;
      if (whole === 0) return;
      if (format === 'b8' && bitsPerShot % 8 === 0) await output.writeOut(all.subarray(0, whole * rowBytes));
      else await output.write(encodeShots(format, all, bitsPerShot, whole, layout));
    },
    async close() {
      await output.close();
      if (pendingShots > 0) {
        throw new CliError(`${path ?? '<stdout>'}: ptb64 holds whole groups of 64 shots, and ${pendingShots} shots were left over`);
      }
    },
  };
}
