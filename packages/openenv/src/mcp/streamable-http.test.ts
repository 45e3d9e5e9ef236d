import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSdkHttp } from '../testing/mcp-sdk-client.ts';
import { startPhysixTestServer } from '../testing/physix-test-server.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

// MCP's Streamable HTTP transport on /mcp, driven by the official TypeScript SDK client as an
// agent framework drives it, beside OpenEnv's sessionless JSON-RPC on the same path.
let server: TestServer;
let now = 1_000_000;

beforeAll(async () => {
  server = await startTestServer({ env: { VERILAB_MAX_SESSIONS: '2' }, clock: () => now });
});
afterAll(() => server.close());

const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } } };

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
}

describe('the MCP SDK client over Streamable HTTP', () => {
  it('initializes, lists tools, plays a Qubit-Medic episode, gets isError for bad arguments, and ends the session with DELETE', async () => {
    const sdk = await connectSdkHttp(server.url);
    const sessionId = sdk.transport.sessionId!;
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sdk.client.getServerVersion()?.name).toBe('verilab-qubit-medic');
    expect(sdk.client.getServerCapabilities()?.tools).toBeDefined();
    expect(server.runtime.mcpRegistry.active).toBe(1);

    const { tools } = await sdk.client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(['reset', 'step', 'list_levels']);
    await sdk.client.ping();

    // The session remembers the episode: step without quoting its id.
    const reset = await sdk.client.callTool({ name: 'reset', arguments: {} });
    expect(reset).toMatchObject({ isError: false, structuredContent: { observation: { curriculum_level: 'L1_warmup' } } });
    const step = await sdk.client.callTool({ name: 'step', arguments: { raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } });
    expect(step).toMatchObject({ isError: false, structuredContent: { done: true } });

    const badArguments = await sdk.client.callTool({ name: 'list_levels', arguments: { level: 'x' } });
    expect(badArguments).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(/^Invalid arguments for tool list_levels: level: /) }] });
    const finished = await sdk.client.callTool({ name: 'step', arguments: { raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } });
    expect(finished).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/is finished/) }] });
    const seeded = await sdk.client.callTool({ name: 'reset', arguments: { seed: 3 } });
    expect(seeded).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/--agent-seeds/) }] });
    expect(await sdk.rpc('tools/call', { name: 'fly', arguments: {} })).toEqual({ error: { code: -32602, message: 'Tool not found: fly' } });

    await sdk.transport.terminateSession();
    expect(server.runtime.mcpRegistry.active).toBe(0);
    const ended = await post('/mcp', { jsonrpc: '2.0', id: 9, method: 'tools/list' }, { 'mcp-session-id': sessionId });
    expect([ended.status, ((await ended.json()) as { error: { code: number } }).error.code]).toEqual([404, -32001]);
    await sdk.close();
  });

  it('plays a PhysiX turn on /envs/physix/mcp', async () => {
    const physix = await startPhysixTestServer();
    try {
      const sdk = await connectSdkHttp(`${physix.url}/envs/physix`);
      expect(sdk.client.getServerVersion()?.name).toBe('verilab-physix');
      const reset = await sdk.client.callTool({ name: 'reset', arguments: {} });
      expect(reset).toMatchObject({ isError: false, structuredContent: { done: false } });
      const turn = await sdk.client.callTool({ name: 'step', arguments: { equation: 'd2x/dt2 = -x' } });
      expect(turn).toMatchObject({ isError: false, structuredContent: { observation: { turn: 1 } } });
      const bad = await sdk.client.callTool({ name: 'step', arguments: { equation: 5 } });
      expect(bad).toMatchObject({ isError: true, content: [{ text: expect.stringMatching(/^Invalid arguments for tool step: /) }] });
      // A PhysiX session is not a Qubit-Medic one: the root /mcp does not know it.
      const elsewhere = await fetch(`${physix.url}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'mcp-session-id': sdk.transport.sessionId! },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(elsewhere.status).toBe(404);
      await sdk.transport.terminateSession();
      await sdk.close();
    } finally {
      await physix.close();
    }
  });
});

describe('Streamable HTTP as the spec words it', () => {
  it('answers notifications with 202, GET with 405, and refuses unknown sessions, versions and batches', async () => {
    const opened = await post('/mcp', initialize);
    expect(opened.status).toBe(200);
    expect(opened.headers.get('content-type')).toBe('application/json');
    const sessionId = opened.headers.get('mcp-session-id')!;
    expect(((await opened.json()) as { result: { protocolVersion: string } }).result.protocolVersion).toBe('2025-06-18');
    const session = { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };

    const notified = await post('/mcp', { jsonrpc: '2.0', method: 'notifications/initialized' }, session);
    expect([notified.status, await notified.text()]).toEqual([202, '']);
    const listen = await fetch(`${server.url}/mcp`, { headers: { accept: 'text/event-stream', ...session } });
    expect(listen.status).toBe(405);
    expect(listen.headers.get('allow')).toContain('POST');

    const unknown = await post('/mcp', { jsonrpc: '2.0', id: 2, method: 'ping' }, { 'mcp-session-id': 'nope' });
    expect(unknown.status).toBe(404);
    const version = await post('/mcp', { jsonrpc: '2.0', id: 2, method: 'ping' }, { ...session, 'mcp-protocol-version': '1999-01-01' });
    expect([version.status, ((await version.json()) as { error: { message: string } }).error.message]).toEqual([400, expect.stringMatching(/unsupported MCP-Protocol-Version 1999-01-01/)]);
    const oversized = await post('/mcp', { jsonrpc: '2.0', id: 2, method: 'ping', params: { pad: 'x'.repeat(2 * 1024 * 1024) } }, session);
    expect(oversized.status).toBe(413);
    const batch = await post('/mcp', [{ jsonrpc: '2.0', id: 2, method: 'ping' }], session);
    expect(batch.status).toBe(400);
    const again = await post('/mcp', initialize, session);
    expect(again.status).toBe(400);
    const unknownMethod = await post('/mcp', { jsonrpc: '2.0', id: 3, method: 'resources/list' }, session);
    expect(await unknownMethod.json()).toMatchObject({ id: 3, error: { code: -32601 } });

    expect((await fetch(`${server.url}/mcp`, { method: 'DELETE' })).status).toBe(400);
    expect((await fetch(`${server.url}/mcp`, { method: 'DELETE', headers: session })).status).toBe(204);
    expect((await fetch(`${server.url}/mcp`, { method: 'DELETE', headers: session })).status).toBe(404);
  });

  it('keeps OpenEnv’s sessionless methods on the same path', async () => {
    const empty = await post('/mcp', {});
    expect([empty.status, ((await empty.json()) as { error: { code: number } }).error.code]).toEqual([200, -32600]);
    const listed = await post('/mcp', { jsonrpc: '2.0', id: 1, method: 'tools/list' });
    expect(((await listed.json()) as { result: { tools: unknown[] } }).result.tools).toHaveLength(3);
    // OpenEnv's methods keep their error codes: bad arguments stay -32602 there.
    const bad = await post('/mcp', { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_levels', arguments: { level: 'x' } } });
    expect(((await bad.json()) as { error: { code: number } }).error.code).toBe(-32602);
  });

  it('shares the HTTP MCP pool: its cap, the cross-site check, and the idle sweep', async () => {
    const [first, second] = await Promise.all([post('/mcp', initialize), post('/mcp', initialize)]);
    expect([first.status, second.status]).toEqual([200, 200]);
    const full = await post('/mcp', initialize);
    expect(full.headers.get('mcp-session-id')).toBeNull();
    expect(((await full.json()) as { error: { code: number; message: string } }).error).toMatchObject({ code: -32000, message: expect.stringMatching(/^Server at capacity: 2\/2/) });
    await expect(connectSdkHttp(server.url)).rejects.toThrow(/Server at capacity/);
    const foreign = await post('/mcp', initialize, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);

    now += 3_600_000;
    server.runtime.mcpRegistry.sweep();
    expect(server.runtime.mcpRegistry.active).toBe(0);
    const swept = await post('/mcp', { jsonrpc: '2.0', id: 1, method: 'ping' }, { 'mcp-session-id': first.headers.get('mcp-session-id')! });
    expect(swept.status).toBe(404);
  });
});
