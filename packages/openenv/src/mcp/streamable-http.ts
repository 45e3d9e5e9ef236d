import { firstIssue } from '@verilab/core';
import type { HostedEnvironment } from '../hosted-environment.ts';
import { json } from '../http/http-replies.ts';
import { readJsonBody } from '../http/request-body.ts';
import type { ServerRuntime } from '../server-runtime.ts';
import { isPlainObject } from '../wire/json-body.ts';
import { JSON_RPC, PARSE_ERROR_RESPONSE, failure, readRequest, success } from './json-rpc.ts';
import { closeHttpMcpSession, handleMcpMessage, heldHttpMcpSession, openHttpMcpSession } from './openenv-mcp.ts';
import { MCP_PROTOCOL_VERSIONS, answerStandardMcp, initializeResult } from './standard-mcp.ts';
import { agentPolicy } from './tool-catalog.ts';

/**
 * `/mcp` over HTTP: MCP's Streamable HTTP transport (spec 2025-06-18, "Transports") and
 * OpenEnv's JSON-RPC methods on the same path. A POST with an `Mcp-Session-Id` header, or an
 * `initialize` request, is standard MCP: `initialize` opens a session (a slot of the HTTP MCP
 * pool, swept when idle, like `openenv/session/create`) and names it in the `Mcp-Session-Id`
 * reply header; later requests quote it, are answered with one JSON body (the spec lets a
 * server skip SSE), notifications with 202; DELETE ends the session. There is no
 * server-initiated stream: GET is 405, as the spec allows. Anything else is OpenEnv's
 * sessionless JSON-RPC, exactly as before (every reply HTTP 200).
 */
const SESSION_HEADER = 'mcp-session-id';
const VERSION_HEADER = 'mcp-protocol-version';

export interface McpHttpScope {
  readonly host: HostedEnvironment;
  readonly runtime: ServerRuntime;
}

export async function mcpPost(request: Request, scope: McpHttpScope): Promise<Response> {
  const { host, runtime } = scope;
  const sessionId = request.headers.get(SESSION_HEADER);
  // The route caps the body first (request-body.ts), so a body here is at most the limit.
  const body = await readJsonBody(request, true);
  const message = body.ok && isPlainObject(body.value) ? body.value : undefined;
  if (sessionId === null) {
    if (message?.method === 'initialize' && 'id' in message) return initialize(message, scope);
    // Upstream answers anything but a JSON object with "Parse error" (its `JsonRpcRequest(**body)` fails).
    return json(message === undefined ? PARSE_ERROR_RESPONSE : await handleMcpMessage(message, { host, runtime }));
  }
  const versionRefused = refuseVersion(request);
  if (versionRefused !== undefined) return versionRefused;
  const session = heldHttpMcpSession(runtime, host, sessionId);
  if (session === undefined) return unknownSession(sessionId);
  if (!body.ok) return json(PARSE_ERROR_RESPONSE, 400);
  if (message === undefined) {
    return json(failure(null, JSON_RPC.INVALID_REQUEST, 'Invalid request: send one JSON-RPC message per POST (MCP 2025-06-18 has no batches)'), 400);
  }
  // A notification (notifications/initialized, notifications/cancelled): nothing to answer. The
  // server sends no requests, so a client has no responses to post.
  if (!('id' in message)) return new Response(null, { status: 202 });
  const read = readRequest(message);
  if (!read.ok) return json(firstIssue(read), 400);
  if (read.value.method === 'initialize') {
    return json(failure(read.value.id, JSON_RPC.INVALID_REQUEST, 'Invalid request: this session is initialized already (send initialize without Mcp-Session-Id to open another)'), 400);
  }
  return json(await answerStandardMcp(read.value, { host, session, policy: agentPolicy(runtime.config) }));
}

export function mcpDelete(request: Request, { host, runtime }: McpHttpScope): Response {
  const sessionId = request.headers.get(SESSION_HEADER);
  if (sessionId === null) return json(failure(null, JSON_RPC.INVALID_REQUEST, 'Invalid request: DELETE /mcp needs the Mcp-Session-Id header of the session to end'), 400);
  if (!closeHttpMcpSession(runtime, host, sessionId)) return unknownSession(sessionId);
  return new Response(null, { status: 204 });
}

function initialize(message: Readonly<Record<string, unknown>>, { host, runtime }: McpHttpScope): Response {
  const read = readRequest(message);
  if (!read.ok) return json(firstIssue(read), 400);
  const opened = openHttpMcpSession(runtime, host);
  // A full pool is a JSON-RPC error, as `openenv/session/create` answers it (the SDK client raises it as an McpError).
  if (!opened.ok) {
    const refused = firstIssue(opened);
    return json(failure(read.value.id, JSON_RPC.SERVER_ERROR, refused.message, refused.data));
  }
  return json(success(read.value.id, initializeResult(host, read.value.params)), 200, { [SESSION_HEADER]: opened.value });
}

/** The spec: a session the server does not hold (ended, swept, never opened) is 404, so the client initializes anew. */
function unknownSession(sessionId: string): Response {
  return json(failure(null, JSON_RPC.SESSION_NOT_FOUND, `Session not found: ${sessionId.slice(0, 100)} (ended or idle too long; initialize a new one)`), 404);
}

/** A protocol version the server does not speak is 400; without the header the spec says to assume 2025-03-26. */
function refuseVersion(request: Request): Response | undefined {
  const version = request.headers.get(VERSION_HEADER);
  if (version === null || (MCP_PROTOCOL_VERSIONS as readonly string[]).includes(version)) return undefined;
  const message = `Bad Request: unsupported MCP-Protocol-Version ${version.slice(0, 40)} (supported: ${MCP_PROTOCOL_VERSIONS.join(', ')})`;
  return json(failure(null, JSON_RPC.INVALID_REQUEST, message), 400);
}
