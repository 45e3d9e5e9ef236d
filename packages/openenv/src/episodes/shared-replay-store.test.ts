import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpClient } from '../testing/http-client.ts';
import { daemonsAvailable, freePort, startRedis, type Daemon } from '../testing/loopback-daemons.ts';
import { startTestServer, testConfig, type TestServer } from '../testing/test-server.ts';
import { connectWs } from '../testing/ws-client.ts';
import { RedisConnection } from './redis-connection.ts';
import { RedisRunCurricula } from '../environments/curriculum-runs.ts';
import { sharedRedis } from './shared-redis.ts';
import { RedisReplayStore } from './shared-replay-store.ts';

// Episode tokens stepped exactly once across servers sharing a Redis replay store, and across
// restarts of a server that keeps no store (tokens bound to the process's epoch).
const redisState = daemonsAvailable(['redis-server']);
const step = (url: string, episode_id: string) => httpClient(url).post('/step', { action: { episode_id, raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } });
const reset = async (url: string): Promise<string> => (await httpClient(url).post('/reset', {})).json.observation.episode_id as string;

describe('a server without a replay store', () => {
  it('refuses every token issued before it restarted, stepped or not, and says why', async () => {
    const first = await startTestServer();
    const spent = await reset(first.url);
    const unspent = await reset(first.url);
    expect((await step(first.url, spent)).status).toBe(200);
    await first.close();
    const restarted = await startTestServer();
    try {
      for (const token of [spent, unspent]) {
        const replay = await step(restarted.url, token);
        expect([replay.status, replay.json.detail]).toEqual([400, expect.stringMatching(/another run of this server .*VERILAB_REPLAY_STORE/)]);
      }
      expect((await step(restarted.url, await reset(restarted.url))).status).toBe(200);
    } finally {
      await restarted.close();
    }
  });

  it('names a bad VERILAB_REPLAY_STORE', () => {
    expect(() => testConfig({ VERILAB_REPLAY_STORE: 'http://localhost:6379' })).toThrow(/VERILAB_REPLAY_STORE="http:\/\/localhost:6379": must be redis:\/\/host:port/);
  });

  it('answers 503, naming the store, when the configured store does not answer', async () => {
    const server = await startTestServer({ env: { VERILAB_REPLAY_STORE: `redis://127.0.0.1:${await freePort()}` } });
    try {
      const reply = await step(server.url, await reset(server.url));
      expect([reply.status, reply.json.detail]).toEqual([503, expect.stringMatching(/replay store \(VERILAB_REPLAY_STORE\) did not answer/)]);
    } finally {
      await server.close();
    }
  });
});

