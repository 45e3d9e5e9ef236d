import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createQubitMedicHost } from '../environments/qubit-medic-host.ts';
import { httpClient } from '../testing/http-client.ts';
import { httpMcp, httpSessionMcp, sdkMcp, socketMcp, stdioMcp, toolData, toolRefusal, type Closers, type McpRpc } from '../testing/mcp-transports.ts';
import { startTestServer, testPhysics, type TestServer } from '../testing/test-server.ts';

// A client's mistake is the client's error, never the server's: stepping a finished episode (or
// none, or a spent token) and a tool refusing its input are what HTTP answers with 400, so MCP
// answers -32602 in OpenEnv's methods and an isError result in standard MCP, with the message
// HTTP sends — not -32603, which tells a client the server broke.
let server: TestServer;
const closers: Closers = [];

beforeAll(async () => {
  server = await startTestServer({ environments: [createQubitMedicHost({ physics: testPhysics(), exposeDecoder: true })] });
});
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
  await server.close();
});

const sessions: [string, () => McpRpc | Promise<McpRpc>, number | 'isError'][] = [
  ['POST /mcp, openenv/session/create', () => httpSessionMcp(server.url), -32602],
  ['WebSocket /mcp', () => socketMcp(`${server.wsUrl}/mcp`, closers), -32602],
  ['stdio (verilab mcp)', () => stdioMcp(server.runtime, server.runtime.defaultHost, closers), 'isError'],
  ['MCP SDK client, Streamable HTTP /mcp', () => sdkMcp(server.url, closers), 'isError'],
];

const step = (rpc: McpRpc, args: Record<string, unknown> = {}) => rpc('tools/call', { name: 'step', arguments: { raw_response: 'X_ERRORS=[] Z_ERRORS=[]', ...args } });

describe.each(sessions)('over %s', (_name, open, refusedAs) => {
  it('refuses a step with no episode, or on a finished one, as a client error naming what is wrong', async () => {
    const rpc = await open();
    expect(toolRefusal(await step(rpc))).toEqual({ code: refusedAs, message: 'no episode in progress: call reset first' });
    const episodeId = toolData(await rpc('tools/call', { name: 'reset', arguments: {} })).observation.episode_id as string;
    expect(toolData(await step(rpc)).done).toBe(true);
    const finished = { code: refusedAs, message: `episode ${episodeId} is finished; call reset to start a new one` };
    expect(toolRefusal(await step(rpc))).toEqual(finished);
    expect(toolRefusal(await step(rpc, { episode_id: episodeId }))).toEqual(finished);
    // The session goes on: a reset starts the next episode.
    expect(toolData(await rpc('tools/call', { name: 'reset', arguments: {} })).done).toBe(false);
  });

  it("refuses a tool's bad input as HTTP does (400), with the same message", async () => {
    const rpc = await open();
    const http = await httpClient(server.url).post('/decode', { syndrome: [0, 1] });
    expect(http.status).toBe(400);
    expect(toolRefusal(await rpc('tools/call', { name: 'decode', arguments: { syndrome: [0, 1] } }))).toEqual({ code: refusedAs, message: http.json.detail });
  });
});

describe('POST /mcp without a session', () => {
  it('refuses a step without a token, and a spent token, with the message HTTP sends with its 400', async () => {
    const rpc = httpMcp(server.url);
    expect(toolRefusal(await step(rpc))).toEqual({ code: -32602, message: expect.stringMatching(/^episode_id is required/) });
    const token = toolData(await rpc('tools/call', { name: 'reset', arguments: {} })).observation.episode_id as string;
    expect(toolData(await step(rpc, { episode_id: token })).done).toBe(true);
    const http = await httpClient(server.url).post('/step', { action: { episode_id: token, raw_response: '' } });
    expect(http.status).toBe(400);
    expect(toolRefusal(await step(rpc, { episode_id: token }))).toEqual({ code: -32602, message: http.json.detail });
  });
});
