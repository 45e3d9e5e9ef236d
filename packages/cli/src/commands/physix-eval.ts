/**
 * `verilab physix eval`: an LLM behind any OpenAI-compatible chat-completions endpoint plays
 * multi-turn PhysiX episodes — each turn it sees the system prompt and the observation with the
 * feedback on its earlier turns — on seeds seed-start + k, k < --episodes, per system.
 *
 * Every finished episode is appended to --out as one JSON line (each turn's completion, parsed
 * action, r_match, reward, feedback, token usage, latency, attempts), and a rerun of the same
 * command resumes from that file: finished episodes are not asked again, an unfinished one is
 * replayed from its start. The summary is computed from the stored completions in plan order —
 * replayed through the verifier, not copied — so an interrupted and resumed run ends with
 * exactly the summary of an uninterrupted one. Shares the LLM client (retries, backoff,
 * timeouts) and the results file with `verilab eval`.
 */
import { createHash } from 'node:crypto';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { EPISODE_FORMAT_VERSION, MAX_TURNS_LIMIT, getSystem, type EpisodeConfig, type RewardProfile } from '@verilab/physix';
import { CliError, FAILURE_EXIT_CODE } from '../cli-error.ts';
import { openOutput } from '../io.ts';
import { playEpisode, replayEpisode } from '../physix/episode-play.ts';
import { summarizePhysix } from '../physix/eval-summary.ts';
import { parsePhysixRewardProfile, parseSystems } from '../physix/options.ts';
import { createProgress } from '../progress.ts';
import { createLlmClient, LlmRejectedError } from '../qubit-medic/llm-client.ts';
import { checkSeedRange, parseNonNegativeInteger, parseNumberIn, parsePositiveInteger } from '../qubit-medic/options.ts';
import { loadResultLines, openResultsAppender } from '../qubit-medic/results-file.ts';

interface PhysixEvalOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  episodes: number;
  systems: string[];
  seedStart: number;
  out: string;
  summary?: string;
  maxTurns: number;
  rewardProfile: RewardProfile;
  fit: boolean;
  concurrency: number;
  retries: number;
  retryDelayMs: number;
  timeoutMs: number;
  maxTokens: number;
  temperature: number;
}

interface PlannedEpisode {
  readonly index: number;
  readonly system_id: string;
  readonly seed: number;
}

/** A results line as far as resuming needs it. */
interface StoredPhysixEpisode {
  readonly system_id: string;
  readonly seed: number;
  readonly run: string;
  readonly completions: readonly string[];
  readonly completionTokens: readonly (number | null)[];
}

const keyOf = (systemId: string, seed: number) => `${systemId}|${seed}`;

const parseMaxTurns = (text: string): number => {
  const turns = parsePositiveInteger(text);
  if (turns > MAX_TURNS_LIMIT) throw new InvalidArgumentError(`expected at most ${MAX_TURNS_LIMIT} turns`);
  return turns;
};

export function registerPhysixEval(physix: Command): void {
  physix
    .command('eval')
    .description('Evaluate an LLM (any OpenAI-compatible endpoint) on multi-turn PhysiX episodes; resumable.')
    .requiredOption('--base-url <url>', 'OpenAI-compatible API base URL, e.g. http://localhost:11434/v1')
    .requiredOption('--model <name>', 'model name')
    .option('--api-key <key>', 'API key (default: $OPENAI_API_KEY)')
    .requiredOption('--episodes <n>', 'episodes per system', parsePositiveInteger)
    .addOption(new Option('--systems <list>', 'comma-separated system ids, tier1|tier2|tier3, or all').argParser(parseSystems).default(parseSystems('all'), 'all'))
    .option('--seed-start <s>', 'seed of the first episode of each system', parseNonNegativeInteger, 10_000)
    .requiredOption('--out <file>', 'per-episode JSONL results; an existing file is resumed')
    .option('--summary <file>', 'summary JSON (default: stdout)')
    .option('--max-turns <n>', 'turn budget per episode', parseMaxTurns, 8)
    .option('--reward-profile <p>', 'reward profile (anti-hack or v1)', parsePhysixRewardProfile, 'anti-hack')
    .option('--fit', 'fit the declared parameters before scoring', false)
    .option('--concurrency <n>', 'episodes in flight', parsePositiveInteger, 4)
    .option('--retries <n>', 'retries of a failed request', parseNonNegativeInteger, 3)
    .option('--retry-delay-ms <ms>', 'first retry delay, doubling per retry', parseNonNegativeInteger, 1000)
    .option('--timeout-ms <ms>', 'per-request timeout', parsePositiveInteger, 120_000)
    .option('--max-tokens <n>', 'completion token limit', parsePositiveInteger, 512)
    .option('--temperature <t>', 'sampling temperature', parseNumberIn(0, 2), 0)
    .action(runPhysixEval);
}

