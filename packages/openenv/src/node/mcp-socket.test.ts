import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQubitMedicHost } from '../environments/qubit-medic-host.ts';
import { createBrokenHost, createCounterHost } from '../testing/counter-host.ts';
import { httpClient } from '../testing/http-client.ts';
import { startTestServer, testPhysics, type TestServer } from '../testing/test-server.ts';
import { connectWs, type WsTestClient } from '../testing/ws-client.ts';

// OpenEnv's WebSocket /mcp endpoint over real loopback sockets (docs/wire-contract.md#mcp):
// bare JSON-RPC, one session per connection.
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ environments: [createQubitMedicHost({ physics: testPhysics() }), createCounterHost()] });
});
afterAll(() => server.close());

type Reply = { jsonrpc: string; id: unknown; result?: Record<string, unknown>; error?: { code: number; message: string; data: unknown } };

async function call(client: WsTestClient, method: string, params?: unknown, id: unknown = 1): Promise<Reply> {
  client.send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
  return JSON.parse(await client.nextText()) as Reply;
}

describe('WebSocket /mcp', () => {
  it('plays an episode on the connection’s own session', async () => {
    const client = await connectWs(`${server.wsUrl}/mcp`);
    const listed = await call(client, 'tools/list');
    expect(Object.keys(listed)).toEqual(['jsonrpc', 'id', 'result']);
    expect(listed.result?.tools).toHaveLength(3);
    const reset = await call(client, 'tools/call', { name: 'reset', arguments: {} }, 'r');
    expect(reset).toMatchObject({ id: 'r', result: { is_error: false, data: { done: false, observation: { curriculum_level: 'L1_warmup' } } } });
    // The session remembers its episode: no episode_id needed, and a session_id param is ignored, as upstream does.
    const step = await call(client, 'tools/call', { name: 'step', arguments: { raw_response: 'X_ERRORS=[] Z_ERRORS=[]' }, session_id: 'elsewhere' }, 2);
    expect(step.result).toMatchObject({ is_error: false, data: { done: true } });
    const created = await call(client, 'openenv/session/create');
    expect(await call(client, 'openenv/session/close', { session_id: created.result?.session_id })).toMatchObject({ error: { code: -32600 } });
    expect(server.runtime.registry.active).toBe(1);
    client.close();
    await client.closed;
    await expect.poll(() => server.runtime.registry.active, { timeout: 2000 }).toBe(0);
  });

  it('keeps the socket open on per-message errors, each naming what and where', async () => {
    const client = await connectWs(`${server.wsUrl}/mcp`);
    expect(await call(client, 'é😀', undefined, 3)).toEqual({ jsonrpc: '2.0', id: 3, error: { code: -32601, message: 'Method not found: é😀', data: null } });
    client.send('{"jsonrpc": ');
    expect(JSON.parse(await client.nextText())).toEqual({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32700, message: 'Parse error: Unexpected end of JSON input at character 12', data: null },
    });
    const invalid = await call(client, 'tools/list', undefined, 1.5);
    expect(invalid).toMatchObject({ id: null, error: { code: -32600, message: expect.stringMatching(/^Invalid request: id\.str: .* \[string_type\]; id\.int: .* \[int_from_float\]$/) } });
    expect((await call(client, 'tools/call', { name: 'list_levels', arguments: { level: 'x' } })).error).toMatchObject({ code: -32602, data: [{ type: 'extra_forbidden' }] });
    expect((await call(client, 'tools/call', { name: 'step', arguments: {} })).error).toMatchObject({ code: -32602, message: 'no episode in progress: call reset first' });
    expect((await call(client, 'tools/list')).result).toHaveProperty('tools');
    client.close();
  });

  it('answers a non-object or a binary frame with one -32000 error, then closes', async () => {
    for (const frame of ['[1, 2]', '"tools/list"', 'null']) {
      const client = await connectWs(`${server.wsUrl}/mcp`);
      client.send(frame);
      const reply = JSON.parse(await client.nextText()) as Reply;
      expect(reply.error).toMatchObject({ code: -32000, message: expect.stringMatching(/^A JSON-RPC message must be a JSON object, got (an array|a string|null)$/) });
      expect((await client.closed).code).toBe(1000);
    }
    const client = await connectWs(`${server.wsUrl}/mcp`);
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await client.next()).toMatchObject({ id: null, error: { code: -32000 } });
    expect((await client.closed).code).toBe(1000);
  });

  it('serves every environment under /envs/<name>/mcp', async () => {
    const client = await connectWs(`${server.wsUrl}/envs/counter/mcp`);
    expect((await call(client, 'tools/list')).result?.tools).toEqual([expect.objectContaining({ name: 'reset' }), expect.objectContaining({ name: 'step' })]);
    await call(client, 'tools/call', { name: 'reset', arguments: { target: 2 } });
    expect((await call(client, 'tools/call', { name: 'step', arguments: { add: 2 } })).result).toMatchObject({ data: { reward: 2, done: true } });
    client.close();
    await expect(connectWs(`${server.wsUrl}/envs/nope/mcp`)).rejects.toThrow(/404/);
  });
});

describe('WebSocket /mcp sessions', () => {
  it('counts against the session cap: one -32000 error at capacity, then close', async () => {
    const small = await startTestServer({ env: { VERILAB_MAX_SESSIONS: '1' } });
    try {
      const holder = await connectWs(`${small.wsUrl}/mcp`);
      expect((await call(holder, 'tools/list')).result).toBeDefined();
      const refused = await connectWs(`${small.wsUrl}/mcp`);
      expect(await refused.next()).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32000, message: 'Server at capacity: 1/1 sessions active. Cannot accept new connections.', data: { active_sessions: 1, max_sessions: 1 } },
      });
      expect((await refused.closed).code).toBe(1000);
      // The same pool as /ws.
      const ws = await connectWs(`${small.wsUrl}/ws`);
      expect(await ws.next()).toMatchObject({ type: 'error', data: { code: 'CAPACITY_REACHED' } });
      holder.close();
      await expect.poll(() => small.runtime.registry.active, { timeout: 2000 }).toBe(0);
      const next = await connectWs(`${small.wsUrl}/mcp`);
      expect((await call(next, 'tools/list')).result).toBeDefined();
      next.close();
    } finally {
      await small.close();
    }
  });

  it('sends -32000 with the factory name when the environment cannot be created, over the socket and HTTP', async () => {
    const faulty = await startTestServer({ environments: [createQubitMedicHost({ physics: testPhysics() }), createBrokenHost()] });
    try {
      const client = await connectWs(`${faulty.wsUrl}/envs/broken/mcp`);
      expect(await client.next()).toEqual({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32000, message: "Environment factory 'broken' failed to create instance.", data: { factory_name: 'broken' } },
      });
      expect((await client.closed).code).toBe(1000);
      const created = await httpClient(`${faulty.url}/envs/broken`).post('/mcp', { jsonrpc: '2.0', id: 9, method: 'openenv/session/create' });
      expect(created.text).toBe(
        '{"jsonrpc":"2.0","id":9,"error":{"code":-32000,"message":"Environment factory \'broken\' failed to create instance.","data":{"factory_name":"broken"}}}',
      );
      await expect.poll(() => faulty.runtime.registry.active, { timeout: 2000 }).toBe(0);
    } finally {
      await faulty.close();
    }
  });
});
