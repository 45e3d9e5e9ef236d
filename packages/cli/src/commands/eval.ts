/**
 * `verilab eval`: the original's `scripts/eval.py` (docs/original-qubit-medic.md#eval) for any policy — the baselines
 * or an LLM behind any OpenAI-compatible chat-completions endpoint — on forced-level episodes
 * seeded seed-start + k (10000 + k by default, as the original), k < --episodes, per level.
 *
 * Every finished episode is appended to --out as one JSON line (answer, rewards, parsed
 * action, observable flips, true and decoder frames in LLM ids, token usage, latency), and a
 * rerun of the same command resumes from that file: episodes already there are not asked again.
 * The summary is computed from the stored completions in plan order — rescored, not copied — so
 * an interrupted and resumed run ends with exactly the summary of an uninterrupted one. It holds
 * the original's metrics computed correctly (see @verilab/qubit-medic episode-metrics), each
 * with a 95 % interval, per level and pooled, and the paired differences to the zeros and
 * matching baselines played in-process on the same seeds.
 */
import { Option, type Command } from 'commander';
import {
  BASELINE_POLICIES,
  baselinePolicy,
  createPhysicsCache,
  levelNamed,
  playEpisode,
  policyRng,
  QubitMedicEnvironment,
  scoreEpisode,
  startEpisode,
  summarizeWithBaselines,
  wireRewards,
  zerosPolicy,
  type BaselinePolicyName,
  type EpisodeOutcome,
  type EpisodeSettings,
  type Level,
  type LevelPhysics,
  type Policy,
  type PromptFormat,
  type RewardProfile,
} from '@verilab/qubit-medic';
import { CliError } from '../cli-error.ts';
import { checkSeedRange, parseChoice, parseNonNegativeInteger, parsePositiveInteger } from '../flag-parsers.ts';
import { writeJsonOutput } from '../io.ts';
import type { LlmAnswer } from '../llm-eval/llm-client.ts';
import { addLlmOptions, llmClientOf, llmRunSettings, type LlmOptions } from '../llm-eval/llm-options.ts';
import { EvalResultRow, type EvalResult } from '../llm-eval/result-rows.ts';
import { runId } from '../llm-eval/results-file.ts';
import { planEpisodes, runResumable, type PlannedEpisode } from '../llm-eval/resumable-run.ts';
import { comparedMetricsRecord } from '../qubit-medic/metrics-file.ts';
import { parseLevels, parsePromptFormat, parseRewardProfile } from '../qubit-medic/options.ts';

type EvalPolicy = BaselinePolicyName | 'llm';
const EVAL_POLICIES: readonly EvalPolicy[] = [...BASELINE_POLICIES, 'llm'];

interface EvalOptions extends Omit<LlmOptions, 'baseUrl' | 'model'> {
  policy: EvalPolicy;
  episodes: number;
  levels: Level[];
  seedStart: number;
  out: string;
  summary?: string;
  promptFormat: PromptFormat;
  rewardProfile: RewardProfile;
  baseUrl?: string;
  model?: string;
}

export function registerEval(program: Command): void {
  const command = program
    .command('eval')
    .addOption(new Option('--policy <policy>', 'the policy to evaluate').argParser(parseChoice(EVAL_POLICIES)).makeOptionMandatory())
    .requiredOption('--episodes <n>', 'episodes per level', parsePositiveInteger)
    .addOption(new Option('--levels <list>', 'comma-separated levels').argParser(parseLevels).default(parseLevels('L2_target'), 'L2_target'))
    .option('--seed-start <s>', 'seed of the first episode of each level', parseNonNegativeInteger, 10_000)
    .requiredOption('--out <file>', 'per-episode JSONL results; an existing file is resumed')
    .option('--summary <file>', 'summary JSON (default: stdout)')
    .option('--prompt-format <v>', 'prompt format (v2 or v1)', parsePromptFormat, 'v2')
    .option('--reward-profile <p>', 'reward profile (exact or v1)', parseRewardProfile, 'exact');
  addLlmOptions(command, { scope: 'llm: ', required: false, maxTokens: 160, temperatureNote: ' (0 is greedy, as the original)' }).action(runEval);
}

interface Played {
  readonly outcome: EpisodeOutcome;
  readonly answer: LlmAnswer | undefined;
}

