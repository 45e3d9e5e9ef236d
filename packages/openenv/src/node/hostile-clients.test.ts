import { request as httpRequest } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { defaultEnvironments } from '../environments/default-environments.ts';
import { DEFAULT_MAX_LEVEL_DETECTORS } from '../environments/level-limits.ts';
import { createQubitMedicHost } from '../environments/qubit-medic-host.ts';
import { runStdioMcp } from '../mcp/stdio-mcp.ts';
import { agentPolicy } from '../mcp/tool-catalog.ts';
import { createRuntime } from '../server-runtime.ts';
import { startServer } from './start-server.ts';
import { httpClient } from '../testing/http-client.ts';
import { startTestServer, testConfig, testPhysics, type TestServer } from '../testing/test-server.ts';
import { connectWs } from '../testing/ws-client.ts';

// Cheap requests a hostile or careless client can send, each against a real server on loopback:
// none may block the event loop, grow memory without bound, lock others out or earn a 5xx.
let server: TestServer;
let now = Date.now();

beforeAll(async () => {
  server = await startTestServer({
    env: { VERILAB_MAX_SESSIONS: '4', VERILAB_MAX_MESSAGE_BYTES: '65536', VERILAB_ALLOWED_ORIGINS: 'http://trainer.example:3000' },
    clock: () => now,
  });
});
afterAll(() => server.close());

const api = () => httpClient(server.url);
const mcp = (method: string, params: Record<string, unknown> = {}) => api().post('/mcp', { jsonrpc: '2.0', id: 1, method, params });

describe('work per request is bounded', () => {
  it('refuses a level past the detector limit at once, naming its size', async () => {
    const reply = await api().post('/reset', { level: 'custom:d=25,r=14,p=0.00777' });
    expect(reply.status).toBe(422);
    expect(reply.json.detail[0]).toMatchObject({ loc: ['body', 'level'], msg: expect.stringContaining(`8736 detectors; at most ${DEFAULT_MAX_LEVEL_DETECTORS}`) });
    expect((await api().get('/health')).status).toBe(200);
  });
});

describe('custom levels are built off the event loop', () => {
  it('keeps /health answering while a custom level builds; HTTP and /ws wait for it, MCP is told to retry', async () => {
    // An agent names a level only on a server that trusts agents (--agent-seeds).
    const config = testConfig({ VERILAB_AGENT_SEEDS: '1' });
    const runtime = createRuntime({ config, environments: defaultEnvironments(config) });
    const served = await startServer({ runtime });
    try {
      const client = httpClient(served.url);
      const level = 'custom:d=9,r=12,p=0.003'; // 960 detectors: a few seconds to build
      const viaMcp = await client.post('/mcp', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'reset', arguments: { level } } });
      expect(viaMcp.json.error.message).toContain('(960 detectors) is being built; retry in a few seconds');
      const socket = await connectWs(`${served.url.replace(/^http/, 'ws')}/ws`);
      let pending = 2;
      const done = <T>(reply: Promise<T>) => reply.finally(() => pending--);
      // A frame sent while the reset waits is answered after it.
      socket.send({ type: 'reset', data: { level, seed: 1 } });
      socket.send({ type: 'state' });
      const viaWs = done(Promise.all([socket.next(60_000), socket.next(60_000)]));
      const viaHttp = done(client.post('/reset', { level, seed: 1 }));
      // Built in the event loop, the level would hold every /health reply until it was done (it
      // did, 1 to 5 s, before the worker); built in a worker, /health answers again and again
      // meanwhile. How long those replies take: `npm run bench:server -- --during-build`.
      let answeredDuringBuild = 0;
      while (pending > 0) {
        expect((await client.get('/health')).status).toBe(200);
        if (pending > 0) answeredDuringBuild++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const [[ws, state], http] = [await viaWs, await viaHttp];
      const observation = (ws.data as { observation: { syndrome_bits: number[]; episode_id: string } }).observation;
      expect(observation.syndrome_bits).toEqual(http.json.observation.syndrome_bits);
      expect(state).toMatchObject({ type: 'state', data: { episode_id: observation.episode_id } });
      expect(http.json.observation.syndrome_bits).toHaveLength(960);
      socket.close();
      expect(answeredDuringBuild).toBeGreaterThanOrEqual(5);
    } finally {
      await served.close();
    }
  }, 90_000);
});

