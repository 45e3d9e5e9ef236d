import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPhysicsCache, formatCompletion, levelNamed, QubitMedicEnvironment } from '@verilab/qubit-medic';
import { sha256Hex } from '@verilab/core';
import { startFakeChatServer, type ChatReply, type ChatRequest, type FakeChatServer } from '../testing/fake-chat-server.ts';
import { killMidRun, readLines } from '../testing/resumable-eval.ts';
import { runInProcess } from '../testing/run-in-process.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'verilab-eval-'));
const LEVELS = ['L1_warmup', 'L2_target'];
const EPISODES = 40;
const SEED_START = 10_000;
const GARBAGE = 'I think the error is somewhere near qubit 4.';

/** The decoder's completion for every planned episode's prompt (what a perfect imitator answers). */
const imitation = new Map<string, string>();
const physics = createPhysicsCache();
const env = new QubitMedicEnvironment({ physics });
for (const name of LEVELS) {
  const level = levelNamed(name);
  for (let k = 0; k < EPISODES; k++) {
    const { observation } = env.reset({ level, seed: SEED_START + k });
    const { frame } = physics(level).decode(observation.syndromeBits);
    imitation.set(observation.prompt, formatCompletion(frame.x, frame.z));
  }
}

const hash = (prompt: string) => Number.parseInt(sha256Hex(prompt).slice(0, 8), 16);
const isGarbage = (prompt: string) => hash(prompt) % 4 === 0;
const answerOf = (prompt: string) => (isGarbage(prompt) ? GARBAGE : (imitation.get(prompt) ?? GARBAGE));

/**
 * The scripted model: the decoder's frame for most prompts, prose for a quarter of them; the
 * first request for some prompts fails with a 500 or never gets a reply (the client times out).
 */
function script(request: ChatRequest): ChatReply {
  if (request.authorization !== 'Bearer test-key') return { kind: 'error', status: 401 };
  if (request.model === 'no-such-model') return { kind: 'error', status: 404 };
  if (request.model === 'always-down') return { kind: 'error', status: 503 };
  if (request.attempt === 1 && hash(request.prompt) % 5 === 1) return { kind: 'error', status: 500 };
  if (request.attempt === 1 && hash(request.prompt) % 7 === 3) return { kind: 'hang' };
  return { kind: 'answer', content: answerOf(request.prompt) };
}

