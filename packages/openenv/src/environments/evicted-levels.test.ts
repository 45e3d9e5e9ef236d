import { unwrap } from '@verilab/core';
import { createLevelPhysics, levelNamed, type Level } from '@verilab/qubit-medic';
import { describe, expect, it } from 'vitest';
import { daemonsAvailable, startRedis } from '../testing/loopback-daemons.ts';
import { httpClient, type HttpClient } from '../testing/http-client.ts';
import { EnvSession } from '../episodes/episode-session.ts';
import { EpisodeTokenCodec, parseTokenKey } from '../episodes/episode-tokens.ts';
import { EpisodeVault } from '../episodes/episode-vault.ts';
import { ReplayGuard } from '../episodes/replay-guard.ts';
import type { SharedReplayStore } from '../episodes/shared-replay-store.ts';
import { llmPolicyOf } from '../llm/llm-policy.ts';
import { startTestServer, TEST_TOKEN_KEY, testConfig } from '../testing/test-server.ts';
import { connectWs } from '../testing/ws-client.ts';
import { createQubitMedicHost } from './qubit-medic-host.ts';
import { workerPhysicsSource, type PhysicsSource } from './worker-physics.ts';

// A step whose custom level was evicted from the level cache since its reset is refused as
// retryable while a worker rebuilds the level (never built on the event loop), and the episode
// stays unspent: the very same step succeeds once the level is back, scored as without eviction.
const LEVEL = levelNamed('custom:d=3,r=3,p=0.004');
// Building this one evicts LEVEL: a budget of one byte keeps only the level built last.
const OTHER = levelNamed('custom:d=3,r=2,p=0.004');
const ANSWER = { raw_response: 'X_ERRORS=[] Z_ERRORS=[]' };
const REFUSAL = `level "${LEVEL.name}" (24 detectors) is being built; retry in a few seconds`;

async function serve(env: Record<string, string> = {}) {
  const physics = workerPhysicsSource({ build: createLevelPhysics, budgetBytes: 1 });
  const host = createQubitMedicHost({ physics, prepare: physics.prepare, whenReady: physics.whenReady, llm: llmPolicyOf(testConfig()) });
  const server = await startTestServer({ environments: [host], env });
  return { physics, server, client: httpClient(server.url) };
}

async function built(physics: PhysicsSource, level: Level): Promise<void> {
  physics.prepare(level);
  await physics.whenReady(level);
  expect(physics.prepare(level)).toEqual({ ok: true });
}

/** Builds OTHER, which evicts LEVEL (asking `physics` for it now throws rather than build it here). */
async function evictLevel(physics: PhysicsSource): Promise<void> {
  await built(physics, OTHER);
  expect(() => physics(LEVEL)).toThrow(/is not ready/);
}

/** Counts `/health` replies while the worker rebuilds LEVEL: none if it were built on the event loop. */
async function healthRepliesDuringRebuild(physics: PhysicsSource, client: HttpClient): Promise<number> {
  let rebuilt = false;
  const rebuilding = physics.whenReady(LEVEL).then(() => (rebuilt = true));
  let answered = 0;
  while (!rebuilt) {
    expect((await client.get('/health')).status).toBe(200);
    if (!rebuilt) answered++;
  }
  await rebuilding;
  return answered;
}