describe('error replies do not echo large inputs', () => {
  const huge = 'x'.repeat(800_000);

  it('caps an HTTP validation reply to the first issues, inputs shortened', async () => {
    const echoed = await api().post('/step', { action: huge });
    expect(echoed.status).toBe(422);
    expect(echoed.text.length).toBeLessThan(2_000);
    expect(echoed.json.detail[0]).toMatchObject({ type: 'dict_type', loc: ['body', 'action'], input: expect.stringContaining('(800000 characters)') });
    const manyKeys = Object.fromEntries(Array.from({ length: 20_000 }, (_, k) => [`key${k}`, huge.slice(0, 30)]));
    const many = await api().post('/step', { action: { raw_response: '', ...manyKeys } });
    expect(many.status).toBe(422);
    expect(many.json.detail).toHaveLength(20);
    expect(many.text.length).toBeLessThan(8_000);
  });

  it('caps WebSocket and JSON-RPC error messages', async () => {
    const client = await connectWs(`${server.wsUrl}/ws`);
    const big = huge.slice(0, 60_000); // under the message limit
    client.send({ type: big });
    expect((await client.nextText()).length).toBeLessThan(2_000);
    client.send({ type: 'reset', data: { level: big } });
    expect((await client.nextText()).length).toBeLessThan(2_000);
    client.close();
    const rpc = await mcp(huge);
    expect(rpc.json.error.code).toBe(-32601);
    expect(rpc.text.length).toBeLessThan(2_000);
  });

  it('disconnects a WebSocket client that sends but never reads its replies', async () => {
    const socket = new WebSocket(`${server.wsUrl}/ws`);
    await new Promise((resolve) => socket.once('open', resolve));
    // Stop reading: replies pile up in the kernel, then in the server's send buffer.
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    const reset = JSON.stringify({ type: 'reset', data: { seed: 1 } });
    for (let sent = 0; sent < 20_000 && server.runtime.registry.active > 0; sent++) {
      socket.send(reset);
      if (sent % 500 === 499) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await expect.poll(() => server.runtime.registry.active, { timeout: 5_000 }).toBe(0);
    socket.terminate();
  }, 30_000);
});

describe('HTTP MCP sessions cannot lock out WebSocket sessions', () => {
  it('keeps a pool of their own, and sweeps never-used ones after a minute', async () => {
    const created = [];
    for (let k = 0; k < 6; k++) created.push((await mcp('openenv/session/create')).json);
    expect(created.slice(0, 4).every((reply) => typeof reply.result?.session_id === 'string')).toBe(true);
    expect(created[4].error).toMatchObject({ code: -32000, message: expect.stringContaining('at capacity: 4/4') });
    const client = await connectWs(`${server.wsUrl}/ws`);
    expect(await client.request({ type: 'reset', data: { seed: 2 } })).toMatchObject({ type: 'observation' });
    client.close();
    const used = created[0].result.session_id as string;
    expect((await mcp('tools/call', { name: 'reset', arguments: {}, session_id: used })).json.result).toBeDefined();
    now += 61_000;
    // Creating another session renews none of them.
    expect((await mcp('openenv/session/create')).json.error.code).toBe(-32000);
    expect(server.runtime.mcpRegistry.sweep()).toBe(3);
    expect((await mcp('openenv/session/create')).json.result.session_id).toBeDefined();
    expect((await mcp('tools/call', { name: 'list_levels', session_id: used })).json.result).toBeDefined();
  });
});

describe('levels without a decodable matching graph are bad input everywhere', () => {
  const levels = ['custom:d=3,r=1,p=1e-320', 'custom:d=3,r=1,p=0'];

  it('answers 4xx over HTTP, an error frame over /ws and a JSON-RPC error over POST /mcp', async () => {
    for (const level of levels) {
      const reset = await api().post('/reset', { level });
      expect(reset.status).toBe(422);
      expect(reset.json.detail[0].msg).toContain('p must be a number from 1e-12 to 0.1');
      // An untrusted agent may not name a level at all (stdio below trusts its agent).
      const call = await mcp('tools/call', { name: 'reset', arguments: { level } });
      expect(call.json.error).toMatchObject({ message: expect.stringMatching(/^Invalid arguments for tool reset: level: .*--agent-seeds/) });
      const client = await connectWs(`${server.wsUrl}/ws`);
      expect(await client.request({ type: 'reset', data: { level } })).toMatchObject({ type: 'error', data: { code: 'VALIDATION_ERROR' } });
      client.close();
    }
  });

  it('leaves stdio MCP serving, and drops a line past the length limit', async () => {
    const host = createQubitMedicHost({ physics: testPhysics() });
    const runtime = createRuntime({ config: testConfig({ VERILAB_AGENT_SEEDS: '1' }), environments: [host] });
    const input = new PassThrough();
    const output = new PassThrough();
    const done = runStdioMcp({ host, session: runtime.openSession(host), policy: agentPolicy(runtime.config), input, output, maxLineBytes: 4096 });
    const lines = levels.map((level, k) => JSON.stringify({ jsonrpc: '2.0', id: k, method: 'tools/call', params: { name: 'reset', arguments: { level } } }));
    input.end(`${lines.join('\n')}\n${'['.repeat(10_000)}\n{"jsonrpc": "2.0", "id": 9, "method": "ping"}\n`);
    await done;
    const replies = output.read().toString().trim().split('\n').map((line: string) => JSON.parse(line));
    expect(replies.map((r: { id: unknown }) => r.id)).toEqual([0, 1, null, 9]);
    expect(replies[0].error?.message ?? replies[0].result.content[0].text).toContain('p must be a number');
    expect(replies[2].error).toMatchObject({ code: -32700, message: 'Parse error: a line longer than 4096 bytes was dropped' });
    expect(replies[3].result).toEqual({});
  });
});

/** A raw request, so the test can send any Host, Origin and Content-Type a browser would. */
function raw(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest(`${server.url}${path}`, { method, headers }, (reply) => {
      let text = '';
      reply.on('data', (chunk: Buffer) => (text += chunk.toString()));
      reply.on('end', () => resolve({ status: reply.statusCode ?? 0, headers: reply.headers, text }));
    });
    sent.on('error', reject);
    sent.end(body);
  });
}

