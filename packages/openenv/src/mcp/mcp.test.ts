import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQubitMedicHost } from '../environments/qubit-medic-host.ts';
import { createRuntime } from '../server-runtime.ts';
import type { HttpClient } from '../testing/http-client.ts';
import { createTestApp, testConfig, testPhysics, type TestApp } from '../testing/test-server.ts';
import { runStdioMcp } from './stdio-mcp.ts';
import { agentPolicy } from './tool-catalog.ts';

// MCP over POST /mcp (OpenEnv's JSON-RPC, docs/wire-contract.md#mcp) through the app's request(), and over stdio.
let server: TestApp;
let api: HttpClient;
let rpc: (method: string, params?: unknown, id?: unknown) => Promise<Record<string, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any

beforeAll(() => {
  server = createTestApp({ env: { VERILAB_MAX_SESSIONS: '1' } });
  api = server.client();
  rpc = async (method, params, id = 1) => {
    const reply = await api.post('/mcp', { jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    expect(reply.status).toBe(200);
    return reply.json;
  };
});
afterAll(() => server.runtime.close());

describe('POST /mcp', () => {
  it('always answers HTTP 200 with JSON-RPC: -32700, -32600, -32601, -32602', async () => {
    const parse = await api.post('/mcp', '{not json');
    expect([parse.status, parse.text]).toEqual([200, '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error","data":null}}']);
    const empty = await api.post('/mcp', {});
    expect([empty.status, empty.json.jsonrpc, empty.json.error.code]).toEqual([200, '2.0', -32600]);
    expect(empty.json.error.message).toBe('Invalid request: jsonrpc: Field required [missing]; method: Field required [missing]');
    expect(Object.keys(empty.json)).toEqual(['jsonrpc', 'id', 'error']);
    // Upstream never reads the id of an invalid request, and answers a non-object as unparsable.
    expect((await api.post('/mcp', { jsonrpc: '1.0', method: 'x', id: 3 })).json).toMatchObject({ id: null, error: { code: -32600 } });
    for (const body of ['[1]', 'null', '"x"']) expect((await api.post('/mcp', body)).text).toBe(parse.text);
    expect(await rpc('resources/list')).toEqual({ jsonrpc: '2.0', id: 1, error: { code: -32601, message: 'Method not found: resources/list', data: null } });
    expect((await rpc('tools/call', {})).error).toEqual({ code: -32602, message: "Missing 'name' in params", data: null });
    expect((await rpc('tools/call', { name: 'fly' })).error).toMatchObject({ code: -32602, message: 'Tool not found: fly' });
    expect((await rpc('tools/call', { name: 'list_levels', arguments: { level: 'x' } })).error).toMatchObject({ code: -32602, data: [{ type: 'extra_forbidden' }] });
    expect((await rpc('tools/call', { name: 'step', arguments: { raw_response: '' } })).error).toMatchObject({ code: -32602, message: expect.stringMatching(/episode_id is required/) });
    expect((await rpc('tools/call', { name: 'reset', arguments: 5 })).error.code).toBe(-32602);
  });

  it('lists reset, step and list_levels with JSON Schemas', async () => {
    const { result } = await rpc('tools/list', undefined, 'a');
    expect(result.tools.map((t: { name: string }) => t.name)).toEqual(['reset', 'step', 'list_levels']);
    for (const tool of result.tools) expect(Object.keys(tool)).toEqual(['name', 'description', 'inputSchema']);
    expect(result.tools[1].inputSchema.properties).toHaveProperty('raw_response');
  });

  it('plays a stateless episode with tokens, in FastMCP’s CallToolResult shape', async () => {
    const reset = await rpc('tools/call', { name: 'reset', arguments: {} });
    expect(Object.keys(reset.result)).toEqual(['content', 'structured_content', 'meta', 'data', 'is_error']);
    const token = reset.result.data.observation.episode_id;
    expect(JSON.parse(reset.result.content[0].text)).toEqual(reset.result.data);
    const step = await rpc('tools/call', { name: 'step', arguments: { episode_id: token, raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } });
    expect(step.result.data).toMatchObject({ done: true, observation: { curriculum_level: 'L1_warmup' } });
    expect((await rpc('tools/call', { name: 'step', arguments: { episode_id: token } })).error.code).toBe(-32602);
    const levels = await rpc('tools/call', { name: 'list_levels' });
    expect(levels.result.data.levels.map((l: { name: string }) => l.name)).toEqual(['L1_warmup', 'L2_target', 'L3_stretch', 'L4_stress']);
  });

  it('holds persistent sessions with openenv/session/create|close, counted against capacity', async () => {
    const created = await rpc('openenv/session/create');
    const sessionId = created.result.session_id;
    expect(await rpc('openenv/session/create')).toMatchObject({
      error: { code: -32000, message: 'Server at capacity: 1/1 sessions active. Cannot accept new connections.', data: { active_sessions: 1, max_sessions: 1 } },
    });
    await rpc('tools/call', { name: 'reset', arguments: {}, session_id: sessionId });
    const step = await rpc('tools/call', { name: 'step', arguments: { raw_response: 'X_ERRORS=[]' }, session_id: sessionId });
    expect(step.result.data.done).toBe(true);
    expect((await rpc('tools/call', { name: 'list_levels', session_id: 'nope' })).error).toMatchObject({ code: -32602, message: 'Unknown session_id: nope' });
    // As upstream: the session is looked up before the method, and a falsy session_id means none.
    expect((await rpc('resources/list', { session_id: 'nope' })).error).toMatchObject({ code: -32602, message: 'Unknown session_id: nope' });
    expect((await rpc('tools/call', { name: 'list_levels', session_id: '' })).result).toMatchObject({ is_error: false });
    expect((await rpc('openenv/session/close', {})).error.code).toBe(-32602);
    expect(await rpc('openenv/session/close', { session_id: sessionId })).toMatchObject({ result: { session_id: sessionId, closed: true } });
    expect((await rpc('openenv/session/close', { session_id: sessionId })).error.message).toBe(`Unknown session_id: ${sessionId}`);
    expect(server.runtime.mcpRegistry.active).toBe(0);
  });
});

describe('stdio MCP', () => {
  it('initializes, lists tools and plays an episode on one session', async () => {
    const host = createQubitMedicHost({ physics: testPhysics() });
    const runtime = createRuntime({ config: testConfig(), environments: [host] });
    const input = new PassThrough();
    const output = new PassThrough();
    const done = runStdioMcp({ host, session: runtime.openSession(host), policy: agentPolicy(runtime.config), input, output });
    const lines = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 't', version: '1' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'reset', arguments: {} } },
      { jsonrpc: '2.0', id: 4, method: 'tools/call', params: { name: 'step', arguments: { raw_response: 'X_ERRORS=[] Z_ERRORS=[]' } } },
      { jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'step', arguments: {} } },
      { jsonrpc: '2.0', id: 6, method: 'ping' },
    ];
    input.end(`${lines.map((line) => JSON.stringify(line)).join('\n')}\nnot json\n`);
    await done;
    const replies = output.read().toString().trim().split('\n').map((line: string) => JSON.parse(line));
    expect(replies.map((r: { id: unknown }) => r.id)).toEqual([1, 2, 3, 4, 5, 6, null]);
    expect(replies[0].result).toMatchObject({ protocolVersion: '2025-03-26', capabilities: { tools: {} }, serverInfo: { name: 'verilab-qubit-medic' } });
    expect(replies[1].result.tools).toHaveLength(3);
    expect(replies[3].result).toMatchObject({ isError: false, structuredContent: { done: true } });
    expect(replies[4].result).toMatchObject({ isError: true, content: [{ type: 'text', text: expect.stringMatching(/is finished/) }] });
    expect(replies[5].result).toEqual({});
    expect(replies[6].error.code).toBe(-32700);
  });
});
