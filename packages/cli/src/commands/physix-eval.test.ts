import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPrompt, getSystem, groundTruthAction, instantiate, resetEpisode } from '@verilab/physix';
import { sha256Hex } from '@verilab/core';
import { startFakeChatServer, type ChatReply, type ChatRequest, type FakeChatServer } from '../testing/fake-chat-server.ts';
import { killMidRun, readLines } from '../testing/resumable-eval.ts';
import { runInProcess } from '../testing/run-in-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'verilab-physix-eval-'));
const SYSTEMS = ['free_fall', 'spring_mass', 'projectile_drag'];
const EPISODES = 6;
const SEED_START = 500;
const MAX_TURNS = 3;
const GARBAGE = 'The trajectory looks like something is falling, I think.';
const WRONG = '{"equation": "d2q/dt2 = 0"}';

/** The data block of a prompt: the same on every turn of an episode, different between episodes. */
const trajectoryOf = (prompt: string) => /TRAJECTORY[^\n]*\n([\s\S]*?)\n(?:HISTORY|TURNS_REMAINING)/.exec(prompt)?.[1] ?? '';
const answers = new Map<string, { truth: string; stubborn: boolean }>();
for (const systemId of SYSTEMS) {
  for (let k = 0; k < EPISODES; k++) {
    const seed = SEED_START + k;
    const { observation } = resetEpisode({ seed, systemId, maxTurns: MAX_TURNS });
    const prompt = buildPrompt(observation)[1]!.content;
    answers.set(trajectoryOf(prompt), {
      truth: `Here is my answer:\n${JSON.stringify(groundTruthAction(instantiate(getSystem(systemId)!, seed)))}`,
      stubborn: Number.parseInt(sha256Hex(`${systemId}|${seed}`).slice(0, 6), 16) % 3 === 0,
    });
  }
}

/**
 * The scripted model: prose for a third of the episodes (never solved), else a wrong guess on
 * the first turn and the truth once it has seen feedback. Some first attempts fail with a 500.
 */
function script(request: ChatRequest): ChatReply {
  if (request.authorization !== 'Bearer test-key') return { kind: 'error', status: 401 };
  if (request.attempt === 1 && Number.parseInt(sha256Hex(request.prompt).slice(0, 6), 16) % 5 === 1) return { kind: 'error', status: 500 };
  const episode = answers.get(trajectoryOf(request.prompt));
  if (episode === undefined || episode.stubborn) return { kind: 'answer', content: GARBAGE };
  return { kind: 'answer', content: request.prompt.includes('HISTORY') ? episode.truth : WRONG };
}