describe('web pages the user visits cannot drive the local server', () => {
  const wsStatus = (path: string, headers: Record<string, string>) =>
    new Promise<number>((resolve) => {
      const socket = new WebSocket(`${server.wsUrl}${path}`, { headers });
      socket.on('error', () => {}); // the refused handshake, reported below
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('unexpected-response', (_request, reply) => {
        resolve(reply.statusCode ?? 0);
        socket.terminate();
      });
    });
  const host = () => new URL(server.url).host;

  it('refuses WebSocket upgrades from other origins, unless allowed', async () => {
    expect(await wsStatus('/ws', { origin: 'http://evil.example' })).toBe(403);
    expect(await wsStatus('/mcp', { origin: 'null' })).toBe(403);
    expect(await wsStatus('/ws', { origin: `http://${host()}` })).toBe(101);
    expect(await wsStatus('/ws', { origin: 'http://trainer.example:3000' })).toBe(101);
    expect(await wsStatus('/ws', {})).toBe(101);
  });

  it('refuses state changes from other origins and bodies that are not JSON', async () => {
    const body = '{"seed": 1}';
    const crossSite = await raw('POST', '/reset', { origin: 'http://evil.example', 'content-type': 'text/plain' }, body);
    expect([crossSite.status, JSON.parse(crossSite.text).detail]).toEqual([403, expect.stringContaining('Origin "http://evil.example" may not use this server')]);
    const plain = await raw('POST', '/mcp', { 'content-type': 'text/plain;charset=UTF-8' }, '{"jsonrpc": "2.0", "id": 1, "method": "openenv/session/create"}');
    expect([plain.status, JSON.parse(plain.text).detail]).toEqual([415, expect.stringContaining('Content-Type must be application/json')]);
    const form = await raw('POST', '/step', { 'content-type': 'application/x-www-form-urlencoded' }, body);
    expect(form.status).toBe(415);
    expect((await raw('POST', '/reset', { origin: `http://${host()}`, 'content-type': 'application/json' }, body)).status).toBe(200);
    expect((await raw('POST', '/reset', {})).status).toBe(200);
  });

  it('answers only loopback names on a loopback bind (DNS rebinding)', async () => {
    const rebound = await raw('GET', '/state', { host: 'attacker.example:8000' });
    expect([rebound.status, JSON.parse(rebound.text).detail]).toEqual([403, expect.stringContaining('Host "attacker.example" is not served here')]);
    expect(await wsStatus('/ws', { host: 'attacker.example' })).toBe(403);
    for (const name of ['localhost:1', '127.0.0.1', '[::1]:8000', 'trainer.example']) expect((await raw('GET', '/health', { host: name })).status).toBe(200);
  });

  it('sends security headers with HTML', async () => {
    for (const path of ['/', '/docs']) {
      const page = await raw('GET', path, {});
      expect(page.headers).toMatchObject({ 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'content-security-policy': expect.stringContaining("frame-ancestors 'none'") });
    }
    expect((await raw('GET', '/health', {})).headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('aborted uploads', () => {
  it('are no internal error: nothing is logged', async () => {
    const lines: string[] = [];
    const runtime = createRuntime({ config: testConfig(), environments: [createQubitMedicHost({ physics: testPhysics() })] });
    const logged = await startServer({ runtime, log: (line) => lines.push(line) });
    try {
      for (const path of ['/reset', '/step', '/mcp']) {
        const socket = connect(logged.port, '127.0.0.1');
        await new Promise((resolve) => socket.once('connect', resolve));
        socket.write(`POST ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"seed":`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        socket.destroy();
      }
      expect((await httpClient(logged.url).get('/health')).status).toBe(200);
      expect(lines).toEqual([]);
    } finally {
      await logged.close();
    }
  });
});

describe('a spent token after a restart', () => {
  it('is refused when spent ids are journalled (VERILAB_REPLAY_FILE)', async () => {
    const env = { VERILAB_REPLAY_FILE: join(mkdtempSync(join(tmpdir(), 'verilab-replay-')), 'spent.log') };
    const step = (url: string, episode_id: string) => httpClient(url).post('/step', { action: { episode_id, raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } });
    const first = await startTestServer({ env });
    const token = (await httpClient(first.url).post('/reset', { seed: 5 })).json.observation.episode_id as string;
    const unspent = (await httpClient(first.url).post('/reset', { seed: 6 })).json.observation.episode_id as string;
    expect((await step(first.url, token)).status).toBe(200);
    await first.close();
    const restarted = await startTestServer({ env });
    try {
      const replay = await step(restarted.url, token);
      expect([replay.status, replay.json.detail]).toEqual([400, expect.stringContaining('already')]);
      expect((await step(restarted.url, unspent)).status).toBe(200);
    } finally {
      await restarted.close();
    }
  });
});