async function runEval(options: EvalOptions): Promise<void> {
  checkSeedRange(options.seedStart, options.episodes);
  const ask = options.policy === 'llm' ? llmAnswerer(options) : undefined;
  const plan = planEpisodes(options.levels.map((level) => level.name), options.episodes, options.seedStart);
  const physics = createPhysicsCache();
  const env = new QubitMedicEnvironment({ physics });
  const settings: EpisodeSettings = { promptFormat: options.promptFormat, rewardProfile: options.rewardProfile };
  const play =
    ask === undefined
      ? playBaseline(env, settings, baselinePolicy(options.policy as BaselinePolicyName, physics))
      : playLlm(env, settings, ask);
  const run = runDigest(options);
  const episodes = await runResumable<EvalResult, Played>({
    label: 'eval',
    out: options.out,
    run,
    plan,
    // Baselines play in-process, one after another.
    concurrency: ask === undefined ? 1 : options.concurrency,
    row: EvalResultRow,
    play,
    line: (planned, { outcome, answer }) => ({
      episode: planned.index,
      ...outcomeFields(outcome),
      policy: options.policy,
      reward_profile: options.rewardProfile,
      run,
      completion: outcome.completion,
      parsed_action: {
        x_error_qubits: outcome.answer.xErrors,
        z_error_qubits: outcome.answer.zErrors,
        parse_success: outcome.answer.parseSuccess,
        parse_partial: outcome.answer.parsePartial,
        strict_format: outcome.answer.strictFormat,
      },
      usage: answer?.usage ?? null,
      finish_reason: answer?.finishReason ?? null,
      latency_ms: answer?.latencyMs ?? null,
      attempts: answer?.attempts ?? null,
    }),
  });
  await writeJsonOutput(options.summary, 'summary', summarize(plan, episodes, physics, env, options));
}

/** A scored episode's facts under the results file's names (the original's eval fields). */
function outcomeFields(outcome: EpisodeOutcome) {
  return {
    level: outcome.level,
    seed: outcome.seed,
    rewards: wireRewards(outcome.rewards),
    actual_observable_flip: outcome.actualObservableFlip,
    pymatching_observable_pred: outcome.decoderObservableFlip,
    true_x_errors: outcome.trueFrame.x,
    true_z_errors: outcome.trueFrame.z,
    pymatching_x_errors: outcome.decoderFrame.x,
    pymatching_z_errors: outcome.decoderFrame.z,
    syndrome_nontrivial: outcome.nontrivialSyndrome,
    n_true_errors: outcome.trueErrorCount,
    exact_match: outcome.exactMatch,
    exact_match_true: outcome.exactMatchTrue,
  };
}

function playBaseline(env: QubitMedicEnvironment, settings: EpisodeSettings, policy: Policy) {
  return async (planned: PlannedEpisode): Promise<Played> => ({
    outcome: playEpisode(env, levelNamed(planned.task), planned.seed, settings, policy.answer, policyRng(planned.seed)),
    answer: undefined,
  });
}

function playLlm(env: QubitMedicEnvironment, settings: EpisodeSettings, ask: (prompt: string) => Promise<LlmAnswer>) {
  return async (planned: PlannedEpisode): Promise<Played> => {
    const started = start(env, planned, settings);
    const answer = await ask(started.observation.prompt);
    return { outcome: scoreEpisode(env, started.spec, answer.completion), answer };
  };
}

/** The plan's tasks are the names of the levels --levels parsed. */
const start = (env: QubitMedicEnvironment, planned: PlannedEpisode, settings: EpisodeSettings) =>
  startEpisode(env, levelNamed(planned.task), planned.seed, settings);

/** Every stored answer rescored in plan order, with the baselines played on the same seeds. */
function summarize(
  plan: readonly PlannedEpisode[],
  episodes: readonly EvalResult[],
  physics: (level: Level) => LevelPhysics,
  env: QubitMedicEnvironment,
  options: EvalOptions,
) {
  const settings: EpisodeSettings = { promptFormat: options.promptFormat, rewardProfile: options.rewardProfile };
  const outcomes = plan.map((p, i) => scoreEpisode(env, start(env, p, settings).spec, episodes[i]!.completion));
  const tokens = episodes.map((e) => e.completionTokens);
  const play = (policy: Policy) =>
    plan.map((p) => playEpisode(env, levelNamed(p.task), p.seed, settings, policy.answer, policyRng(p.seed)));
  const { levels, overall } = summarizeWithBaselines(outcomes, tokens, {
    zeros: play(zerosPolicy),
    matching: play(baselinePolicy('matching', physics)),
  });
  return {
    name: options.policy === 'llm' ? `llm[${options.model}]` : options.policy,
    policy: options.policy,
    ...(options.policy === 'llm' ? llmRunSettings(options) : {}),
    prompt_format: options.promptFormat,
    reward_profile: options.rewardProfile,
    seed_start: options.seedStart,
    episodes_per_level: options.episodes,
    levels: Object.fromEntries(Object.entries(levels).map(([level, metrics]) => [level, comparedMetricsRecord(metrics)])),
    ...(overall === undefined ? {} : { overall: comparedMetricsRecord(overall) }),
  };
}

function llmAnswerer(options: EvalOptions) {
  const { baseUrl, model } = options;
  if (baseUrl === undefined) throw new CliError('--policy llm needs --base-url (an OpenAI-compatible API, e.g. http://localhost:8000/v1)');
  if (model === undefined) throw new CliError('--policy llm needs --model');
  return llmClientOf({ ...options, baseUrl, model });
}

/**
 * What makes stored answers reusable: the same policy would give them to the same prompts. The
 * reward profile is not part of it, since the summary rescores every stored answer.
 */
function runDigest(options: EvalOptions): string {
  return runId(
    options.policy === 'llm'
      ? { policy: 'llm', ...llmRunSettings(options), prompt_format: options.promptFormat }
      : { policy: options.policy, prompt_format: options.promptFormat },
  );
}
