import { firstIssue } from '@verilab/core';
import { whenReady, type Awaitable } from '../awaitable.ts';
import type { HostedEnvironment } from '../hosted-environment.ts';
import { SERVER_VERSION } from '../http/versions.ts';
import type { AnySession } from '../server-runtime.ts';
import { isPlainObject } from '../wire/json-body.ts';
import { JSON_RPC, failure, success, type JsonRpcId, type JsonRpcRequest, type JsonRpcResponse } from './json-rpc.ts';
import { callTool, listTools, type AgentPolicy, type ToolCallOutcome } from './tool-catalog.ts';

/**
 * The Model Context Protocol's own methods (spec 2025-06-18, "Lifecycle" and "Tools"), one
 * dispatch for both of its transports here: stdio (`verilab mcp`) and Streamable HTTP (`/mcp`
 * with an `Mcp-Session-Id`). Every request runs on one stateful session, so an agent resets and
 * steps without quoting episode ids. Unlike OpenEnv's methods, a tool that fails, including on
 * bad arguments, answers with a result flagged `isError` (the spec: errors the model can correct
 * belong in the result it reads); only an unknown tool or a missing name is a -32602 error.
 */
export const MCP_PROTOCOL_VERSIONS = ['2025-06-18', '2025-03-26', '2024-11-05'] as const;

export interface StandardMcpScope {
  readonly host: HostedEnvironment;
  readonly session: AnySession;
  readonly policy: AgentPolicy;
}

/** The protocol version answered to `initialize`: the client's if supported, else the latest (the client then decides). */
function negotiatedVersion(asked: unknown): string {
  return MCP_PROTOCOL_VERSIONS.find((version) => version === asked) ?? MCP_PROTOCOL_VERSIONS[0];
}

export function initializeResult(host: HostedEnvironment, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    protocolVersion: negotiatedVersion(params.protocolVersion),
    capabilities: { tools: { listChanged: false } },
    serverInfo: { name: `verilab-${host.name}`, version: SERVER_VERSION },
    instructions: `Tools of the ${host.name} environment: reset starts an episode, step answers it (the session remembers the episode).`,
  };
}

/** Answers a request of an initialized session (`initialize` itself is the transport's: it opens the session). */
export function answerStandardMcp(request: JsonRpcRequest, { host, session, policy }: StandardMcpScope): Awaitable<JsonRpcResponse> {
  const { id, method, params } = request;
  switch (method) {
    case 'ping':
      return success(id, {});
    case 'tools/list':
      return success(id, { tools: listTools(host, policy) });
    case 'tools/call': {
      if (typeof params.name !== 'string' || params.name === '') return failure(id, JSON_RPC.INVALID_PARAMS, "Missing 'name' in params");
      return whenReady(callTool(host, session, params.name, params.arguments ?? {}, policy), (outcome) => toolCallResponse(id, outcome));
    }
    default:
      return failure(id, JSON_RPC.METHOD_NOT_FOUND, `Method not found: ${method}`);
  }
}

function toolCallResponse(id: JsonRpcId, outcome: ToolCallOutcome): JsonRpcResponse {
  if (outcome.ok) {
    const text = { type: 'text', text: JSON.stringify(outcome.value) };
    // structuredContent is a JSON object by the spec; a list (say) is only the text.
    return success(id, isPlainObject(outcome.value) ? { content: [text], structuredContent: outcome.value, isError: false } : { content: [text], isError: false });
  }
  const failed = firstIssue(outcome);
  if (failed.kind === 'unknown') return failure(id, JSON_RPC.INVALID_PARAMS, failed.message);
  return success(id, { content: [{ type: 'text', text: failed.message }], isError: true });
}
