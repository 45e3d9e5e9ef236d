/**
 * `verilab dataset sft`: supervised fine-tuning rows (the original's
 * `scripts/generate_sft_data.py`, without its duplicated rows and leaking splits) in TRL's
 * `prompt-completion` or `messages` format. Every row carries `seed` and `level` — `reset({seed, level,
 * prompt_format})` shows exactly its prompt — the true error (`true_*`), the decoder's frame
 * (`matching_*`), its split and the generator seed. The completion's target is the matching
 * decoder's frame by default (what an imitator can learn exactly), or the true error with
 * `--target true` (see @verilab/qubit-medic sft-rows). Splits are disjoint by syndrome.
 *
 * Every level gets exactly its `--mix` share of rows. `--duplicates` says when two rows may
 * share a syndrome: `proportional` (default) only once a level has run out of distinct ones
 * (L1 has about 100), and then in proportion to how often each is drawn; `none` never, so a
 * share a level cannot fill is an error (exit 2) naming what each level can give; `any` as
 * they come. See @verilab/qubit-medic sft-dataset.
 *
 * Files: with one split, --out itself; with several, `<stem>.<split>.jsonl` beside it. A
 * sidecar `<stem>.meta.json` records the options, the generator seed and, per level, its rows,
 * distinct syndromes and repeats (also printed on stderr with the achieved mix).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  createPhysicsCache,
  DEFAULT_MAX_DRAWS,
  DUPLICATE_POLICIES,
  generateSftDataset,
  SFT_FORMATS,
  SFT_SEED_BASE,
  SFT_TARGETS,
  SftQuotaError,
  type DuplicatePolicy,
  type LevelShare,
  type PromptFormat,
  type SftFormat,
  type SftTarget,
  type SplitShare,
} from '@verilab/qubit-medic';
import { CliError } from '../cli-error.ts';
import { parseChoice, parseNonNegativeInteger, parsePositiveInteger } from '../flag-parsers.ts';
import { openOutput, writeJsonOutput } from '../io.ts';
import { createProgress } from '../progress.ts';
import { parseLevelShares, parsePromptFormat, parseShares } from '../qubit-medic/options.ts';
import { levelReportRecord, sftJsonRow } from '../qubit-medic/sft-file.ts';

interface SftOptions {
  out: string;
  n: number;
  mix: LevelShare[];
  nonEmpty?: LevelShare[];
  format: SftFormat;
  promptFormat: PromptFormat;
  target: SftTarget;
  seed: number;
  split: SplitShare[];
  duplicates: DuplicatePolicy;
  maxDraws: number;
}

const DEFAULT_MIX = 'L1_warmup=0.4,L2_target=0.5,L3_stretch=0.1';
const DEFAULT_SPLIT = 'train=0.9,val=0.05,test=0.05';

export function registerDatasetSft(dataset: Command): void {
  dataset
    .command('sft')
    .description('Generate SFT rows (TRL prompt-completion or messages) with seed and level on every row, split by syndrome.')
    .requiredOption('--out <file>', 'output JSONL (with several splits: <stem>.<split>.jsonl beside it)')
    .option('--n <rows>', 'rows over all splits', parsePositiveInteger, 3000)
    .addOption(new Option('--mix <shares>', 'level shares adding up to 1').argParser((t) => parseLevelShares(t, true)).default(parseLevelShares(DEFAULT_MIX, true), DEFAULT_MIX))
    .option('--non-empty <shares>', 'exact share of rows with a non-empty target, per level (default: as they come)', (t) => parseLevelShares(t, false))
    .option('--format <f>', `row format (${SFT_FORMATS.join(' or ')})`, parseChoice(SFT_FORMATS), 'prompt-completion')
    .option('--prompt-format <v>', 'prompt format (v2 or v1)', parsePromptFormat, 'v2')
    .option('--target <t>', `completion target (${SFT_TARGETS.join(' or ')}): the decoder's frame or the true error`, parseChoice(SFT_TARGETS), 'matching')
    .option('--seed <s>', 'generator seed (picks the episodes, the splits and the row order)', parseNonNegativeInteger, 42)
    .addOption(new Option('--split <shares>', 'split shares adding up to 1').argParser(parseSplits).default(parseSplits(DEFAULT_SPLIT), DEFAULT_SPLIT))
    .option(
      '--duplicates <policy>',
      `when rows may share a syndrome (${DUPLICATE_POLICIES.join(', ')}): proportional repeats only a level's quota needs, in proportion to each syndrome's frequency`,
      parseChoice(DUPLICATE_POLICIES),
      'proportional',
    )
    .option('--max-draws <n>', 'candidate episodes examined per level at most', parsePositiveInteger, DEFAULT_MAX_DRAWS)
    .action(runDatasetSft);
}

function parseSplits(text: string): SplitShare[] {
  const splits = parseShares(text, true).map(({ name, share }) => ({ name, share }));
  for (const { name } of splits) {
    if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new InvalidArgumentError(`split name "${name}" may only hold letters, digits, _ and -`);
  }
  return splits.filter((s) => s.share > 0);
}

async function runDatasetSft(options: SftOptions): Promise<void> {
  const mix = options.mix.filter((m) => m.share > 0);
  const mixNames = new Set(mix.map((m) => m.level.name));
  for (const { level } of options.nonEmpty ?? []) {
    if (!mixNames.has(level.name)) throw new CliError(`--non-empty names ${level.name}, which has no share in --mix`);
  }
  const physics = createPhysicsCache();
  const progress = createProgress('dataset sft: candidate episodes', mix.length * options.maxDraws);
  let draws = 0;
  let dataset;
  try {
    dataset = generateSftDataset(
      physics,
      {
        n: options.n,
        mix,
        nonEmpty: new Map((options.nonEmpty ?? []).map((e) => [e.level.name, e.share])),
        splits: options.split,
        duplicates: options.duplicates,
        seed: options.seed,
        maxDraws: options.maxDraws,
        row: { target: options.target, promptFormat: options.promptFormat },
      },
      (more) => progress.update((draws += more)),
    );
  } catch (error) {
    if (error instanceof SftQuotaError) {
      const hint = options.duplicates === 'none' ? 'use --duplicates proportional, ' : '';
      throw new CliError(`${error.message}; ${hint}lower those --mix shares or raise --max-draws`);
    }
    throw new CliError(`cannot generate the dataset: ${error instanceof Error ? error.message : String(error)}`);
  }
  const made = Object.values(dataset.levels).reduce((sum, report) => sum + report.rows, 0);
  for (const [level, report] of Object.entries(dataset.levels)) {
    process.stderr.write(
      `dataset sft: ${level}: ${report.rows} rows (share ${(report.rows / made).toFixed(3)}; ${report.nonEmpty} with a non-empty target; ` +
        `${report.distinctSyndromes} distinct syndromes, ${report.repeats} repeats) from ${report.draws} candidate episodes\n`,
    );
  }
  const stem = options.out.replace(/\.jsonl$/, '');
  const pathOf = (split: string) => (dataset.splits.length === 1 ? options.out : `${stem}.${split}.jsonl`);
  const files: Record<string, { path: string; rows: number }> = {};
  for (const { name, rows } of dataset.splits) {
    const out = openOutput(pathOf(name), `${name} split`);
    for (const row of rows) {
      await out.write(`${JSON.stringify(sftJsonRow(row, options.format, { split: name, generator_seed: options.seed }))}\n`);
    }
    await out.close();
    files[name] = { path: pathOf(name), rows: rows.length };
  }
  for (const warning of dataset.warnings) process.stderr.write(`verilab: warning: ${warning}\n`);
  const meta = {
    generator: 'verilab dataset sft',
    generator_seed: options.seed,
    options: {
      n: options.n,
      mix: Object.fromEntries(mix.map((m) => [m.level.name, m.share])),
      non_empty: Object.fromEntries((options.nonEmpty ?? []).map((e) => [e.level.name, e.share])),
      split: Object.fromEntries(options.split.map((s) => [s.name, s.share])),
      format: options.format,
      prompt_format: options.promptFormat,
      target: options.target,
      duplicates: options.duplicates,
      max_draws: options.maxDraws,
    },
    episode_seed_range: [SFT_SEED_BASE, 2 * SFT_SEED_BASE - 1],
    files,
    achieved_mix: Object.fromEntries(Object.entries(dataset.levels).map(([level, report]) => [level, report.rows / made])),
    levels: Object.fromEntries(Object.entries(dataset.levels).map(([level, report]) => [level, levelReportRecord(report)])),
    warnings: dataset.warnings,
  };
  await writeJsonOutput(`${stem}.meta.json`, 'dataset metadata', meta);
}