describe('a step on an evicted custom level', () => {
  it('over HTTP (and /llm-answer): 503 with Retry-After naming the level, /health answers during the rebuild, then the same token steps and scores as without eviction', async () => {
    const { physics, server, client } = await serve();
    try {
      await built(physics, LEVEL);
      const tokens: string[] = [];
      for (let k = 0; k < 2; k++) tokens.push((await client.post('/reset', { level: LEVEL.name, seed: 7 })).json.observation.episode_id);
      const [unevicted, evicted] = tokens as [string, string];
      const reference = await client.post('/step', { action: { ...ANSWER, episode_id: unevicted } });
      expect(reference.status).toBe(200);

      await evictLevel(physics);
      const refused = await client.post('/step', { action: { ...ANSWER, episode_id: evicted } });
      expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '5']);
      expect(refused.json.detail).toContain(REFUSAL);
      expect(refused.json.detail).toContain('the episode is unspent');
      // Asking a model to answer it needs its observation, so it is refused alike, before any model call.
      const asked = await client.post('/llm-answer', { episode_id: evicted, base_url: 'http://127.0.0.1:9/v1', model: 'any' });
      expect([asked.status, asked.headers.get('retry-after'), asked.json.detail]).toEqual([503, '5', refused.json.detail]);
      expect(await healthRepliesDuringRebuild(physics, client)).toBeGreaterThan(0);

      const stepped = await client.post('/step', { action: { ...ANSWER, episode_id: evicted } });
      expect(stepped.status).toBe(200);
      expect([stepped.json.reward, stepped.json.observation.info]).toEqual([reference.json.reward, reference.json.observation.info]);
      expect((await client.post('/step', { action: { ...ANSWER, episode_id: evicted } })).status).toBe(400);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('over /ws and MCP: the same message as an execution error, and the episode resumes after the rebuild', async () => {
    const { physics, server, client } = await serve();
    try {
      await built(physics, LEVEL);
      const socket = await connectWs(`${server.wsUrl}/ws`);
      expect(await socket.request({ type: 'reset', data: { level: LEVEL.name, seed: 3 } })).toMatchObject({ type: 'observation' });
      await evictLevel(physics);
      const refused = await socket.request({ type: 'step', data: ANSWER });
      expect(refused).toMatchObject({ type: 'error', data: { code: 'EXECUTION_ERROR', message: expect.stringContaining(REFUSAL) } });
      await physics.whenReady(LEVEL);
      // The session kept its episode: the step names none.
      expect(await socket.request({ type: 'step', data: ANSWER })).toMatchObject({ type: 'observation', data: { done: true } });
      socket.close();

      const token = (await client.post('/reset', { level: LEVEL.name, seed: 3 })).json.observation.episode_id;
      await evictLevel(physics);
      const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'step', arguments: { ...ANSWER, episode_id: token } } };
      expect((await client.post('/mcp', call)).json.error.message).toContain(REFUSAL);
      await physics.whenReady(LEVEL);
      expect((await client.post('/mcp', call)).json.result).toMatchObject({ is_error: false, data: { done: true } });
    } finally {
      await server.close();
    }
  }, 60_000);

  it('evicted while its claim waits on the shared store: the claimed step waits for the rebuild instead of spending the episode on a refusal', async () => {
    const physics = workerPhysicsSource({ build: createLevelPhysics, budgetBytes: 1 });
    const host = createQubitMedicHost({ physics, prepare: physics.prepare, whenReady: physics.whenReady });
    let evictWhileClaiming = false;
    const store: SharedReplayStore = {
      claim: async () => {
        if (evictWhileClaiming) await evictLevel(physics);
        return 'fresh';
      },
      close: () => undefined,
    };
    const seconds = () => Date.now() / 1000;
    const codec = new EpisodeTokenCodec({ key: parseTokenKey(TEST_TOKEN_KEY) as Uint8Array, lifetimeSeconds: 3600, now: seconds });
    const vault = new EpisodeVault(codec, new ReplayGuard({ capacity: 16, bucketSeconds: 60, now: seconds }), { store, log: () => undefined });
    const session = new EnvSession(host, host.createInstance('shared', { now: Date.now, agentAnswerMs: 600_000 }), { mode: 'stateless', vault, stepBudgetMs: 10_000 });
    await built(physics, LEVEL);
    const tokens = [1, 2].map(() => {
      return String(unwrap(session.reset({ level: LEVEL.name, seed: 11 })).observation.episode_id);
    });
    const reference = await session.stepClaimed({ ...ANSWER, episode_id: tokens[0] });
    evictWhileClaiming = true;
    const stepped = await session.stepClaimed({ ...ANSWER, episode_id: tokens[1] });
    const { reward, observation } = unwrap(reference);
    expect(stepped).toMatchObject({ ok: true, value: { reward, observation: { info: observation.info } } });
  }, 60_000);

  const redis = daemonsAvailable(['redis-server']);
  it.skipIf(redis.skip)(`with a shared Redis replay store: refused before the claim, so the token is still unspent${redis.skip ? ` (skipped: ${redis.missing})` : ''}`, async () => {
    if (redis.missing !== undefined) throw new Error(redis.missing);
    const store = await startRedis();
    const { physics, server, client } = await serve({ VERILAB_REPLAY_STORE: `redis://127.0.0.1:${store.port}` });
    try {
      await built(physics, LEVEL);
      const token = (await client.post('/reset', { level: LEVEL.name, seed: 5 })).json.observation.episode_id;
      await evictLevel(physics);
      const step = { action: { ...ANSWER, episode_id: token } };
      expect((await client.post('/step', step)).status).toBe(503);
      await physics.whenReady(LEVEL);
      expect((await client.post('/step', step)).status).toBe(200);
      expect((await client.post('/step', step)).json.detail).toMatch(/already stepped/);
    } finally {
      await server.close();
      await store.stop();
    }
  }, 60_000);
});
