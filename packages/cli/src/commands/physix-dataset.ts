/**
 * `verilab physix dataset`: supervised fine-tuning rows for PhysiX in TRL's conversational
 * `prompt-completion` ({prompt: [system, user], completion: [assistant]}) or `messages`
 * ([system, user, assistant]) format. Each prompt is exactly the first turn of the episode
 * (system_id, seed) — `resetEpisode({seed, systemId})` and `buildPrompt` regenerate it, and so
 * does `reset` on the server — and its completion is the episode's answer as the JSON action
 * the system prompt asks for: the ground-truth equations with the true values of the
 * parameters they use. Every row carries system_id, tier, seed and the episode format version.
 *
 * Row k is system k mod |systems| with seed --seed + k, so rows are distinct and the default
 * seeds (from 1,000,000) stay clear of `verilab physix eval`'s (from 10,000). The default
 * systems are the training tiers 1 and 2; tier 3 is held out.
 */
import { Option, type Command } from 'commander';
import {
  buildPrompt,
  EPISODE_FORMAT_VERSION,
  getSystem,
  groundTruthAction,
  instantiate,
  resetEpisode,
} from '@verilab/physix';
import { CliError } from '../cli-error.ts';
import { checkSeedRange, parseChoice, parseNonNegativeInteger, parsePositiveInteger } from '../flag-parsers.ts';
import { openOutput } from '../io.ts';
import { parseSystems, TRAINING_SYSTEMS } from '../physix/options.ts';
import { createProgress } from '../progress.ts';

type RowFormat = 'prompt-completion' | 'messages';
const ROW_FORMATS: readonly RowFormat[] = ['prompt-completion', 'messages'];

interface DatasetOptions {
  out: string;
  n: number;
  systems: string[];
  seed: number;
  format: RowFormat;
}

export const PHYSIX_DATASET_SEED = 1_000_000;

export function registerPhysixDataset(physix: Command): void {
  physix
    .command('dataset')
    .description('Generate SFT rows (TRL conversational prompt-completion or messages): first-turn prompts with the true answer; system_id and seed on every row.')
    .requiredOption('--out <file>', 'output JSONL')
    .option('--n <rows>', 'number of rows', parsePositiveInteger, 1000)
    .addOption(new Option('--systems <list>', 'comma-separated system ids, tier1|tier2|tier3, or all').argParser(parseSystems).default([...TRAINING_SYSTEMS], 'tier1,tier2'))
    .option('--seed <s>', 'seed of the first row (row k has seed S + k)', parseNonNegativeInteger, PHYSIX_DATASET_SEED)
    .option('--format <f>', `row format (${ROW_FORMATS.join(' or ')})`, parseChoice(ROW_FORMATS), 'prompt-completion')
    .action(runDataset);
}

async function runDataset(options: DatasetOptions): Promise<void> {
  checkSeedRange(options.seed, options.n, '--seed');
  const out = openOutput(options.out, 'dataset');
  const progress = createProgress('physix dataset', options.n);
  const counts = new Map<string, number>();
  for (let k = 0; k < options.n; k++) {
    const systemId = options.systems[k % options.systems.length]!;
    const seed = options.seed + k;
    await out.write(`${JSON.stringify(datasetRow(systemId, seed, options.format))}\n`);
    counts.set(systemId, (counts.get(systemId) ?? 0) + 1);
    progress.update(k + 1);
  }
  await out.close();
  progress.finish();
  process.stderr.write(`physix dataset: ${options.n} rows to ${options.out} (${[...counts].map(([id, n]) => `${id} ${n}`).join(', ')})\n`);
}

/** The row of episode (systemId, seed): its first-turn prompt and the true answer. */
export function datasetRow(systemId: string, seed: number, format: RowFormat): Record<string, unknown> {
  const system = getSystem(systemId);
  if (system === undefined) throw new CliError(`unknown system "${systemId}"`);
  const { observation } = resetEpisode({ seed, systemId });
  const [systemMessage, userMessage] = buildPrompt(observation);
  const answer = { role: 'assistant', content: JSON.stringify(groundTruthAction(instantiate(system, seed))) };
  const text = format === 'messages' ? { messages: [systemMessage, userMessage, answer] } : { prompt: [systemMessage, userMessage], completion: [answer] };
  return { ...text, system_id: systemId, tier: system.tier, seed, episode_format: EPISODE_FORMAT_VERSION };
}
