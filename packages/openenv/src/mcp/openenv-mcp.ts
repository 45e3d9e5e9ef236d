import type { HostedEnvironment } from '../hosted-environment.ts';
import type { AnySession, ServerRuntime } from '../server-runtime.ts';
import { JSON_RPC, failure, readRequest, success, type JsonRpcId, type JsonRpcResponse } from './json-rpc.ts';
import { callTool, listTools } from './tool-catalog.ts';

/**
 * OpenEnv's MCP methods (openenv.md §3), shared by `POST /mcp` and the WebSocket "mcp"
 * envelope: `tools/list`, `tools/call` (on the connection's session, an HTTP MCP session named
 * by `session_id`, or else the stateless HTTP session), `openenv/session/create|close`.
 * Tool results use FastMCP's `CallToolResult` field names, which OpenEnv's `MCPToolClient`
 * reads (`data`).
 */
export interface McpScope {
  readonly host: HostedEnvironment;
  readonly runtime: ServerRuntime;
  /** Present over a WebSocket: the connection's own session. */
  readonly connection?: { readonly id: string; readonly session: AnySession };
}

export function handleMcpMessage(message: unknown, scope: McpScope): JsonRpcResponse {
  const read = readRequest(message);
  if (!read.ok) return read.response;
  const { method, params, id } = read.request;
  switch (method) {
    case 'tools/list':
      return success(id, { tools: listTools(scope.host) });
    case 'tools/call':
      return callToolMethod(id, params, scope);
    case 'openenv/session/create':
      return createSession(id, scope);
    case 'openenv/session/close':
      return closeSession(id, params, scope);
    default:
      return failure(id, JSON_RPC.METHOD_NOT_FOUND, `Method not found: ${method}`);
  }
}

function callToolMethod(id: JsonRpcId, params: Record<string, unknown>, scope: McpScope): JsonRpcResponse {
  const name = params.name;
  if (typeof name !== 'string' || name === '') return failure(id, JSON_RPC.INVALID_PARAMS, "Missing 'name' in params");
  let session = scope.connection?.session;
  const sessionId = params.session_id;
  if (sessionId !== undefined && sessionId !== null && sessionId !== scope.connection?.id) {
    const held = scope.runtime.mcpSessions.get(String(sessionId));
    if (held === undefined || held.host !== scope.host.name) return failure(id, JSON_RPC.INVALID_PARAMS, `Unknown session_id: ${String(sessionId)}`);
    scope.runtime.registry.touch(String(sessionId));
    session = held.session;
  }
  const outcome = callTool(scope.host, session ?? scope.runtime.httpSession(scope.host), name, params.arguments ?? {});
  if (outcome.ok) {
    return success(id, {
      content: [{ type: 'text', text: JSON.stringify(outcome.value), annotations: null, meta: null }],
      structured_content: outcome.value,
      meta: null,
      data: outcome.value,
      is_error: false,
    });
  }
  return outcome.kind === 'invalid'
    ? failure(id, JSON_RPC.INVALID_PARAMS, outcome.message, outcome.data)
    : failure(id, JSON_RPC.INTERNAL_ERROR, outcome.message);
}

function createSession(id: JsonRpcId, scope: McpScope): JsonRpcResponse {
  if (scope.connection !== undefined) return success(id, { session_id: scope.connection.id });
  const { runtime, host } = scope;
  const slot = runtime.registry.acquire(() => runtime.mcpSessions.delete(sessionId));
  if (!slot.ok) {
    return failure(id, JSON_RPC.SERVER_ERROR, slot.message, { active_sessions: slot.active, max_sessions: slot.max });
  }
  const sessionId = slot.id;
  runtime.mcpSessions.set(sessionId, { host: host.name, session: runtime.openSession(host) });
  return success(id, { session_id: sessionId });
}

function closeSession(id: JsonRpcId, params: Record<string, unknown>, scope: McpScope): JsonRpcResponse {
  const target = params.session_id;
  if (target === undefined || target === null || target === '') {
    return failure(id, JSON_RPC.INVALID_PARAMS, "Invalid params - 'session_id' is required");
  }
  const sessionId = String(target);
  if (sessionId === scope.connection?.id) {
    return failure(id, JSON_RPC.INVALID_REQUEST, 'Cannot close active WebSocket-managed session via MCP method');
  }
  const held = scope.runtime.mcpSessions.get(sessionId);
  if (held === undefined || held.host !== scope.host.name) return failure(id, JSON_RPC.INVALID_PARAMS, `Unknown session_id: ${sessionId}`);
  scope.runtime.mcpSessions.delete(sessionId);
  scope.runtime.registry.release(sessionId);
  return success(id, { session_id: sessionId, closed: true });
}
