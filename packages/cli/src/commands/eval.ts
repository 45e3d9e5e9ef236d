/**
 * `verilab eval`: the original's `scripts/eval.py` (spec §8.4) for any policy — the baselines
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
  sha256Hex,
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
import { CliError, FAILURE_EXIT_CODE } from '../cli-error.ts';
import { openOutput } from '../io.ts';
import { createProgress, type Progress } from '../progress.ts';
import { createLlmClient, LlmRejectedError, type LlmAnswer } from '../qubit-medic/llm-client.ts';
import {
  checkSeedRange,
  parseChoice,
  parseLevels,
  parseNonNegativeInteger,
  parseNumberIn,
  parsePositiveInteger,
  parsePromptFormat,
  parseRewardProfile,
} from '../qubit-medic/options.ts';
import { episodeKey, loadStoredEpisodes, openResultsAppender, type ResultsAppender, type StoredEpisode } from '../qubit-medic/results-file.ts';

type EvalPolicy = BaselinePolicyName | 'llm';
const EVAL_POLICIES: readonly EvalPolicy[] = [...BASELINE_POLICIES, 'llm'];

interface EvalOptions {
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
  apiKey?: string;
  concurrency: number;
  retries: number;
  retryDelayMs: number;
  timeoutMs: number;
  maxTokens: number;
  temperature: number;
}

interface PlannedEpisode {
  readonly index: number;
  readonly level: string;
  readonly seed: number;
}

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('Evaluate a policy (zeros, random, matching, or an LLM endpoint) on Qubit-Medic episodes; resumable.')
    .addOption(new Option('--policy <policy>', 'the policy to evaluate').argParser(parseChoice(EVAL_POLICIES)).makeOptionMandatory())
    .requiredOption('--episodes <n>', 'episodes per level', parsePositiveInteger)
    .addOption(new Option('--levels <list>', 'comma-separated levels').argParser(parseLevels).default(parseLevels('L2_target'), 'L2_target'))
    .option('--seed-start <s>', 'seed of the first episode of each level', parseNonNegativeInteger, 10_000)
    .requiredOption('--out <file>', 'per-episode JSONL results; an existing file is resumed')
    .option('--summary <file>', 'summary JSON (default: stdout)')
    .option('--prompt-format <v>', 'prompt format (v2 or v1)', parsePromptFormat, 'v2')
    .option('--reward-profile <p>', 'reward profile (exact or v1)', parseRewardProfile, 'exact')
    .option('--base-url <url>', 'llm: OpenAI-compatible API base URL, e.g. http://localhost:8000/v1')
    .option('--model <name>', 'llm: model name')
    .option('--api-key <key>', 'llm: API key (default: $OPENAI_API_KEY)')
    .option('--concurrency <n>', 'llm: requests in flight', parsePositiveInteger, 4)
    .option('--retries <n>', 'llm: retries of a failed request', parseNonNegativeInteger, 3)
    .option('--retry-delay-ms <ms>', 'llm: first retry delay, doubling per retry', parseNonNegativeInteger, 1000)
    .option('--timeout-ms <ms>', 'llm: per-request timeout', parsePositiveInteger, 120_000)
    .option('--max-tokens <n>', 'llm: completion token limit', parsePositiveInteger, 160)
    .option('--temperature <t>', 'llm: sampling temperature (0 is greedy, as the original)', parseNumberIn(0, 2), 0)
    .action(runEval);
}

async function runEval(options: EvalOptions): Promise<void> {
  checkSeedRange(options.seedStart, options.episodes);
  const ask = options.policy === 'llm' ? llmAnswerer(options) : undefined;
  const plan = options.levels.flatMap((level, l) =>
    Array.from({ length: options.episodes }, (_, k) => ({
      index: l * options.episodes + k,
      level: level.name,
      seed: options.seedStart + k,
    })),
  );
  const run = runDigest(options);
  const stored = await loadStoredEpisodes(options.out, run);
  const todo = plan.filter((p) => !stored.has(episodeKey(p.level, p.seed)));
  const physics = createPhysicsCache();
  const env = new QubitMedicEnvironment({ physics });
  const settings: EpisodeSettings = { promptFormat: options.promptFormat, rewardProfile: options.rewardProfile };
  const progress = createProgress('eval', plan.length);
  const appender = await openResultsAppender(options.out);
  const context: RunContext = { env, settings, options, run, appender, progress, done: plan.length - todo.length, stored };
  let failures: { count: number; last: string };
  try {
    failures =
      ask === undefined
        ? await runBaseline(context, todo, baselinePolicy(options.policy as BaselinePolicyName, physics))
        : await runLlm(context, todo, ask);
  } finally {
    await appender.close();
  }
  progress.finish();
  if (failures.count > 0) {
    throw new CliError(
      `${failures.count} of ${plan.length} episodes failed (${failures.last}); the finished ones are in ${options.out}: run the same command again to resume`,
      { exitCode: FAILURE_EXIT_CODE },
    );
  }
  const summary = summarize(plan, stored, physics, env, options);
  const out = openOutput(options.summary, 'summary');
  await out.write(`${JSON.stringify(summary, null, 2)}\n`);
  await out.close();
}

interface RunContext {
  readonly env: QubitMedicEnvironment;
  readonly settings: EpisodeSettings;
  readonly options: EvalOptions;
  readonly run: string;
  readonly appender: ResultsAppender;
  readonly progress: Progress;
  readonly stored: Map<string, StoredEpisode>;
  done: number;
}

async function runBaseline(context: RunContext, todo: readonly PlannedEpisode[], policy: Policy) {
  for (const planned of todo) {
    const outcome = playEpisode(context.env, planned.level, planned.seed, context.settings, policy.answer, policyRng(planned.seed));
    await record(context, planned, outcome, undefined);
  }
  return { count: 0, last: '' };
}

/** A pool of `concurrency` workers, each taking the next planned episode. */
async function runLlm(context: RunContext, todo: readonly PlannedEpisode[], ask: (prompt: string) => Promise<LlmAnswer>) {
  const failures = { count: 0, last: '' };
  let next = 0;
  let rejected: LlmRejectedError | undefined;
  const worker = async () => {
    while (next < todo.length && rejected === undefined) {
      const planned = todo[next++] as PlannedEpisode;
      const started = startEpisode(context.env, planned.level, planned.seed, context.settings);
      if (!started.ok) throw new CliError(started.issues.map((issue) => issue.message).join('; '));
      let answer: LlmAnswer;
      try {
        answer = await ask(started.value.observation.prompt);
      } catch (error) {
        if (error instanceof LlmRejectedError) rejected = error;
        else {
          failures.count++;
          failures.last = error instanceof Error ? error.message : String(error);
        }
        continue;
      }
      await record(context, planned, scoreEpisode(context.env, started.value.spec, answer.completion), answer);
    }
  };
  await Promise.all(Array.from({ length: Math.min(context.options.concurrency, todo.length) }, worker));
  if (rejected !== undefined) throw new CliError(rejected.message);
  return failures;
}

