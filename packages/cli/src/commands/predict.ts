/**
 * `verilab predict`: PyMatching's `pymatching predict` (src/pymatching/sparse_blossom/driver/
 * namespaced_main.cc) — decode detection events with minimum-weight perfect matching and write
 * the predicted observable flips — with the same flags and defaults: `--dem F` (required),
 * `--in F` (stdin without it), `--in_format` (default b8; any of Stim's six formats),
 * `--in_includes_appended_observables` (rows carry the observables after the detectors; they are
 * ignored), `--out F` (stdout without it), `--out_format` (default 01), `--enable_correlations`
 * (PyMatching 2.4's two-pass correlated matching, @verilab/qec's CorrelatedMatchingDecoder), and
 * ours, `--threads N` (this thread and N − 1 workers decode batches, same output: predict-threads.ts).
 *
 * Shots stream through in batches: memory is bounded whatever the file size. The decoding logic
 * lives in @verilab/qec's MatchingDecoder; this module also holds what `count_mistakes` shares.
 */
import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import {
  buildMatchingGraphFromDemText,
  bytesPerShot,
  CorrelatedMatchingDecoder,
  flattenDem,
  MatchingDecoder,
  MatchingGraphError,
  NoMatchingError,
  parseDem,
  type DetectorErrorModel,
  type DetsLayout,
  type ShotFormat,
} from '@verilab/qec/decoding';
import { formatIssues } from '@verilab/core';
import { CliError } from '../cli-error.ts';
import { readTextInput } from '../io.ts';
import { createProgress, type Progress } from '../progress.ts';
import { parsePositiveInteger } from '../flag-parsers.ts';
import { openShotOutput, readShotBatches, shotFormatOption } from '../shot-files.ts';
import type { DecoderPool } from './predict-threads.ts';

/** Shots per decoding batch: large enough to amortise the async plumbing, small in memory. */
export const DECODE_BATCH_SHOTS = 16_384;

/** A decoder of packed shot rows: plain matching, or correlated matching with `--enable_correlations`. */
export type ShotDecoder = MatchingDecoder | CorrelatedMatchingDecoder;

/** Help text of `--enable_correlations`, shared by the commands that decode. */
export const ENABLE_CORRELATIONS_HELP = "two-pass correlated matching (PyMatching 2.4's --enable_correlations; the DEM must be decomposed, p <= 0.5)";

/** Reads, parses and compiles the DEM behind `--dem`; every failure is a CliError naming the file. */
export async function loadDecoder(demPath: string, enableCorrelations = false): Promise<ShotDecoder> {
  return compileDecoder(await readTextInput(demPath, 'detector error model'), demPath, enableCorrelations);
}

/** Parses and compiles DEM text read from `demPath` (named in errors); failures are CliErrors. */
export function compileDecoder(text: string, demPath: string, enableCorrelations: boolean): ShotDecoder {
  if (!enableCorrelations) {
    try {
      // Plain matching builds its graph straight from the text, keeping no parsed model; text it
      // cannot read is parsed for its issues.
      return new MatchingDecoder(buildMatchingGraphFromDemText(text) ?? throwDemIssues(text, demPath));
    } catch (error) {
      throw namedGraphError(error, demPath);
    }
  }
  const dem = parseDemText(text, demPath);
  try {
    return CorrelatedMatchingDecoder.fromDem(flattenDem(dem));
  } catch (error) {
    // A flat error index is a text position only without repeat blocks.
    throw namedGraphError(error, demPath, dem.items.some((item) => item.kind === 'repeat') ? undefined : text);
  }
}

/** The parsed DEM, or a CliError listing its issues. */
function parseDemText(text: string, demPath: string): DetectorErrorModel {
  const parsed = parseDem(text);
  if (!parsed.ok) throw new CliError(formatIssues(parsed.issues, demPath));
  return parsed.value;
}

/** Throws the CliError listing the issues of DEM text that does not parse. */
function throwDemIssues(text: string, demPath: string): never {
  parseDemText(text, demPath);
  throw new Error(`${demPath}: the DEM parses, yet its matching graph could not be read from the text`);
}

/**
 * A MatchingGraphError as a CliError naming the file and the line: the error's own, else (given
 * the text of a DEM without repeat blocks) that of its flat error index. Other errors unchanged.
 */
function namedGraphError(error: unknown, demPath: string, flatText?: string): unknown {
  if (!(error instanceof MatchingGraphError)) return error;
  const line = error.line ?? (flatText === undefined ? undefined : errorLine(flatText, error.errorIndex));
  return new CliError(`${demPath}:${line === undefined ? ' ' : `line ${line}: `}${error.message}`);
}

/** 1-based line of the n-th `error` instruction of a DEM without repeat blocks (where flat index = text order). */
function errorLine(text: string, errorIndex: number): number | undefined {
  if (errorIndex < 0) return undefined;
  let seen = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*error\b/i.test(lines[i]!) && seen++ === errorIndex) return i + 1;
  }
  return undefined;
}

/** The dets names of detection-event rows: detectors, then the observables when appended. */
export function detectionLayout(detectors: number, observables: number, appended: boolean): DetsLayout {
  return appended ? [{ prefix: 'D', count: detectors }, { prefix: 'L', count: observables }] : [{ prefix: 'D', count: detectors }];
}