let server: FakeChatServer;
beforeAll(async () => {
  server = await startFakeChatServer(script, { delayMs: 2 });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const llmArgs = (out: string, extra: readonly string[] = []) => [
  'eval',
  '--policy',
  'llm',
  '--episodes',
  String(EPISODES),
  '--levels',
  LEVELS.join(','),
  '--base-url',
  server.url,
  '--model',
  'scripted',
  '--out',
  `${out}.jsonl`,
  '--summary',
  `${out}.summary.json`,
  '--concurrency',
  '4',
  '--retries',
  '2',
  '--retry-delay-ms',
  '5',
  '--timeout-ms',
  '400',
  ...extra,
];

describe('verilab eval --policy llm', () => {
  let uninterrupted: Record<string, unknown>;

  it('runs end to end against an OpenAI-compatible endpoint, retrying failures and timeouts', async () => {
    server.reset();
    const out = path.join(dir, 'straight');
    const result = await runInProcess([...llmArgs(out), '--api-key', 'test-key']);
    expect(result.code, result.stderr).toBe(0);
    const lines = readLines(`${out}.jsonl`).map((line) => JSON.parse(line));
    expect(lines).toHaveLength(LEVELS.length * EPISODES);
    expect(new Set(lines.map((l) => `${l.level}|${l.seed}`)).size).toBe(lines.length);
    expect(lines.some((l) => l.attempts > 1)).toBe(true);
    for (const line of lines) {
      expect(line).toMatchObject({ policy: 'llm', usage: { completion_tokens: line.completion.length } });
      expect(line.latency_ms).toBeGreaterThanOrEqual(0);
      expect(line.exact_match).toBe(line.completion !== GARBAGE);
    }
    uninterrupted = JSON.parse(readFileSync(`${out}.summary.json`, 'utf8'));
    const summary = uninterrupted as {
      levels: Record<string, Record<string, number | null> & { vs_matching: { logical_correction_difference: { difference: number } } }>;
      overall: Record<string, number>;
    };
    for (const level of LEVELS) {
      const mine = lines.filter((l) => l.level === level);
      const imitated = mine.filter((l) => l.completion !== GARBAGE).length / mine.length;
      const metrics = summary.levels[level] ?? {};
      expect(metrics['episodes']).toBe(EPISODES);
      expect(metrics['exact_match']).toBe(imitated);
      expect(metrics['format_compliance_rate']).toBe(imitated);
      expect(metrics['mean_output_length']).toBeCloseTo(mine.reduce((sum, l) => sum + l.completion.length, 0) / mine.length, 10);
      expect(metrics.vs_matching.logical_correction_difference.difference).toBeLessThanOrEqual(0);
    }
    expect(summary.overall['episodes']).toBe(LEVELS.length * EPISODES);
    expect(uninterrupted).toMatchObject({ name: 'llm[scripted]', model: 'scripted', seed_start: SEED_START, episodes_per_level: EPISODES });
  });

  it('resumes after the real CLI is killed mid-run and ends with the same summary', async () => {
    server.reset();
    const STALL = 25;
    server.stallAfter(STALL);
    const out = path.join(dir, 'killed');
    await killMidRun(llmArgs(out), { env: { OPENAI_API_KEY: 'test-key' }, ready: () => readLines(`${out}.jsonl`).length >= STALL, timeoutMs: 60_000 });
    // Leave a line cut off mid-write, as a kill during the append would.
    appendFileSync(`${out}.jsonl`, '{"episode": 3, "level": "L2_tar');
    const done = readLines(`${out}.jsonl`).length - 1;
    expect(done).toBeGreaterThanOrEqual(STALL);
    expect(existsSync(`${out}.summary.json`)).toBe(false);

    server.reset();
    const resumed = await runInProcess([...llmArgs(out), '--api-key', 'test-key']);
    expect(resumed.code, resumed.stderr).toBe(0);
    // Only the episodes missing from the file were asked again.
    expect(server.answers()).toBe(LEVELS.length * EPISODES - done);
    const lines = readLines(`${out}.jsonl`).map((line) => JSON.parse(line));
    expect(lines).toHaveLength(LEVELS.length * EPISODES);
    expect(new Set(lines.map((l) => `${l.level}|${l.seed}`)).size).toBe(lines.length);
    expect(JSON.parse(readFileSync(`${out}.summary.json`, 'utf8'))).toEqual(uninterrupted);

    // A rerun of a finished evaluation asks nothing and writes the same summary.
    server.reset();
    expect((await runInProcess([...llmArgs(out), '--api-key', 'test-key'])).code).toBe(0);
    expect(server.answers()).toBe(0);
    expect(JSON.parse(readFileSync(`${out}.summary.json`, 'utf8'))).toEqual(uninterrupted);
  });

  it('stops with exit 2 when the endpoint rejects the request', async () => {
    const out = path.join(dir, 'rejected');
    const result = await runInProcess([...llmArgs(out, ['--model', 'no-such-model']), '--api-key', 'test-key']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/rejected the request \(HTTP 404\)/);
    const unauthorised = await runInProcess([...llmArgs(path.join(dir, 'unauthorised')), '--api-key', 'wrong']);
    expect(unauthorised.code).toBe(2);
    expect(unauthorised.stderr).toMatch(/HTTP 401/);
  });

  it('exits 1 and keeps the file resumable when the endpoint stays down', async () => {
    const out = path.join(dir, 'down');
    const result = await runInProcess([
      ...llmArgs(out, ['--model', 'always-down', '--episodes', '3', '--levels', 'L2_target', '--retries', '1']),
      '--api-key',
      'test-key',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/3 of 3 episodes failed .*run the same command again to resume/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(readLines(`${out}.jsonl`)).toEqual([]);
  });
});

describe('verilab eval with a baseline policy', () => {
  it('scores zeros like the in-process baseline on the same seeds', async () => {
    const out = path.join(dir, 'zeros');
    const result = await runInProcess(['eval', '--policy', 'zeros', '--episodes', '100', '--levels', 'L2_target', '--out', `${out}.jsonl`]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    const metrics = summary.levels.L2_target;
    expect(metrics.vs_zeros.logical_correction_difference).toEqual({ difference: 0, ci95: expect.any(Array) });
    expect(metrics.vs_zeros.baseline_logical_correction_rate).toBe(metrics.logical_correction_rate);
    expect(metrics.mean_output_length).toBeNull();
    expect(summary.overall).toBeUndefined();
    expect(readLines(`${out}.jsonl`)).toHaveLength(100);
  });
});

describe('verilab eval input errors', () => {
  it('names the damaged line of a results file', async () => {
    const out = path.join(dir, 'damaged.jsonl');
    expect((await runInProcess(['eval', '--policy', 'zeros', '--episodes', '1', '--out', out])).code).toBe(0);
    appendFileSync(out, 'not json\n');
    const result = await runInProcess(['eval', '--policy', 'zeros', '--episodes', '2', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${out}:2: not valid JSON`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses to mix runs in one results file', async () => {
    const out = path.join(dir, 'mixed.jsonl');
    expect((await runInProcess(['eval', '--policy', 'zeros', '--episodes', '2', '--out', out])).code).toBe(0);
    const result = await runInProcess(['eval', '--policy', 'random', '--episodes', '2', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/:1: this episode belongs to another run/);
  });

  it.each([
    [['--policy', 'llm', '--episodes', '2', '--model', 'm'], /needs --base-url/],
    [['--policy', 'llm', '--episodes', '2', '--base-url', 'not a url', '--model', 'm'], /is not a URL/],
    [['--policy', 'oracle', '--episodes', '2'], /expected one of zeros, random, matching, optimal, llm/],
    [['--policy', 'zeros', '--episodes', '2', '--levels', 'L2_target,L7'], /unknown level "L7"/],
    [['--policy', 'zeros', '--episodes', '2', '--seed-start', '1.5'], /--seed-start/],
    [['--policy', 'zeros', '--episodes', '2', '--temperature', '9'], /from 0 to 2/],
  ])('rejects %j with exit 2', async (args, message) => {
    const result = await runInProcess(['eval', ...args, '--out', path.join(dir, 'never.jsonl')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
