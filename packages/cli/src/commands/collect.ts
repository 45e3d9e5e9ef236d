/**
 * `verilab collect`: Sinter's `sinter collect` for rotated surface-code memory experiments —
 * sample and decode every (distance, p) of a grid until `--max-shots` or `--max-errors`, on
 * `--threads` worker threads, appending Sinter-format rows to `--out` (resumable: rerun the same
 * command after an interruption and it continues where the file ends). The circuits are
 * `verilab gen`'s, and the noise a named profile.
 *
 * `--circuits FILE...` collects circuit files, as Sinter does, besides or instead of the grid;
 * `--metadata_func` picks each task's json_metadata among Sinter's common choices: `{'path': path}`
 * (Sinter's default), `auto` (the file name's key=value terms: `d=5,p=0.001,r=5.stim` → {d, p,
 * r}, which `plot` needs to place the task) or `None`.
 *
 * Sinter's flag names work too, as aliases: `--max_shots`, `--max_errors`, `--processes`
 * (threads), `--max_batch_size`, `--save_resume_filepath` (the CSV; Sinter also prints the rows
 * to stdout, we only append them to the file), `--decoders pymatching|matching` (our exact
 * matching decoder solves PyMatching's problem) and `pymatching-correlated|matching-correlated`
 * (two-pass correlated matching, PyMatching 2.4's `enable_correlations`; `--enable_correlations`
 * turns every matching decoder into it). Each decoder runs every task, as in Sinter.
 *
 * `--shard i/n` runs only tasks i, i + n, i + 2n, … (0-based: the grid in order, then the circuit files), so a
 * sweep runs as a Slurm array (`--shard $SLURM_ARRAY_TASK_ID/n`) or a Kubernetes Indexed Job
 * across machines; `verilab combine` merges the shards' CSVs into the unsharded run's totals.
 *
 * Unlike Sinter, results are a function of `--seed` (default 0): the same command gives the
 * same rows (except seconds) on any thread count, interrupted or not, sharded or not (each
 * chunk's random stream depends only on the seed, the task's strong id and the chunk index).
 */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  MAX_SURFACE_CODE_DISTANCE,
  NOISE_PROFILE_NAMES,
  NOISE_PROFILES,
  noiseProfile,
  parseCircuit,
  parseRealNumber,
  type NoiseProfileName,
} from '@verilab/qec';
import { formatIssues } from '@verilab/core';
import { CliError } from '../cli-error.ts';
import { readTextInput } from '../io.ts';
import {
  expandSweep,
  metadataFromFileName,
  SWEEP_DECODERS,
  type CollectConfig,
  type PyJson,
  type RoundsRule,
  type SweepDecoder,
} from '../sweep/sweep-config.ts';
import { runCollect } from '../sweep/run-collect.ts';

const DEFAULT_MAX_BATCH_SHOTS = 16_384;

const integerIn =
  (min: number, max: number) =>
  (text: string): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(max === Number.MAX_SAFE_INTEGER ? `expected an integer >= ${min}` : `expected an integer from ${min} to ${max}`);
    }
    return value;
  };

