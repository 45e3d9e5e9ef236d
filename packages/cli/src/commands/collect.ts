/**
 * `verilab collect`: Sinter's `sinter collect` for rotated surface-code memory experiments —
 * sample and decode every (distance, p) of a grid until `--max-shots` or `--max-errors`, on
 * `--threads` worker threads, appending Sinter-format rows to `--out` (resumable: rerun the same
 * command after an interruption and it continues where the file ends). Flags follow Sinter's
 * (`--max_shots` → `--max-shots`, `--processes` → `--threads`, `--max_batch_size` →
 * `--max-batch-shots`); the circuits are `verilab gen`'s, and the noise a named profile.
 *
 * Unlike Sinter, results are a function of `--seed` (default 0): the same command gives the
 * same rows (except seconds) on any thread count, interrupted or not.
 */
import { availableParallelism } from 'node:os';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { MAX_SURFACE_CODE_DISTANCE, NOISE_PROFILE_NAMES, NOISE_PROFILES, noiseProfile, parseRealNumber, type NoiseProfileName } from '@verilab/qec';
import { CliError } from '../cli-error.ts';
import { expandSweep, SWEEP_DECODERS, type RoundsRule, type SweepDecoder } from '../sweep/sweep-config.ts';
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

interface CollectOptions {
  distances: number[];
  p: number[];
  rounds: RoundsRule;
  basis: 'Z' | 'X';
  noise: NoiseProfileName;
  decoder: SweepDecoder;
  maxShots: number;
  maxErrors?: number;
  maxBatchShots: number;
  threads: number;
  seed: number;
  out: string;
  quiet?: boolean;
}

export function registerCollect(program: Command): void {
  program
    .command('collect')
    .description('Sample and decode surface-code memory experiments over a (distance, p) grid into a resumable Sinter CSV (as `sinter collect`).')
    .requiredOption('--distances <list>', `code distances, e.g. 3,5,7 (2 to ${MAX_SURFACE_CODE_DISTANCE})`, listOf(integerIn(2, MAX_SURFACE_CODE_DISTANCE), 'distances'))
    .requiredOption('--p <list>', 'base physical error rates, e.g. 0.002,0.004,0.006', listOf(probability, 'probabilities'))
    .option('--rounds <rule>', '"d" (rounds = distance) or a fixed number of rounds', roundsRule, 'd' as RoundsRule)
    .addOption(new Option('--basis <basis>', 'memory basis').choices(['Z', 'X']).default('Z'))
    .addOption(new Option('--noise <profile>', 'noise profile applied at each p').choices(NOISE_PROFILE_NAMES).default('si1000-like'))
    .addOption(new Option('--decoder <name>', 'decoder').choices(SWEEP_DECODERS).default('matching'))
    .requiredOption('--max-shots <n>', 'stop a task after this many shots', integerIn(1, Number.MAX_SAFE_INTEGER))
    .option('--max-errors <n>', 'stop a task after this many logical errors', integerIn(1, Number.MAX_SAFE_INTEGER))
    .option('--max-batch-shots <n>', 'largest chunk of shots per row', integerIn(1, Number.MAX_SAFE_INTEGER), DEFAULT_MAX_BATCH_SHOTS)
    .option('--threads <k>', 'worker threads', integerIn(1, 256), availableParallelism())
    .option('--seed <s>', 'seed of every chunk stream (results are a function of it)', integerIn(0, Number.MAX_SAFE_INTEGER), 0)
    .requiredOption('--out <file>', 'Sinter CSV to append to (created if missing; existing rows are resumed from)')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      ['', 'Noise profiles:', ...NOISE_PROFILE_NAMES.map((name) => `  ${name}: ${NOISE_PROFILES[name].description}`), ''].join('\n'),
    )
    .action(async (options: CollectOptions) => {
      for (const p of options.p) {
        try {
          noiseProfile(options.noise, p);
        } catch (error) {
          if (error instanceof RangeError) throw new CliError(`--p ${p}: ${error.message}`);
          throw error;
        }
      }
      const configs = expandSweep({
        distances: options.distances,
        ps: options.p,
        rounds: options.rounds,
        basis: options.basis,
        noise: options.noise,
        decoder: options.decoder,
      });
      await runCollect({
        configs,
        limits: { maxShots: options.maxShots, maxErrors: options.maxErrors ?? Infinity, maxBatchShots: options.maxBatchShots },
        threads: options.threads,
        seed: options.seed,
        out: options.out,
        progress: options.quiet !== true,
      });
    });
}
