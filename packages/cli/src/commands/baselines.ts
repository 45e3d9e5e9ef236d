/**
 * `verilab baselines`: the original's `scripts/baseline_policies.py` — the zeros, random and
 * matching policies, plus on request (`--policies …,optimal`) the optimal (exact
 * maximum-likelihood) decoder, played on every level, episodes seeded seed-start … seed-start +
 * N − 1 (0 … N − 1 by default, as the original), each cell on a fresh environment. Writes
 *
 *   {"<level>": {"<policy>": {"episodes", "logical_correction_rate", "logical_correction_ci95", …}}}
 *
 * with the metrics of `summarizeEpisodes` (Wilson 95 % intervals on every rate). Where physics
 * says they must land: zeros at 1 − (raw observable flip rate), matching at 1 − (decoder's
 * logical error rate), optimal at 1 − (the optimal decoder's), the ceiling; `random` is the floor
 * of an answer that ignores the syndrome. On a level too large for exact decoding the optimal
 * cell is {"unavailable": "<why>"}.
 */
import { Option, type Command } from 'commander';
import {
  BASELINE_POLICIES,
  baselinePolicy,
  DEFAULT_BASELINE_POLICIES,
  createPhysicsCache,
  playEpisode,
  policyRng,
  QubitMedicEnvironment,
  summarizeEpisodes,
  type BaselinePolicyName,
  type Level,
  type PromptFormat,
  type RewardProfile,
} from '@verilab/qubit-medic';
import { checkSeedRange, parseChoiceList, parseNonNegativeInteger, parsePositiveInteger } from '../flag-parsers.ts';
import { writeJsonOutput } from '../io.ts';
import { createProgress } from '../progress.ts';
import { policyMetricsRecord, type PolicyMetricsRecord } from '../qubit-medic/metrics-file.ts';
import { parseLevels, parsePromptFormat, parseRewardProfile } from '../qubit-medic/options.ts';

type BaselineCell = (PolicyMetricsRecord & { seed_start: number }) | { unavailable: string };

interface BaselinesOptions {
  episodes: number;
  levels: Level[];
  policies: BaselinePolicyName[];
  seedStart: number;
  promptFormat: PromptFormat;
  rewardProfile: RewardProfile;
  out?: string;
}

export function registerBaselines(program: Command): void {
  program
    .command('baselines')
    .requiredOption('--episodes <n>', 'episodes per level and policy', parsePositiveInteger)
    .requiredOption('--levels <list>', 'comma-separated levels, e.g. L1_warmup,L2_target or custom:d=5,r=5,p=0.002', parseLevels)
    .addOption(
      new Option('--policies <list>', `comma-separated policies of ${BASELINE_POLICIES.join(', ')} (optimal: exact maximum-likelihood, small levels only)`)
        .argParser(parseChoiceList(BASELINE_POLICIES))
        .default([...DEFAULT_BASELINE_POLICIES], DEFAULT_BASELINE_POLICIES.join(',')),
    )
    .option('--seed-start <s>', 'seed of the first episode; episode k has seed s + k', parseNonNegativeInteger, 0)
    .option('--prompt-format <v>', 'prompt format (v2 or v1)', parsePromptFormat, 'v2')
    .option('--reward-profile <p>', 'reward profile (exact or v1)', parseRewardProfile, 'exact')
    .option('--out <file>', 'output JSON file (default: stdout)')
    .action(runBaselines);
}

async function runBaselines(options: BaselinesOptions): Promise<void> {
  checkSeedRange(options.seedStart, options.episodes);
  const physics = createPhysicsCache();
  const settings = { promptFormat: options.promptFormat, rewardProfile: options.rewardProfile };
  const progress = createProgress('baselines', options.levels.length * options.policies.length * options.episodes);
  const result: Record<string, Record<string, BaselineCell>> = {};
  let done = 0;
  for (const level of options.levels) {
    const cells: Record<string, BaselineCell> = {};
    for (const name of options.policies) {
      const unavailable = name === 'optimal' ? physics(level).optimalUnavailable : null;
      if (unavailable !== null) {
        cells[name] = { unavailable };
        progress.update((done += options.episodes));
        continue;
      }
      // A fresh environment per cell, as the original; forced levels keep the curriculum out of it.
      const env = new QubitMedicEnvironment({ physics });
      const policy = baselinePolicy(name, physics);
      const outcomes = [];
      for (let k = 0; k < options.episodes; k++) {
        const seed = options.seedStart + k;
        outcomes.push(playEpisode(env, level, seed, settings, policy.answer, policyRng(seed)));
        progress.update(++done);
      }
      cells[name] = { ...policyMetricsRecord(summarizeEpisodes(outcomes)), seed_start: options.seedStart };
    }
    result[level.name] = cells;
  }
  progress.finish();
  await writeJsonOutput(options.out, 'baseline results', result);
}
