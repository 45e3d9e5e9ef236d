import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import type { HostedEnvironment } from '../hosted-environment.ts';
import { runStdioMcp } from '../mcp/stdio-mcp.ts';
import { agentPolicy } from '../mcp/tool-catalog.ts';
import type { ServerRuntime } from '../server-runtime.ts';
import { httpClient } from './http-client.ts';
import { connectSdkHttp } from './mcp-sdk-client.ts';
import { connectWs } from './ws-client.ts';

/**
 * Test support: one call shape, `rpc(method, params)` → `{ result }` or `{ error }`, over each MCP
 * transport an agent can use: OpenEnv's methods (POST /mcp, WebSocket /mcp) and standard MCP
 * (stdio as `verilab mcp` runs it, Streamable HTTP through the MCP SDK client). Whatever a
 * connection opens is closed by the `closers` the caller runs after its tests.
 */
export type McpReply = { result?: any; error?: { code: number; message: string; data?: unknown } }; // eslint-disable-line @typescript-eslint/no-explicit-any
export type McpRpc = (method: string, params?: Record<string, unknown>) => Promise<McpReply>;
export type Closers = (() => unknown)[];

const request = (id: number, method: string, params: Record<string, unknown> | undefined) => ({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });

/** OpenEnv's sessionless JSON-RPC on POST `<url>/mcp` (a call names a session with `session_id`). */
export function httpMcp(url: string): McpRpc {
  const api = httpClient(url);
  return async (method, params) => (await api.post('/mcp', request(1, method, params))).json as McpReply;
}

/** OpenEnv's JSON-RPC on POST `<url>/mcp` in a session of its own (openenv/session/create), which every call names. */
export async function httpSessionMcp(url: string): Promise<McpRpc> {
  const rpc = httpMcp(url);
  const { session_id } = (await rpc('openenv/session/create')).result as { session_id: string };
  return (method, params) => rpc(method, { ...params, session_id });
}

/** OpenEnv's WebSocket `/mcp` (`url` is its ws:// address): one session per connection. */
export async function socketMcp(url: string, closers: Closers): Promise<McpRpc> {
  const client = await connectWs(url);
  closers.push(() => client.close());
  let id = 0;
  return async (method, params) => (await client.request(request(++id, method, params))) as McpReply;
}

/** MCP Streamable HTTP on `<url>/mcp` through the official SDK client: one session per client. */
export async function sdkMcp(url: string, closers: Closers): Promise<McpRpc> {
  const sdk = await connectSdkHttp(url);
  closers.push(sdk.close);
  return sdk.rpc;
}

/** `verilab mcp`'s stdio server on a new session of `host` in `runtime` (so a test can share a server's curricula with it). */
export function stdioMcp(runtime: ServerRuntime, host: HostedEnvironment, closers: Closers): McpRpc {
  const input = new PassThrough();
  const output = new PassThrough();
  void runStdioMcp({ host, session: runtime.openSession(host), policy: agentPolicy(runtime.config), input, output });
  closers.push(() => input.end());
  const lines = createInterface({ input: output })[Symbol.asyncIterator]();
  let id = 0;
  return async (method, params) => {
    input.write(`${JSON.stringify(request(++id, method, params))}\n`);
    return JSON.parse((await lines.next()).value as string) as McpReply;
  };
}

/** A successful tool call's value: `data` in OpenEnv's methods, `structuredContent` in standard MCP. */
export const toolData = (reply: McpReply) => reply.result?.data ?? reply.result?.structuredContent;

/**
 * A refused tool call: OpenEnv's methods answer a JSON-RPC error, standard MCP (stdio, Streamable
 * HTTP) a result flagged isError whose text is the message.
 */
export function toolRefusal(reply: McpReply): { code: number | 'isError'; message: string } | undefined {
  if (reply.error !== undefined) return { code: reply.error.code, message: reply.error.message };
  return reply.result?.isError === true ? { code: 'isError', message: reply.result.content[0].text as string } : undefined;
}