async function runPhysixEval(options: PhysixEvalOptions): Promise<void> {
  checkSeedRange(options.seedStart, options.episodes);
  const ask = llmAnswerer(options);
  const plan: PlannedEpisode[] = options.systems.flatMap((system_id, s) =>
    Array.from({ length: options.episodes }, (_, k) => ({ index: s * options.episodes + k, system_id, seed: options.seedStart + k })),
  );
  const run = runDigest(options);
  const stored = new Map<string, StoredPhysixEpisode>();
  for (const episode of await loadResultLines(options.out, run, readStored)) {
    if (!stored.has(keyOf(episode.system_id, episode.seed))) stored.set(keyOf(episode.system_id, episode.seed), episode);
  }
  const todo = plan.filter((p) => !stored.has(keyOf(p.system_id, p.seed)));
  const progress = createProgress('physix eval', plan.length);
  let done = plan.length - todo.length;
  const appender = await openResultsAppender(options.out);
  const failures = { count: 0, last: '' };
  let rejected: LlmRejectedError | undefined;
  let next = 0;
  const worker = async () => {
    while (next < todo.length && rejected === undefined) {
      const planned = todo[next++]!;
      let played;
      try {
        played = await playEpisode(configOf(planned, options), ask);
      } catch (error) {
        if (error instanceof LlmRejectedError) rejected = error;
        else {
          failures.count++;
          failures.last = error instanceof Error ? error.message : String(error);
        }
        continue;
      }
      const line = {
        episode: planned.index,
        system_id: planned.system_id,
        tier: getSystem(planned.system_id)!.tier,
        seed: planned.seed,
        run,
        model: options.model,
        converged: played.final.converged,
        turns_taken: played.turns.length,
        final_r_match: played.turns[played.turns.length - 1]?.r_match ?? 0,
        turns: played.turns.map((turn) => ({
          turn: turn.turn,
          completion: turn.completion,
          json_found: turn.json_found,
          equation: turn.equation,
          params: turn.params,
          accepted: turn.accepted,
          r_match: turn.r_match,
          reward: turn.reward,
          mismatch_summary: turn.mismatch_summary,
          usage: turn.usage,
          finish_reason: turn.finishReason,
          latency_ms: turn.latencyMs,
          attempts: turn.attempts,
        })),
      };
      await appender.append(line);
      stored.set(keyOf(planned.system_id, planned.seed), readStored(line) as StoredPhysixEpisode);
      progress.update(++done);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, todo.length) }, worker));
  } finally {
    await appender.close();
  }
  if (rejected !== undefined) throw new CliError(rejected.message);
  progress.finish();
  if (failures.count > 0) {
    throw new CliError(
      `${failures.count} of ${plan.length} episodes failed (${failures.last}); the finished ones are in ${options.out}: run the same command again to resume`,
      { exitCode: FAILURE_EXIT_CODE },
    );
  }
  const out = openOutput(options.summary, 'summary');
  await out.write(`${JSON.stringify(summarize(plan, stored, options), null, 2)}\n`);
  await out.close();
}

function summarize(plan: readonly PlannedEpisode[], stored: ReadonlyMap<string, StoredPhysixEpisode>, options: PhysixEvalOptions) {
  const episodes = plan.map((planned) => {
    const episode = stored.get(keyOf(planned.system_id, planned.seed))!;
    let played;
    try {
      played = replayEpisode(configOf(planned, options), episode.completions);
    } catch (error) {
      throw new CliError(`${options.out}: episode ${planned.system_id} seed ${planned.seed} does not replay: ${(error as Error).message}; pass another --out`);
    }
    return { system_id: planned.system_id, tier: getSystem(planned.system_id)!.tier, played, completionTokens: episode.completionTokens };
  });
  return {
    name: `llm[${options.model}]`,
    model: options.model,
    max_tokens: options.maxTokens,
    temperature: options.temperature,
    max_turns: options.maxTurns,
    reward_profile: options.rewardProfile,
    fit: options.fit,
    seed_start: options.seedStart,
    episodes_per_system: options.episodes,
    episode_format: EPISODE_FORMAT_VERSION,
    ...summarizePhysix(episodes),
  };
}

function configOf(planned: PlannedEpisode, options: PhysixEvalOptions): EpisodeConfig {
  return { seed: planned.seed, system_id: planned.system_id, max_turns: options.maxTurns, reward_profile: options.rewardProfile, fit: options.fit };
}

function llmAnswerer(options: PhysixEvalOptions): ReturnType<typeof createLlmClient> {
  try {
    new URL(options.baseUrl);
  } catch {
    throw new CliError(`--base-url "${options.baseUrl}" is not a URL`);
  }
  return createLlmClient({
    baseUrl: options.baseUrl,
    model: options.model,
    // Local servers (vLLM, llama.cpp, Ollama) accept any key; a real endpoint answers 401, reported as such.
    apiKey: options.apiKey ?? process.env['OPENAI_API_KEY'] ?? 'no-key',
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    retryDelayMs: options.retryDelayMs,
    maxTokens: options.maxTokens,
    temperature: options.temperature,
  });
}

/**
 * What makes stored episodes reusable: the same model settings would see the same prompts.
 * Turn budget, reward profile and fitting change when an episode ends (and so the prompts), so
 * they belong to the run, as does the episode format (seeded data and prompts).
 */
function runDigest(options: PhysixEvalOptions): string {
  const identity = {
    environment: 'physix',
    model: options.model,
    max_tokens: options.maxTokens,
    temperature: options.temperature,
    max_turns: options.maxTurns,
    reward_profile: options.rewardProfile,
    fit: options.fit,
    episode_format: EPISODE_FORMAT_VERSION,
  };
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 12);
}

function readStored(value: unknown): StoredPhysixEpisode | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const record = value as Record<string, unknown>;
  if (typeof record['system_id'] !== 'string') return 'no "system_id" string';
  if (typeof record['seed'] !== 'number' || !Number.isSafeInteger(record['seed'])) return 'no integer "seed"';
  if (typeof record['run'] !== 'string') return 'no "run" string';
  const turns = record['turns'];
  if (!Array.isArray(turns) || turns.some((t) => typeof t !== 'object' || t === null || typeof (t as { completion?: unknown }).completion !== 'string')) {
    return 'no "turns" array of {completion} objects';
  }
  return {
    system_id: record['system_id'],
    seed: record['seed'],
    run: record['run'],
    completions: turns.map((t: { completion: string }) => t.completion),
    completionTokens: turns.map((t: { usage?: { completion_tokens?: unknown } | null }) =>
      typeof t.usage?.completion_tokens === 'number' ? t.usage.completion_tokens : null,
    ),
  };
}