describe.skipIf(redisState.skip)(`servers sharing a Redis replay store${redisState.skip ? ` (skipped: ${redisState.missing})` : ''}`, () => {
  let redis: Daemon;
  let servers: TestServer[];
  beforeAll(async () => {
    if (redisState.missing !== undefined) throw new Error(redisState.missing);
    redis = await startRedis();
    const env = { VERILAB_REPLAY_STORE: `redis://127.0.0.1:${redis.port}` };
    servers = await Promise.all([startTestServer({ env }), startTestServer({ env })]);
  }, 20_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await redis.stop();
  });

  it('claims a token once across both, over HTTP and WebSocket, and closing spends it too', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const token = await reset(a.url);
    expect((await step(b.url, token)).status).toBe(200);
    const replays = [await step(a.url, token), await step(b.url, token)];
    expect(replays.map((r) => [r.status, r.json.detail])).toEqual(Array(2).fill([400, expect.stringMatching(/already stepped/)]));

    const overWs = await reset(a.url);
    expect((await step(a.url, overWs)).status).toBe(200);
    const ws = await connectWs(`${b.wsUrl}/ws`);
    const frame = await ws.request({ type: 'step', data: { episode_id: overWs, raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } });
    ws.close();
    expect(frame).toMatchObject({ type: 'error', data: { code: 'EXECUTION_ERROR', message: expect.stringMatching(/already stepped/) } });

    const closed = await reset(b.url);
    expect((await httpClient(b.url).post('/close', { episode_id: closed })).status).toBe(200);
    expect((await step(a.url, closed)).status).toBe(400);
  });

  it('claims a token once across both when one of the steps is an MCP tools/call', async () => {
    const [a, b] = servers as [TestServer, TestServer];
    const mcpStep = async (url: string, episode_id: string) =>
      (await httpClient(url).post('/mcp', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'step', arguments: { episode_id, raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } } })).json;
    const steppedOverHttp = await reset(a.url);
    expect((await step(a.url, steppedOverHttp)).status).toBe(200);
    expect(await mcpStep(b.url, steppedOverHttp)).toMatchObject({ error: { code: -32602, message: expect.stringMatching(/already stepped/) } });

    const steppedOverMcp = await reset(b.url);
    expect(await mcpStep(b.url, steppedOverMcp)).toMatchObject({ result: { is_error: false, data: { done: true } } });
    expect(await mcpStep(a.url, steppedOverMcp)).toMatchObject({ error: { code: -32602, message: expect.stringMatching(/already stepped/) } });
    const replay = await step(a.url, steppedOverMcp);
    expect([replay.status, replay.json.detail]).toEqual([400, expect.stringMatching(/already stepped/)]);
  });

  it('lets exactly one of many concurrent steps of one token through', async () => {
    const token = await reset(servers[0]!.url);
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => step(servers[i % 2]!.url, token)));
    expect(replies.filter((reply) => reply.status === 200)).toHaveLength(1);
    expect(replies.filter((reply) => reply.status === 400)).toHaveLength(19);
  });

  it('keeps a spent id only as long as its token lives', async () => {
    const store = new RedisReplayStore(new RedisConnection({ host: '127.0.0.1', port: redis.port }, 2_000));
    const probe = new RedisConnection({ host: '127.0.0.1', port: redis.port }, 1_000);
    try {
      const expiresAt = Math.floor(Date.now() / 1000) + 100;
      expect(await store.claim('ttl-probe', expiresAt)).toBe('fresh');
      expect(await store.claim('ttl-probe', expiresAt)).toBe('replayed');
      const ttl = (await probe.command(['TTL', 'verilab:spent:ttl-probe'])) as number;
      expect(ttl).toBeGreaterThan(95);
      expect(ttl).toBeLessThanOrEqual(100);
      const past = Math.floor(Date.now() / 1000) - 1;
      expect(await store.claim('already-expired', past)).toBe('fresh');
      expect(await probe.command(['EXISTS', 'verilab:spent:already-expired'])).toBe(0);
    } finally {
      store.close();
      probe.close();
    }
  });

  it("shares one connection between the replay store and the runs' curricula", async () => {
    // A Redis of its own, so the only clients are this test's.
    const own = await startRedis();
    const config = testConfig({ VERILAB_REPLAY_STORE: `redis://127.0.0.1:${own.port}` });
    expect(sharedRedis(config)).toBe(sharedRedis(config));
    expect(sharedRedis(testConfig())).toBeUndefined();
    const store = new RedisReplayStore(sharedRedis(config)!);
    const runs = new RedisRunCurricula(sharedRedis(config)!, 3, (line) => expect.fail(line));
    const probe = new RedisConnection({ host: '127.0.0.1', port: own.port }, 1_000);
    try {
      runs.record('shared-run', 'L1', 1);
      // Replies of both arrive in order on the one socket: a claim, a list, a claim.
      const [fresh, windows, replayed] = await Promise.all([store.claim('shared-probe', Date.now() / 1000 + 60), runs.load('shared-run', ['L1']), store.claim('shared-probe', Date.now() / 1000 + 60)]);
      expect([fresh, windows, replayed]).toEqual(['fresh', { L1: { settled: [1], pending: [] } }, 'replayed']);
      const clients = String(await probe.command(['CLIENT', 'LIST'])).trim().split('\n');
      expect(clients).toHaveLength(2);
    } finally {
      store.close();
      probe.close();
      await own.stop();
    }
  });
});
