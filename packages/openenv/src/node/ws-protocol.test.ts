import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createQubitMedicHost } from '../environments/qubit-medic-host.ts';
import { createBrokenHost, createCounterHost } from '../testing/counter-host.ts';
import { httpClient } from '../testing/http-client.ts';
import { startTestServer, testPhysics, type TestServer } from '../testing/test-server.ts';
import { connectWs } from '../testing/ws-client.ts';

// OpenEnv's /ws protocol over real loopback sockets (docs/wire-contract.md#ws, #checklist).
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({
    env: { VERILAB_MAX_MESSAGE_BYTES: '2048' },
    environments: [createQubitMedicHost({ physics: testPhysics() }), createCounterHost()],
  });
});
afterAll(() => server.close());

const ws = (path = '/ws') => connectWs(`${server.wsUrl}${path}`);

describe('/ws envelopes', () => {
  it('resets, steps the session’s episode without an id, and reports state', async () => {
    const client = await ws();
    const reset = await client.request({ type: 'reset', data: { seed: 3, level: 'L2_target' } });
    expect(reset.type).toBe('observation');
    const data = reset.data as { observation: Record<string, unknown>; reward: unknown; done: boolean };
    expect(Object.keys(data)).toEqual(['observation', 'reward', 'done']);
    expect([data.reward, data.done]).toEqual([null, false]);
    const id = data.observation.episode_id as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await client.request({ type: 'state' })).toMatchObject({ type: 'state', data: { episode_id: id, step_count: 0 } });
    const step = await client.request({ type: 'step', data: { raw_response: 'X_ERRORS=[] Z_ERRORS=[]', metadata: {} } });
    expect(step).toMatchObject({ type: 'observation', data: { done: true, observation: { episode_id: id } } });
    expect(typeof (step.data as { reward: unknown }).reward).toBe('number');
    expect(await client.request({ type: 'state' })).toMatchObject({ data: { episode_id: id, step_count: 1, episodes_started: 1 } });
    const again = await client.request({ type: 'step', data: {} });
    expect(again).toEqual({ type: 'error', data: { message: `episode ${id} is finished; call reset to start a new one`, code: 'EXECUTION_ERROR' } });
    client.close();
  });

  it('uses the client’s episode_id, defaults data to {}, and steps HTTP tokens too', async () => {
    const client = await ws();
    expect(await client.request({ type: 'step', data: {} })).toMatchObject({ data: { code: 'EXECUTION_ERROR', message: 'no episode in progress: call reset first' } });
    const named = await client.request({ type: 'reset', data: { episode_id: 'ep-1' } });
    expect((named.data as { observation: { episode_id: string } }).observation.episode_id).toBe('ep-1');
    expect((await client.request({ type: 'reset' })).type).toBe('observation');
    const token = (await httpClient(server.url).post('/reset')).json.observation.episode_id;
    expect(await client.request({ type: 'step', data: { episode_id: token } })).toMatchObject({ data: { done: true, observation: { episode_id: token } } });
    expect(await client.request({ type: 'step', data: { episode_id: token } })).toMatchObject({ data: { code: 'EXECUTION_ERROR', message: expect.stringMatching(/is finished/) } });
    client.close();
  });

  it('closes on "close" without a reply', async () => {
    const client = await ws();
    client.send({ type: 'close' });
    expect(await client.closed).toEqual({ code: 1000, reason: '' });
    await expect(client.next(100)).rejects.toThrow();
  });

  it('serves every environment’s socket under /envs/<name>/ws and refuses unknown paths', async () => {
    const client = await ws('/envs/counter/ws');
    await client.request({ type: 'reset', data: { target: 2 } });
    // The reward keeps its own type here (an int is written 1); HTTP writes it as a float (http-routes.test.ts).
    client.send({ type: 'step', data: { add: 1 } });
    expect(await client.nextText()).toMatch(/"reward":1,"done":false\}\}$/);
    expect(await client.request({ type: 'step', data: { add: 1 } })).toMatchObject({ data: { reward: 2, done: true } });
    client.close();
    await expect(connectWs(`${server.wsUrl}/envs/nope/ws`)).rejects.toThrow(/404/);
  });
});

describe('/ws error codes', () => {
  it('INVALID_JSON, UNKNOWN_TYPE, VALIDATION_ERROR and EXECUTION_ERROR leave the connection open', async () => {
    const client = await ws();
    const invalid = await client.request('{"type": ');
    expect(invalid).toEqual({ type: 'error', data: { message: 'Invalid JSON: Unexpected end of JSON input at character 9', code: 'INVALID_JSON' } });
    const unknown = 'Unknown message type: dance (one of reset, step, state, close, mcp)';
    expect(await client.request({ type: 'dance' })).toEqual({ type: 'error', data: { message: unknown, code: 'UNKNOWN_TYPE' } });
    expect(await client.request({ data: {} })).toMatchObject({ type: 'error', data: { message: expect.stringMatching(/^Unknown message type: {2}\(one of/), code: 'UNKNOWN_TYPE' } });
    const stateWithData = await client.request({ type: 'state', data: {} });
    expect(stateWithData).toEqual({
      type: 'error',
      data: {
        message: 'Invalid message',
        code: 'VALIDATION_ERROR',
        errors: [{ type: 'extra_forbidden', loc: ['data'], msg: 'Extra inputs are not permitted', input: {}, url: 'https://errors.pydantic.dev/2.13/v/extra_forbidden' }],
      },
    });
    expect(await client.request({ type: 'step' })).toMatchObject({ data: { code: 'VALIDATION_ERROR', errors: [{ type: 'missing', loc: ['data'] }] } });
    expect(await client.request({ type: 'step', data: { raw_response: 1 } })).toMatchObject({
      data: { code: 'VALIDATION_ERROR', errors: [{ type: 'string_type', loc: ['raw_response'], url: expect.any(String) }] },
    });
    expect(await client.request({ type: 'reset', data: { level: 'L7' } })).toMatchObject({ data: { code: 'VALIDATION_ERROR', errors: [{ loc: ['data', 'level'] }] } });
    expect(await client.request({ type: 'step', data: { episode_id: 'v1.nonsense' } })).toMatchObject({ data: { code: 'EXECUTION_ERROR' } });
    expect(await client.request({ type: 'state' })).toMatchObject({ type: 'state' });
    client.close();
  });

  it('SESSION_ERROR for a non-object message or a binary frame, then closes', async () => {
    for (const [frame, message] of [
      ['[1, 2]', 'A /ws message must be a JSON object with a "type", got an array'],
      ['"reset"', 'A /ws message must be a JSON object with a "type", got a string'],
      ['null', 'A /ws message must be a JSON object with a "type", got null'],
    ] as const) {
      const client = await ws();
      expect(await client.request(frame)).toEqual({ type: 'error', data: { message, code: 'SESSION_ERROR' } });
      expect((await client.closed).code).toBe(1000);
    }
    const client = await ws();
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await client.next()).toMatchObject({ data: { code: 'SESSION_ERROR' } });
    expect((await client.closed).code).toBe(1000);
  });

  it('closes with 1009 on a message over the size limit', async () => {
    const client = await ws();
    client.send({ type: 'step', data: { raw_response: 'x'.repeat(3000) } });
    expect((await client.closed).code).toBe(1009);
  });
});

