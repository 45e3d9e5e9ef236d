import { err, firstIssue, ok, type Result } from '@verilab/core';
import { whenReady, type Awaitable } from '../awaitable.ts';
import type { HostedEnvironment } from '../hosted-environment.ts';
import type { AnySession, ServerRuntime } from '../server-runtime.ts';
import { quotedValue } from '../wire/bounded-echo.ts';
import { JSON_RPC, failure, readRequest, success, type JsonRpcId, type JsonRpcResponse } from './json-rpc.ts';
import { agentPolicy, callTool, listTools, type ToolCallOutcome } from './tool-catalog.ts';

/**
 * OpenEnv's MCP methods (docs/wire-contract.md#mcp), shared by `POST /mcp`, the WebSocket `/mcp` endpoint
 * and the `/ws` "mcp" envelope: `tools/list`, `tools/call`, `openenv/session/create|close`.
 * Over a socket every tool runs on the connection's own session (upstream ignores
 * `session_id` there); over HTTP on the MCP session named by `session_id`, else on the
 * stateless HTTP session. Tool results use FastMCP's `CallToolResult` field names, which
 * OpenEnv's `MCPToolClient` reads (`data`).
 *
 * Each transport parses its frames itself and hands over JSON objects only: what to say about
 * anything else differs between them.
 */
export interface McpScope {
  readonly host: HostedEnvironment;
  readonly runtime: ServerRuntime;
  /** Present over a WebSocket: the connection's own session. */
  readonly connection?: { readonly id: string; readonly session: AnySession };
}

export function handleMcpMessage(message: Readonly<Record<string, unknown>>, scope: McpScope): Awaitable<JsonRpcResponse> {
  const read = readRequest(message);
  if (!read.ok) return firstIssue(read);
  const { method, params, id } = read.value;
  if (method === 'openenv/session/create') return createSession(id, scope);
  if (method === 'openenv/session/close') return closeSession(id, params, scope);
  // Upstream picks the environment before it looks at the method: an unknown session_id fails any of them.
  const session = sessionFor(params, scope);
  if (!session.ok) return failure(id, JSON_RPC.INVALID_PARAMS, firstIssue(session).message);
  switch (method) {
    case 'tools/list':
      return success(id, { tools: listTools(scope.host, agentPolicy(scope.runtime.config)) });
    case 'tools/call':
      return callToolMethod(id, params, scope, session.value);
    default:
      return failure(id, JSON_RPC.METHOD_NOT_FOUND, `Method not found: ${method}`);
  }
}

/** The connection's session over a socket; else the HTTP MCP session named by `session_id`, else the stateless one. */
function sessionFor(params: Record<string, unknown>, scope: McpScope): Result<AnySession> {
  if (scope.connection !== undefined) return ok(scope.connection.session);
  if (!pythonTruthy(params.session_id)) return ok(scope.runtime.httpSession(scope.host));
  const sessionId = sessionIdOf(params);
  const held = heldHttpMcpSession(scope.runtime, scope.host, sessionId);
  return held === undefined ? err([{ code: 'unknown-session', path: ['session_id'], message: `Unknown session_id: ${quotedValue(sessionId)}` }]) : ok(held);
}

function callToolMethod(id: JsonRpcId, params: Record<string, unknown>, scope: McpScope, session: AnySession): Awaitable<JsonRpcResponse> {
  const name = params.name;
  if (typeof name !== 'string' || name === '') return failure(id, JSON_RPC.INVALID_PARAMS, "Missing 'name' in params");
  return whenReady(callTool(scope.host, session, name, params.arguments ?? {}, agentPolicy(scope.runtime.config)), (outcome) => toolCallResponse(id, outcome));
}

function toolCallResponse(id: JsonRpcId, outcome: ToolCallOutcome): JsonRpcResponse {
  if (outcome.ok) {
    return success(id, {
      content: [{ type: 'text', text: JSON.stringify(outcome.value), annotations: null, meta: null }],
      structured_content: outcome.value,
      meta: null,
      data: outcome.value,
      is_error: false,
    });
  }
  const failed = firstIssue(outcome);
  // Only what the server could not do now is its own error; every client mistake is -32602, naming what is wrong.
  if (failed.kind === 'failed') return failure(id, JSON_RPC.INTERNAL_ERROR, failed.message);
  return failure(id, JSON_RPC.INVALID_PARAMS, failed.message, failed.kind === 'invalid' ? failed.data : null);
}

