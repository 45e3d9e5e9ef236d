/**
 * `verilab headroom`: the optimal (exact maximum-likelihood) decoder against the matching decoder
 * on the same circuit shots of each level — the ceiling an LLM decoder can reach, how often
 * matching is wrong at all, and the paired difference of the two logical error rates with its
 * standard error. Writes {"<level>": DecoderHeadroom} as JSON (see decoder-headroom.ts in
 * @verilab/qubit-medic for the fields, written under snake_case keys by qubit-medic/metrics-file.ts).
 */
import type { Command } from 'commander';
import { measureDecoderHeadroom, type Level } from '@verilab/qubit-medic';
import { CliError } from '../cli-error.ts';
import { parseNonNegativeInteger, parsePositiveInteger } from '../flag-parsers.ts';
import { writeJsonOutput } from '../io.ts';
import { headroomRecord } from '../qubit-medic/metrics-file.ts';
import { createProgress } from '../progress.ts';
import { parseLevels } from '../qubit-medic/options.ts';

interface HeadroomOptions {
  levels: Level[];
  shots: number;
  seed: number;
  out?: string;
}

export function registerHeadroom(program: Command): void {
  program
    .command('headroom')
    .requiredOption('--levels <list>', 'comma-separated levels small enough for exact decoding, e.g. L1_warmup,L2_target', parseLevels)
    .requiredOption('--shots <n>', 'circuit shots per level', parsePositiveInteger)
    .option('--seed <s>', 'seed of the shot sampler (each level starts from it)', parseNonNegativeInteger, 0)
    .option('--out <file>', 'output JSON file (default: stdout)')
    .action(runHeadroom);
}

async function runHeadroom(options: HeadroomOptions): Promise<void> {
  const progress = createProgress('headroom', options.levels.length * options.shots);
  const result: Record<string, ReturnType<typeof headroomRecord>> = {};
  for (const [k, level] of options.levels.entries()) {
    try {
      const headroom = measureDecoderHeadroom(level, options.shots, options.seed, {
        onProgress: (done) => progress.update(k * options.shots + done),
      });
      result[level.name] = headroomRecord(headroom);
    } catch (error) {
      if (error instanceof RangeError) throw new CliError(error.message);
      throw error;
    }
  }
  progress.finish();
  await writeJsonOutput(options.out, 'headroom results', result);
}