describe('sessions and capacity', () => {
  it('sends CAPACITY_REACHED right after accept and closes; a closed session frees its slot', async () => {
    const small = await startTestServer({ env: { VERILAB_MAX_SESSIONS: '2' } });
    try {
      const url = `${small.wsUrl}/ws`;
      const [a, b] = [await connectWs(url), await connectWs(url)];
      const c = await connectWs(url);
      expect(await c.next()).toEqual({
        type: 'error',
        data: { message: 'Server at capacity: 2/2 sessions active. Cannot accept new connections.', code: 'CAPACITY_REACHED', active_sessions: 2, max_sessions: 2 },
      });
      expect((await c.closed).code).toBe(1000);
      // HTTP MCP sessions have a pool of their own (hostile-clients.test.ts).
      const mcp = await httpClient(small.url).post('/mcp', { jsonrpc: '2.0', id: 1, method: 'openenv/session/create' });
      expect(mcp.json.result.session_id).toEqual(expect.any(String));
      a.close();
      await a.closed;
      await expect.poll(() => small.runtime.registry.active, { timeout: 2000 }).toBe(1);
      const d = await connectWs(url);
      expect((await d.request({ type: 'reset' })).type).toBe('observation');
      b.close();
      d.close();
    } finally {
      await small.close();
    }
  });

  it('sends FACTORY_ERROR and closes when an environment cannot be created', async () => {
    const faulty = await startTestServer({ environments: [createQubitMedicHost({ physics: testPhysics() }), createBrokenHost()] });
    try {
      const client = await connectWs(`${faulty.wsUrl}/envs/broken/ws`);
      expect(await client.next()).toEqual({
        type: 'error',
        data: { message: "Environment factory 'broken' failed to create instance.", code: 'FACTORY_ERROR', factory_name: 'broken' },
      });
      expect((await client.closed).code).toBe(1000);
      await expect.poll(() => faulty.runtime.registry.active, { timeout: 2000 }).toBe(0);
    } finally {
      await faulty.close();
    }
  });

  it('closes idle sessions after the idle timeout', async () => {
    const idle = await startTestServer({ env: { VERILAB_SESSION_IDLE_S: '0.2' } });
    try {
      const client = await connectWs(`${idle.wsUrl}/ws`);
      // 1001 is the idle close (a 0.2 s timeout); how soon it comes is not asserted on a shared machine.
      expect((await client.closed).code).toBe(1001);
      expect(idle.runtime.registry.active).toBe(0);
    } finally {
      await idle.close();
    }
  });

  it('answers pings (the Python client drops silent servers)', async () => {
    const client = await ws();
    const pong = new Promise<void>((resolve) => client.socket.once('pong', () => resolve()));
    client.socket.ping();
    await pong;
    client.close();
    expect(client.socket).toBeInstanceOf(WebSocket);
  });
});

describe('the "mcp" envelope', () => {
  it('runs JSON-RPC on the connection’s own session', async () => {
    const client = await ws();
    const rpc = async (method: string, params?: unknown) =>
      (await client.request({ type: 'mcp', data: { jsonrpc: '2.0', id: 7, method, ...(params === undefined ? {} : { params }) } })) as {
        type: string;
        data: { id: number; result?: Record<string, unknown>; error?: { code: number; message: string } };
      };
    const tools = await rpc('tools/list');
    expect(tools.type).toBe('mcp');
    expect((tools.data.result?.tools as { name: string }[]).map((t) => t.name)).toEqual(['reset', 'step', 'list_levels']);
    await rpc('tools/call', { name: 'reset', arguments: {} });
    const step = await rpc('tools/call', { name: 'step', arguments: { raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } });
    expect(step.data.result).toMatchObject({ is_error: false, data: { done: true } });
    const created = await rpc('openenv/session/create');
    const sessionId = created.data.result?.session_id;
    expect(typeof sessionId).toBe('string');
    expect((await rpc('openenv/session/close', { session_id: sessionId })).data.error?.code).toBe(-32600);
    expect(await client.request({ type: 'mcp', data: { method: 'tools/list' } })).toMatchObject({ type: 'mcp', data: { error: { code: -32600 } } });
    client.close();
  });
});