async function record(context: RunContext, planned: PlannedEpisode, outcome: EpisodeOutcome, answer: LlmAnswer | undefined) {
  const { completion, parsed_x_errors, parsed_z_errors, parse_success, parse_partial, strict_format, ...facts } = outcome;
  const line = {
    episode: planned.index,
    ...facts,
    policy: context.options.policy,
    reward_profile: context.options.rewardProfile,
    run: context.run,
    completion,
    parsed_action: { x_error_qubits: parsed_x_errors, z_error_qubits: parsed_z_errors, parse_success, parse_partial, strict_format },
    usage: answer?.usage ?? null,
    finish_reason: answer?.finishReason ?? null,
    latency_ms: answer?.latencyMs ?? null,
    attempts: answer?.attempts ?? null,
  };
  await context.appender.append(line);
  context.stored.set(episodeKey(planned.level, planned.seed), { ...line, level: planned.level, seed: planned.seed });
  context.progress.update(++context.done);
}

function summarize(
  plan: readonly PlannedEpisode[],
  stored: ReadonlyMap<string, StoredEpisode>,
  physics: (level: Level) => LevelPhysics,
  env: QubitMedicEnvironment,
  options: EvalOptions,
) {
  const settings: EpisodeSettings = { promptFormat: options.promptFormat, rewardProfile: options.rewardProfile };
  const episodes = plan.map((p) => stored.get(episodeKey(p.level, p.seed)) as StoredEpisode);
  const outcomes = plan.map((p, i) => {
    const started = startEpisode(env, p.level, p.seed, settings);
    if (!started.ok) throw new CliError(started.issues.map((issue) => issue.message).join('; '));
    return scoreEpisode(env, started.value.spec, (episodes[i] as StoredEpisode).completion);
  });
  const tokens = episodes.map((e) => (typeof e.usage?.completion_tokens === 'number' ? e.usage.completion_tokens : null));
  const play = (policy: Policy) =>
    plan.map((p) => playEpisode(env, p.level, p.seed, settings, policy.answer, policyRng(p.seed)));
  const { levels, overall } = summarizeWithBaselines(outcomes, tokens, {
    zeros: play(zerosPolicy),
    matching: play(baselinePolicy('matching', physics)),
  });
  return {
    name: options.policy === 'llm' ? `llm[${options.model}]` : options.policy,
    policy: options.policy,
    ...(options.policy === 'llm' ? { model: options.model, max_tokens: options.maxTokens, temperature: options.temperature } : {}),
    prompt_format: options.promptFormat,
    reward_profile: options.rewardProfile,
    seed_start: options.seedStart,
    episodes_per_level: options.episodes,
    levels,
    ...(overall === undefined ? {} : { overall }),
  };
}

function llmAnswerer(options: EvalOptions): (prompt: string) => Promise<LlmAnswer> {
  if (options.baseUrl === undefined) throw new CliError('--policy llm needs --base-url (an OpenAI-compatible API, e.g. http://localhost:8000/v1)');
  if (options.model === undefined) throw new CliError('--policy llm needs --model');
  try {
    new URL(options.baseUrl);
  } catch {
    throw new CliError(`--base-url "${options.baseUrl}" is not a URL`);
  }
  return createLlmClient({
    baseUrl: options.baseUrl,
    model: options.model,
    // Local servers (vLLM, llama.cpp) accept any key; a real endpoint answers 401, reported as such.
    apiKey: options.apiKey ?? process.env['OPENAI_API_KEY'] ?? 'no-key',
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    retryDelayMs: options.retryDelayMs,
    maxTokens: options.maxTokens,
    temperature: options.temperature,
  });
}

/**
 * What makes stored answers reusable: the same policy would give them to the same prompts. The
 * reward profile is not part of it, since the summary rescores every stored answer.
 */
function runDigest(options: EvalOptions): string {
  const identity =
    options.policy === 'llm'
      ? { policy: 'llm', model: options.model, max_tokens: options.maxTokens, temperature: options.temperature, prompt_format: options.promptFormat }
      : { policy: options.policy, prompt_format: options.promptFormat };
  return sha256Hex(JSON.stringify(identity)).slice(0, 12);
}