let server: FakeChatServer;
beforeAll(async () => {
  server = await startFakeChatServer(script);
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const args = (out: string, extra: readonly string[] = []) => [
  'physix',
  'eval',
  '--base-url',
  server.url,
  '--model',
  'scripted',
  '--episodes',
  String(EPISODES),
  '--systems',
  SYSTEMS.join(','),
  '--seed-start',
  String(SEED_START),
  '--max-turns',
  String(MAX_TURNS),
  '--out',
  `${out}.jsonl`,
  '--summary',
  `${out}.summary.json`,
  '--concurrency',
  '3',
  '--retries',
  '2',
  '--retry-delay-ms',
  '5',
  ...extra,
];

describe('verilab physix eval', () => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  let uninterrupted: Record<string, any>;
  const turnsOf = new Map<string, number>();

  it('plays multi-turn episodes against an OpenAI-compatible endpoint and summarises them', async () => {
    server.reset();
    const out = path.join(dir, 'straight');
    const result = await runInProcess([...args(out), '--api-key', 'test-key']);
    expect(result.code, result.stderr).toBe(0);
    const lines = readLines(`${out}.jsonl`).map((line) => JSON.parse(line));
    expect(lines).toHaveLength(SYSTEMS.length * EPISODES);
    for (const line of lines) {
      turnsOf.set(`${line.system_id}|${line.seed}`, line.turns_taken);
      const expected = answers.get(trajectoryOf(buildPrompt(resetEpisode({ seed: line.seed, systemId: line.system_id, maxTurns: MAX_TURNS }).observation)[1]!.content));
      // Solved on the second turn with feedback, or never.
      expect([line.converged, line.turns_taken], `${line.system_id} ${line.seed}`).toEqual(expected?.stubborn ? [false, MAX_TURNS] : [true, 2]);
      expect(line.turns[0]).toMatchObject({ turn: 1, json_found: !expected?.stubborn, usage: { completion_tokens: line.turns[0].completion.length } });
      // The return sums the rewards paid, and in the default profile that is the best turn's score.
      const turns = line.turns as { score: number; reward: number }[];
      expect(line.episode_return).toBe(turns.reduce((sum, turn) => sum + turn.reward, 0));
      expect(line.episode_return).toBeCloseTo(Math.max(...turns.map((turn) => turn.score)), 12);
    }
    expect(lines.some((l) => l.turns.some((t: { attempts: number }) => t.attempts > 1))).toBe(true);
    uninterrupted = JSON.parse(readFileSync(`${out}.summary.json`, 'utf8'));
    const solved = lines.filter((l) => l.converged).length;
    expect(uninterrupted.overall).toMatchObject({ episodes: SYSTEMS.length * EPISODES, solve_rate: { rate: solved / lines.length } });
    expect(uninterrupted.overall.mean_turns_to_solve).toBe(2);
    expect(uninterrupted.overall.episode_return.mean).toBeCloseTo(lines.reduce((sum, l) => sum + l.episode_return, 0) / lines.length, 12);
    expect(Object.keys(uninterrupted.systems)).toEqual(SYSTEMS);
    expect(Object.keys(uninterrupted.tiers)).toEqual(['tier1', 'tier2', 'tier3']);
    expect(uninterrupted).toMatchObject({ name: 'llm[scripted]', max_turns: MAX_TURNS, reward_profile: 'anti-hack', episodes_per_system: EPISODES });
    expect(solved).toBeGreaterThan(0);
    expect(solved).toBeLessThan(lines.length);
  });

  it('resumes after the real CLI is killed mid-run and ends with the same summary', async () => {
    server.reset();
    const STALL = 12;
    server.stallAfter(STALL);
    const out = path.join(dir, 'killed');
    await killMidRun(args(out), {
      env: { OPENAI_API_KEY: 'test-key' },
      ready: () => server.answers() >= STALL && readLines(`${out}.jsonl`).length >= 2,
      timeoutMs: 30_000,
      settleMs: 200,
    });
    appendFileSync(`${out}.jsonl`, '{"episode": 3, "system_id": "spring_m');
    const kept = readLines(`${out}.jsonl`).slice(0, -1).map((line) => JSON.parse(line));
    expect(kept.length).toBeGreaterThanOrEqual(2);
    expect(kept.length).toBeLessThan(SYSTEMS.length * EPISODES);
    expect(existsSync(`${out}.summary.json`)).toBe(false);

    server.reset();
    const resumed = await runInProcess([...args(out), '--api-key', 'test-key']);
    expect(resumed.code, resumed.stderr).toBe(0);
    // Only the missing episodes were played again, each from its first turn.
    const keptKeys = new Set(kept.map((l) => `${l.system_id}|${l.seed}`));
    const missingTurns = [...turnsOf].filter(([key]) => !keptKeys.has(key)).reduce((sum, [, turns]) => sum + turns, 0);
    expect(server.answers()).toBe(missingTurns);
    expect(readLines(`${out}.jsonl`)).toHaveLength(SYSTEMS.length * EPISODES);
    expect(JSON.parse(readFileSync(`${out}.summary.json`, 'utf8'))).toEqual(uninterrupted);

    // A finished evaluation asks nothing and writes the same summary again.
    server.reset();
    expect((await runInProcess([...args(out), '--api-key', 'test-key'])).code).toBe(0);
    expect(server.answers()).toBe(0);
    expect(JSON.parse(readFileSync(`${out}.summary.json`, 'utf8'))).toEqual(uninterrupted);
  });

  it('stops with exit 2 on a rejected request, a foreign results file or bad flags', async () => {
    const unauthorised = await runInProcess([...args(path.join(dir, 'unauthorised')), '--api-key', 'wrong']);
    expect(unauthorised.code).toBe(2);
    expect(unauthorised.stderr).toMatch(/HTTP 401/);
    const other = await runInProcess([...args(path.join(dir, 'straight'), ['--temperature', '0.7']), '--api-key', 'test-key']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/straight\.jsonl:1: this episode belongs to another run/);
    for (const [flag, value, message] of [
      ['--systems', 'tier4', /unknown system "tier4"/],
      ['--max-turns', '65', /at most 64 turns/],
      ['--reward-profile', 'v2', /expected one of v1, anti-hack/],
    ] as const) {
      const result = await runInProcess([...args(path.join(dir, 'never'), [flag, value])]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });
});