/** Shots in a shot file, from its size (for progress); undefined for stdin, sparse formats or unknown. */
export async function estimateShots(path: string | undefined, format: ShotFormat, bits: number): Promise<number | undefined> {
  if (path === undefined || path === '-') return undefined;
  const shotBytes = format === 'b8' ? Math.max(1, bytesPerShot(bits)) : format === '01' ? bits + 1 : format === 'ptb64' ? bits / 8 : undefined;
  if (shotBytes === undefined || shotBytes === 0) return undefined;
  try {
    const { size } = await stat(path);
    return Math.floor(size / shotBytes);
  } catch {
    return undefined; // The reader reports the real problem with the file.
  }
}

export function startProgress(label: string, total: number | undefined): Progress {
  return createProgress(label, total ?? 0, { enabled: total !== undefined });
}

/** Decodes one batch, naming the shot (0-based, counted from the start of the input) that cannot be matched. */
export function decodeBatch(
  decoder: ShotDecoder,
  rows: Uint8Array,
  shots: number,
  rowBytes: number,
  firstShot: number,
  source: string,
): Uint8Array {
  try {
    return decoder.decodeBatch(rows, shots, rowBytes);
  } catch (error) {
    if (!(error instanceof NoMatchingError)) throw error;
    // Locate the shot: decode one at a time (only on this error path).
    for (let s = 0; s < shots; s++) {
      try {
        decoder.decodeBatch(rows.subarray(s * rowBytes, (s + 1) * rowBytes), 1, rowBytes);
      } catch (inner: unknown) {
        if (inner instanceof NoMatchingError) throw new CliError(`${source}: shot ${firstShot + s}: ${inner.message}`);
        throw inner;
      }
    }
    throw error;
  }
}

interface PredictOptions {
  dem: string;
  in?: string;
  in_format: ShotFormat;
  in_includes_appended_observables?: boolean;
  out?: string;
  out_format: ShotFormat;
  enable_correlations?: boolean;
  threads: number;
}

export function registerPredict(program: Command): void {
  program
    .command('predict')
    .requiredOption('--dem <file>', 'detector error model (decomposed into graph-like errors)')
    .option('--in <file>', 'detection events (default: stdin)')
    .addOption(shotFormatOption('--in_format', '--in', 'b8'))
    .option('--in_includes_appended_observables', 'each --in row also holds the observables after the detectors (ignored)')
    .option('--out <file>', 'predicted observable flips (default: stdout)')
    .addOption(shotFormatOption('--out_format', '--out'))
    .option('--enable_correlations', ENABLE_CORRELATIONS_HELP)
    .option('--threads <n>', 'threads decoding batches of shots: the main thread and n - 1 workers (the output is the same for any n)', parsePositiveInteger, 1)
    .action(runPredict);
}

async function runPredict(options: PredictOptions): Promise<void> {
  const enableCorrelations = options.enable_correlations === true;
  const demText = await readTextInput(options.dem, 'detector error model');
  // Workers start now, beside this thread's parsing; plain ones then build from this thread's graph.
  const setup = { demPath: options.dem, enableCorrelations, ...(enableCorrelations ? { demText } : {}) };
  // The worker pool's modules load only when there are workers: one thread starts without them.
  const threads = options.threads > 1 ? await import('./predict-threads.ts') : undefined;
  const pool = threads?.DecoderPool.start(options.threads - 1, setup);
  try {
    const decoder = compileDecoder(demText, options.dem, enableCorrelations);
    let parallel: Parallel | undefined;
    if (threads !== undefined && pool !== undefined) {
      if (decoder instanceof MatchingDecoder) pool.shareGraph((await import('../matching-graph-transfer.ts')).packMatchingGraph(decoder.graph));
      parallel = { pool, batchShots: threads.threadBatchShots(decoder.numDetectors) };
    }
    await predictWith(decoder, parallel, options);
  } finally {
    await pool?.stop();
  }
}

/** Worker threads beside this one, and the batch size that suits them. */
interface Parallel {
  readonly pool: DecoderPool;
  readonly batchShots: number;
}

/** Decodes --in to --out on this thread alone, or with `parallel`'s workers. */
async function predictWith(decoder: ShotDecoder, parallel: Parallel | undefined, options: PredictOptions): Promise<void> {
  const D = decoder.numDetectors;
  const O = decoder.numObservables;
  const bits = D + (options.in_includes_appended_observables ? O : 0);
  const rowBytes = bytesPerShot(bits);
  const source = options.in ?? '<stdin>';
  const progress = startProgress('predict', await estimateShots(options.in, options.in_format, bits));
  const out = openShotOutput(options.out, options.out_format, O, 'predictions', [{ prefix: 'L', count: O }]);
  const layout = detectionLayout(D, O, options.in_includes_appended_observables === true);
  const batchShots = parallel?.batchShots ?? DECODE_BATCH_SHOTS;
  const batches = readShotBatches(options.in, options.in_format, bits, batchShots, 'detection events', layout);
  const write = (predictions: Uint8Array, shots: number) => out.write(predictions, shots);
  if (parallel !== undefined) {
    await parallel.pool.decodeInOrder(decoder, batches, rowBytes, source, write, (done) => progress.update(done));
  } else {
    let done = 0;
    let writing = Promise.resolve();
    for await (const { rows, shots } of batches) {
      const predictions = decodeBatch(decoder, rows, shots, rowBytes, done, source);
      // The previous batch was written while this one decoded (a file write waits for its I/O).
      await writing;
      writing = write(predictions, shots);
      // Awaited on the next round; until then its failure must not count as unhandled.
      writing.catch(() => undefined);
      progress.update((done += shots));
    }
    await writing;
  }
  progress.finish();
  await out.close();
}