const listOf =
  <T>(item: (text: string) => T, what: string) =>
  (text: string): T[] => {
    const parts = text.split(',').map((part) => part.trim());
    if (parts.some((part) => part === '')) throw new InvalidArgumentError(`expected a comma-separated list of ${what}`);
    return parts.map((part) => {
      try {
        return item(part);
      } catch (error) {
        throw new InvalidArgumentError(`"${part}": ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  };

const probability = (text: string): number => {
  const value = parseRealNumber(text);
  if (value === undefined || value < 0 || value > 1) throw new InvalidArgumentError('expected a probability in [0, 1]');
  return value;
};

const roundsRule = (text: string): RoundsRule => (text.trim() === 'd' ? 'd' : integerIn(1, Number.MAX_SAFE_INTEGER)(text));

/** `i/n` with 0 ≤ i < n: this machine's share of the tasks. */
const shard = (text: string): Shard => {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !(count >= 1) || !(index < count)) throw new InvalidArgumentError('expected i/n with 0 <= i < n, e.g. 0/4');
  return { index, count };
};

interface Shard {
  readonly index: number;
  readonly count: number;
}

/** A worker count, or Sinter's `auto` (one per available core). */
const workerCount = (text: string): number => (text.trim() === 'auto' ? availableParallelism() : integerIn(1, 256)(text));

/** Sinter's decoder names we run: ours is an exact matching decoder, PyMatching's problem. */
const decoderName = (text: string): SweepDecoder => {
  if (text === 'pymatching' || text === 'matching') return 'matching';
  if (text === 'pymatching-correlated' || text === 'matching-correlated') return 'matching-correlated';
  throw new InvalidArgumentError(
    `unknown decoder "${text}"; available: matching (also accepted as pymatching), matching-correlated (also accepted as pymatching-correlated)`,
  );
};

interface CollectOptions {
  distances?: number[];
  p?: number[];
  circuits?: string[];
  metadata_func: typeof PATH_METADATA | 'auto' | 'None';
  rounds: RoundsRule;
  basis: 'Z' | 'X';
  noise: NoiseProfileName;
  decoder?: SweepDecoder;
  decoders?: SweepDecoder[];
  maxShots?: number;
  max_shots?: number;
  maxErrors?: number;
  max_errors?: number;
  maxBatchShots?: number;
  max_batch_size?: number;
  threads?: number;
  processes?: number;
  seed: number;
  out?: string;
  save_resume_filepath?: string;
  shard?: Shard;
  quiet?: boolean;
  enable_correlations?: boolean;
}

/** Sinter's default --metadata_func (a Python expression; we take the three common ones). */
const PATH_METADATA = "{'path': path}";

/** The (distance, p) grid's tasks; none without --distances and --p. */
function gridConfigs(options: CollectOptions, decoder: SweepDecoder): CollectConfig[] {
  if (options.distances === undefined && options.p === undefined) return [];
  if (options.distances === undefined || options.p === undefined) throw new CliError('a grid needs both --distances and --p');
  for (const p of options.p) {
    try {
      noiseProfile(options.noise, p);
    } catch (error) {
      if (error instanceof RangeError) throw new CliError(`--p ${p}: ${error.message}`);
      throw error;
    }
  }
  return expandSweep({ distances: options.distances, ps: options.p, rounds: options.rounds, basis: options.basis, noise: options.noise, decoder });
}

/** The --circuits tasks: each file read and checked here, so a bad one fails before any sampling. */
async function circuitFileConfigs(options: CollectOptions, decoder: SweepDecoder): Promise<CollectConfig[]> {
  const configs: CollectConfig[] = [];
  for (const path of options.circuits ?? []) {
    const circuit = await readTextInput(path, 'circuit');
    const parsed = parseCircuit(circuit);
    if (!parsed.ok) throw new CliError(formatIssues(parsed.issues, path));
    let metadata: PyJson = options.metadata_func === PATH_METADATA ? { path } : null;
    if (options.metadata_func === 'auto') {
      try {
        metadata = metadataFromFileName(path);
      } catch (error) {
        throw new CliError(`--metadata_func auto: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    configs.push({ kind: 'circuit-file', path, circuit, metadata, decoder });
  }
  return configs;
}

/** The value of a flag given under our name or Sinter's (not both, unless they agree). */
function either<T>(ours: T | undefined, sinters: T | undefined, names: string): T | undefined {
  if (ours !== undefined && sinters !== undefined && JSON.stringify(ours) !== JSON.stringify(sinters)) {
    throw new CliError(`${names} are the same flag (ours and Sinter's spelling); give one`);
  }
  return ours ?? sinters;
}

function required<T>(value: T | undefined, names: string): T {
  if (value === undefined) throw new CliError(`collect needs ${names}`);
  return value;
}

export function registerCollect(program: Command): void {
  program
    .command('collect')
    .option('--distances <list>', `code distances, e.g. 3,5,7 (2 to ${MAX_SURFACE_CODE_DISTANCE}); with --p, the grid`, listOf(integerIn(2, MAX_SURFACE_CODE_DISTANCE), 'distances'))
    .option('--p <list>', 'base physical error rates, e.g. 0.002,0.004,0.006', listOf(probability, 'probabilities'))
    .option('--circuits <files...>', "circuit files to collect, as Sinter takes them (besides or instead of the grid)")
    .addOption(
      new Option('--metadata_func <func>', "circuit files' json_metadata, as in Sinter: {'path': path}, auto (key=value terms of the file name, e.g. d=5,p=0.001,r=5.stim) or None")
        .choices([PATH_METADATA, 'auto', 'None'])
        .default(PATH_METADATA),
    )
    .option('--rounds <rule>', '"d" (rounds = distance) or a fixed number of rounds', roundsRule, 'd' as RoundsRule)
    .addOption(new Option('--basis <basis>', 'memory basis').choices(['Z', 'X']).default('Z'))
    .addOption(new Option('--noise <profile>', 'noise profile applied at each p').choices(NOISE_PROFILE_NAMES).default('si1000-like'))
    .addOption(new Option('--decoder <name>', `decoder (default ${SWEEP_DECODERS[0]})`).choices(SWEEP_DECODERS))
    .option('--decoders <list>', "Sinter's spelling of --decoder, a list: pymatching (or matching), pymatching-correlated (or matching-correlated)", listOf(decoderName, 'decoders'))
    .option('--enable_correlations', 'decode with two-pass correlated matching (matching-correlated) instead of plain matching')
    .option('--max-shots <n>', 'stop a task after this many shots (required; Sinter: --max_shots)', integerIn(1, Number.MAX_SAFE_INTEGER))
    .option('--max_shots <n>', 'Sinter spelling of --max-shots', integerIn(1, Number.MAX_SAFE_INTEGER))
    .option('--max-errors <n>', 'stop a task after this many logical errors (Sinter: --max_errors)', integerIn(1, Number.MAX_SAFE_INTEGER))
    .option('--max_errors <n>', 'Sinter spelling of --max-errors', integerIn(1, Number.MAX_SAFE_INTEGER))
    .option('--max-batch-shots <n>', `largest chunk of shots per row (default ${DEFAULT_MAX_BATCH_SHOTS}; Sinter: --max_batch_size)`, integerIn(1, Number.MAX_SAFE_INTEGER))
    .option('--max_batch_size <n>', 'Sinter spelling of --max-batch-shots', integerIn(1, Number.MAX_SAFE_INTEGER))
    .option('--threads <k>', `worker threads (default ${availableParallelism()}, the available cores; Sinter: --processes)`, integerIn(1, 256))
    .option('--processes <k>', 'Sinter spelling of --threads (we use threads, not processes); "auto" for the available cores', workerCount)
    .option('--seed <s>', 'seed of every chunk stream (results are a function of it)', integerIn(0, Number.MAX_SAFE_INTEGER), 0)
    .option('--out <file>', 'Sinter CSV to append to (required; created if missing; existing rows are resumed from)')
    .option('--save_resume_filepath <file>', 'Sinter spelling of --out')
    .option('--shard <i/n>', 'run only tasks i, i+n, i+2n, ... (0-based; grid, then circuit files); combine the shards with `verilab combine`', shard)
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      ['', 'Noise profiles:', ...NOISE_PROFILE_NAMES.map((name) => `  ${name}: ${NOISE_PROFILES[name].description}`), ''].join('\n'),
    )
    .action(async (options: CollectOptions) => {
      const named = [...(options.decoder === undefined ? [] : [options.decoder]), ...(options.decoders ?? [])];
      const chosen = named.length === 0 ? [SWEEP_DECODERS[0]] : named;
      const decoders = [...new Set(options.enable_correlations === true ? chosen.map(() => 'matching-correlated' as const) : chosen)];
      const all: CollectConfig[] = [];
      for (const decoder of decoders) all.push(...gridConfigs(options, decoder), ...(await circuitFileConfigs(options, decoder)));
      if (all.length === 0) throw new CliError('collect needs tasks: a grid (--distances and --p) or circuit files (--circuits)');
      const { index, count } = options.shard ?? { index: 0, count: 1 };
      const configs = all.filter((_, task) => task % count === index);
      await runCollect({
        configs,
        limits: {
          maxShots: required(either(options.maxShots, options.max_shots, '--max-shots and --max_shots'), '--max-shots (or --max_shots)'),
          maxErrors: either(options.maxErrors, options.max_errors, '--max-errors and --max_errors') ?? Infinity,
          maxBatchShots: either(options.maxBatchShots, options.max_batch_size, '--max-batch-shots and --max_batch_size') ?? DEFAULT_MAX_BATCH_SHOTS,
        },
        threads: either(options.threads, options.processes, '--threads and --processes') ?? availableParallelism(),
        seed: options.seed,
        out: required(either(options.out, options.save_resume_filepath, '--out and --save_resume_filepath'), '--out (or --save_resume_filepath)'),
        progress: options.quiet !== true,
      });
    });
}
