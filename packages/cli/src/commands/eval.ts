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
  playEpisode,
  policyRng,
  QubitMedicEnvironment,
  scoreEpisode,
  startEpisode,
  summarizeWithBaselines,
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
import { runId } from '../llm-eval/results-file.ts';
import { planEpisodes, runResumable, type PlannedEpisode, type StoredLine } from '../llm-eval/resumable-run.ts';
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

/** What a stored episode must hold for the run to resume from it and be summarised. */
interface StoredEpisode extends StoredLine {
  readonly completion: string;
  readonly usage: { readonly completion_tokens?: number } | null;
}

export function registerEval(program: Command): void {
  const command = program
    .command('eval')
    .description('Evaluate a policy (zeros, random, matching, optimal, or an LLM endpoint) on Qubit-Medic episodes; resumable.')
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
  const episodes = await runResumable<StoredEpisode, Played>({
    label: 'eval',
    out: options.out,
    run,
    plan,
    // Baselines play in-process, one after another.
    concurrency: ask === undefined ? 1 : options.concurrency,
    read: readStored,
    play,
    line(planned, { outcome, answer }) {
      const { completion, parsed_x_errors, parsed_z_errors, parse_success, parse_partial, strict_format, ...facts } = outcome;
      return {
        episode: planned.index,
        ...facts,
        policy: options.policy,
        reward_profile: options.rewardProfile,
        run,
        completion,
        parsed_action: { x_error_qubits: parsed_x_errors, z_error_qubits: parsed_z_errors, parse_success, parse_partial, strict_format },
        usage: answer?.usage ?? null,
        finish_reason: answer?.finishReason ?? null,
        latency_ms: answer?.latencyMs ?? null,
        attempts: answer?.attempts ?? null,
      };
    },
  });
  await writeJsonOutput(options.summary, 'summary', summarize(plan, episodes, physics, env, options));
}

function playBaseline(env: QubitMedicEnvironment, settings: EpisodeSettings, policy: Policy) {
  return async (planned: PlannedEpisode): Promise<Played> => ({
    outcome: playEpisode(env, planned.task, planned.seed, settings, policy.answer, policyRng(planned.seed)),
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

function start(env: QubitMedicEnvironment, planned: PlannedEpisode, settings: EpisodeSettings) {
  const started = startEpisode(env, planned.task, planned.seed, settings);
  if (!started.ok) throw new CliError(started.issues.map((issue) => issue.message).join('; '));
  return started.value;
}

/** Every stored answer rescored in plan order, with the baselines played on the same seeds. */
function summarize(
  plan: readonly PlannedEpisode[],
  episodes: readonly StoredEpisode[],
  physics: (level: Level) => LevelPhysics,
  env: QubitMedicEnvironment,
  options: EvalOptions,
) {
  const settings: EpisodeSettings = { promptFormat: options.promptFormat, rewardProfile: options.rewardProfile };
  const outcomes = plan.map((p, i) => scoreEpisode(env, start(env, p, settings).spec, episodes[i]!.completion));
  const tokens = episodes.map((e) => (typeof e.usage?.completion_tokens === 'number' ? e.usage.completion_tokens : null));
  const play = (policy: Policy) =>
    plan.map((p) => playEpisode(env, p.task, p.seed, settings, policy.answer, policyRng(p.seed)));
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
    levels,
    ...(overall === undefined ? {} : { overall }),
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

function readStored(value: unknown): StoredEpisode | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  if (typeof record['level'] !== 'string') return 'no "level" string';
  if (typeof record['seed'] !== 'number' || !Number.isSafeInteger(record['seed'])) return 'no integer "seed"';
  if (typeof record['run'] !== 'string') return 'no "run" string';
  if (typeof record['completion'] !== 'string') return 'no "completion" string';
  const usage = record['usage'];
  if (usage !== null && usage !== undefined && typeof usage !== 'object') return '"usage" is not an object';
  return {
    task: record['level'],
    seed: record['seed'],
    run: record['run'],
    completion: record['completion'],
    usage: (usage ?? null) as StoredEpisode['usage'],
  };
}