function createSession(id: JsonRpcId, scope: McpScope): JsonRpcResponse {
  if (scope.connection !== undefined) return success(id, { session_id: scope.connection.id });
  const opened = openHttpMcpSession(scope.runtime, scope.host);
  if (opened.ok) return success(id, { session_id: opened.value });
  const refused = firstIssue(opened);
  return failure(id, JSON_RPC.SERVER_ERROR, refused.message, refused.data);
}

/** Why no session was opened, and the JSON-RPC error's `data`. */
interface SessionRefusal {
  readonly message: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * A new HTTP MCP session on its own environment instance, holding a slot of `mcpRegistry`
 * (whose sweep ends it when idle): `openenv/session/create`, or a standard MCP `initialize`.
 */
export function openHttpMcpSession(runtime: ServerRuntime, host: HostedEnvironment): Result<string, SessionRefusal> {
  const slot = runtime.mcpRegistry.acquire(() => {
    runtime.mcpSessions.get(sessionId)?.session.end();
    runtime.mcpSessions.delete(sessionId);
  });
  if (!slot.ok) return err([{ message: slot.message, data: { active_sessions: slot.active, max_sessions: slot.max } }]);
  const sessionId = slot.id;
  let session: AnySession;
  try {
    session = runtime.openSession(host);
  } catch {
    runtime.mcpRegistry.release(sessionId);
    return err([{ message: factoryFailureMessage(host), data: { factory_name: host.name } }]);
  }
  runtime.mcpSessions.set(sessionId, { host: host.name, session });
  return ok(sessionId);
}

/** The HTTP MCP session `sessionId` of this environment, marked as used; undefined if there is none. */
export function heldHttpMcpSession(runtime: ServerRuntime, host: HostedEnvironment, sessionId: string): AnySession | undefined {
  const held = runtime.mcpSessions.get(sessionId);
  if (held === undefined || held.host !== host.name) return undefined;
  runtime.mcpRegistry.touch(sessionId);
  return held.session;
}

/** Ends an HTTP MCP session of this environment; false if there is none. */
export function closeHttpMcpSession(runtime: ServerRuntime, host: HostedEnvironment, sessionId: string): boolean {
  const held = runtime.mcpSessions.get(sessionId);
  if (held === undefined || held.host !== host.name) return false;
  held.session.end();
  runtime.mcpSessions.delete(sessionId);
  runtime.mcpRegistry.release(sessionId);
  return true;
}

function closeSession(id: JsonRpcId, params: Record<string, unknown>, scope: McpScope): JsonRpcResponse {
  if (!pythonTruthy(params.session_id)) return failure(id, JSON_RPC.INVALID_PARAMS, "Invalid params - 'session_id' is required");
  const sessionId = sessionIdOf(params);
  if (sessionId === scope.connection?.id) {
    return failure(id, JSON_RPC.INVALID_REQUEST, 'Cannot close active WebSocket-managed session via MCP method');
  }
  if (!closeHttpMcpSession(scope.runtime, scope.host, sessionId)) return failure(id, JSON_RPC.INVALID_PARAMS, `Unknown session_id: ${quotedValue(sessionId)}`);
  return success(id, { session_id: sessionId, closed: true });
}

/** OpenEnv's `EnvironmentFactoryError` text. */
export function factoryFailureMessage(host: HostedEnvironment): string {
  return `Environment factory '${host.name}' failed to create instance.`;
}

/** Session ids are strings; any other value is looked up as its JSON text (and names no session). */
function sessionIdOf(params: Record<string, unknown>): string {
  return typeof params.session_id === 'string' ? params.session_id : JSON.stringify(params.session_id);
}

/** Upstream tests `session_id` with Python truthiness: null, "", 0, false, [] and {} mean "none". */
function pythonTruthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return typeof value !== 'object' || Object.keys(value).length > 0;
}
