/**
 * `verilab physix eval`: an LLM behind any OpenAI-compatible chat-completions endpoint plays
 * multi-turn PhysiX episodes — each turn it sees the system prompt and the observation with the
 * feedback on its earlier turns — on seeds seed-start + k, k < --episodes, per system.
 *
 * Every finished episode is appended to --out as one JSON line (each turn's completion, parsed
 * action, r_match, score, reward paid, feedback, token usage, latency, attempts; the episode's
 * return, the sum of its rewards), and a rerun of the same command resumes from that file:
 * finished episodes are not asked again, an unfinished one is replayed from its start. The
 * summary is computed from the stored completions in plan order — replayed through the
 * verifier, not copied — so an interrupted and resumed run ends with exactly the summary of an
 * uninterrupted one. Shares the LLM flags and client (retries, backoff, timeouts), the
 * resumable run and the results file with `verilab eval` (../llm-eval/).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { EPISODE_FORMAT_VERSION, MAX_TURNS_LIMIT, getSystem, type EpisodeOptions, type RewardProfile } from '@verilab/physix';
import { CliError } from '../cli-error.ts';
import { checkSeedRange, parseNonNegativeInteger, parsePositiveInteger } from '../flag-parsers.ts';
import { writeJsonOutput } from '../io.ts';
import type { LlmAnswer } from '../llm-eval/llm-client.ts';
import { addLlmOptions, llmClientOf, llmRunSettings, type LlmOptions } from '../llm-eval/llm-options.ts';
import { PhysixEvalResultRow, type PhysixEvalResult } from '../llm-eval/result-rows.ts';
import { runId } from '../llm-eval/results-file.ts';
import { planEpisodes, runResumable, type PlannedEpisode } from '../llm-eval/resumable-run.ts';
import { playEpisode, replayEpisode, type PlayedEpisode } from '../physix/episode-play.ts';
import { episodeReturn, summarizePhysix } from '../physix/eval-summary.ts';
import { parsePhysixRewardProfile, parseSystems } from '../physix/options.ts';

interface PhysixEvalOptions extends LlmOptions {
  episodes: number;
  systems: string[];
  seedStart: number;
  out: string;
  summary?: string;
  maxTurns: number;
  rewardProfile: RewardProfile;
  fit: boolean;
}


const parseMaxTurns = (text: string): number => {
  const turns = parsePositiveInteger(text);
  if (turns > MAX_TURNS_LIMIT) throw new InvalidArgumentError(`expected at most ${MAX_TURNS_LIMIT} turns`);
  return turns;
};

export function registerPhysixEval(physix: Command): void {
  const command = physix
    .command('eval')
    .description('Evaluate an LLM (any OpenAI-compatible endpoint) on multi-turn PhysiX episodes; resumable.')
    .requiredOption('--episodes <n>', 'episodes per system', parsePositiveInteger)
    .addOption(new Option('--systems <list>', 'comma-separated system ids, tier1|tier2|tier3, or all').argParser(parseSystems).default(parseSystems('all'), 'all'))
    .option('--seed-start <s>', 'seed of the first episode of each system', parseNonNegativeInteger, 10_000)
    .requiredOption('--out <file>', 'per-episode JSONL results; an existing file is resumed')
    .option('--summary <file>', 'summary JSON (default: stdout)')
    .option('--max-turns <n>', 'turn budget per episode', parseMaxTurns, 8)
    .option('--reward-profile <p>', 'reward profile (anti-hack or v1)', parsePhysixRewardProfile, 'anti-hack')
    .option('--fit', 'fit the declared parameters before scoring', false);
  addLlmOptions(command, { scope: '', required: true, maxTokens: 512, temperatureNote: '' }).action(runPhysixEval);
}

async function runPhysixEval(options: PhysixEvalOptions): Promise<void> {
  checkSeedRange(options.seedStart, options.episodes);
  const ask = llmClientOf(options);
  const plan = planEpisodes(options.systems, options.episodes, options.seedStart);
  const run = runId({ environment: 'physix', ...runSettings(options), episode_format: EPISODE_FORMAT_VERSION });
  const episodes = await runResumable<PhysixEvalResult, PlayedEpisode<LlmAnswer>>({
    label: 'physix eval',
    out: options.out,
    run,
    plan,
    concurrency: options.concurrency,
    row: PhysixEvalResultRow,
    play: (planned) => playEpisode(configOf(planned, options), ask),
    line: (planned, played) => ({
      episode: planned.index,
      system_id: planned.task,
      tier: getSystem(planned.task)!.tier,
      seed: planned.seed,
      run,
      model: options.model,
      converged: played.final.converged,
      turns_taken: played.turns.length,
      final_r_match: played.turns[played.turns.length - 1]?.match ?? 0,
      episode_return: episodeReturn(played),
      turns: played.turns.map((turn) => ({
        turn: turn.turn,
        completion: turn.completion,
        json_found: turn.jsonFound,
        equation: turn.equation,
        params: turn.params,
        accepted: turn.accepted,
        r_match: turn.match,
        score: turn.score,
        reward: turn.reward,
        mismatch_summary: turn.mismatchSummary,
        usage: turn.usage,
        finish_reason: turn.finishReason,
        latency_ms: turn.latencyMs,
        attempts: turn.attempts,
      })),
    }),
  });
  await writeJsonOutput(options.summary, 'summary', summarize(plan, episodes, options));
}

function summarize(plan: readonly PlannedEpisode[], stored: readonly PhysixEvalResult[], options: PhysixEvalOptions) {
  const episodes = plan.map((planned, i) => {
    const episode = stored[i]!;
    let played;
    try {
      played = replayEpisode(configOf(planned, options), episode.completions);
    } catch (error) {
      throw new CliError(`${options.out}: episode ${planned.task} seed ${planned.seed} does not replay: ${(error as Error).message}; pass another --out`);
    }
    return { systemId: planned.task, tier: getSystem(planned.task)!.tier, played, completionTokens: episode.completionTokens };
  });
  return {
    name: `llm[${options.model}]`,
    ...runSettings(options),
    seed_start: options.seedStart,
    episodes_per_system: options.episodes,
    episode_format: EPISODE_FORMAT_VERSION,
    ...summarizePhysix(episodes),
  };
}

function configOf(planned: PlannedEpisode, options: PhysixEvalOptions): EpisodeOptions {
  return { seed: planned.seed, systemId: planned.task, maxTurns: options.maxTurns, rewardProfile: options.rewardProfile, fit: options.fit };
}

/**
 * What makes stored episodes reusable: the same model settings would see the same prompts.
 * Turn budget, reward profile and fitting change when an episode ends (and so the prompts), so
 * they belong to the run, as does the episode format (seeded data and prompts).
 */
function runSettings(options: PhysixEvalOptions) {
  return { ...llmRunSettings(options), max_turns: options.maxTurns, reward_profile: options.rewardProfile, fit: options.fit };
}
