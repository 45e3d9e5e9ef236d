import { firstIssue } from '@verilab/core';
import { whenReady, type Awaitable } from '../awaitable.ts';
import { JSON_RPC, failure } from '../mcp/json-rpc.ts';
import { factoryFailureMessage, handleMcpMessage } from '../mcp/openenv-mcp.ts';
import { isPlainObject, jsonFailureText, jsonTypeName, parseJson } from '../wire/json-body.ts';
import { open, type ConnectionScope, type FrameResult, type SocketConnection, type SocketProtocol } from './socket-protocol.ts';

/**
 * OpenEnv's WebSocket `/mcp` endpoint (docs/wire-contract.md#mcp; `mcp_websocket_endpoint` in
 * openenv-core's http_server.py): bare JSON-RPC 2.0 messages, no envelope, one environment
 * session per connection (counted against the session cap), every reply written like Python's
 * `json.dumps` (upstream overrides `JsonRpcResponse.model_dump_json` with it), unlike every
 * other endpoint. The methods are POST /mcp's, on the connection's session.
 *
 * Upstream's failure modes, kept: unparsable JSON gets -32700 "Parse error: …" and the socket
 * stays open; a JSON value that is not an object fails `JsonRpcRequest(**value)` outside its
 * handlers, so it gets -32000 with that TypeError's text and the socket closes; a full server
 * or a failing factory gets one -32000 error, then the close. Binary frames are refused the
 * same way (upstream's `receive_text` fails on them).
 */
export const MCP_SOCKET_PROTOCOL: SocketProtocol = {
  path: '/mcp',
  capacityFrame: (refused) => reply(JSON_RPC.SERVER_ERROR, refused.message, { active_sessions: refused.active, max_sessions: refused.max }),
  factoryFrame: (host) => reply(JSON_RPC.SERVER_ERROR, factoryFailureMessage(host), { factory_name: host.name }),
  internalErrorFrame: () => reply(JSON_RPC.INTERNAL_ERROR, 'internal error'),
  connect: (scope) => new McpSocketConnection(scope),
};

class McpSocketConnection implements SocketConnection {
  private readonly scope: ConnectionScope;

  constructor(scope: ConnectionScope) {
    this.scope = scope;
  }

  onBinary(): FrameResult {
    return { reply: reply(JSON_RPC.SERVER_ERROR, 'binary frames are not supported: send JSON-RPC text frames'), close: true };
  }

  onText(text: string): Awaitable<FrameResult> {
    const parsed = parseJson(text);
    if (!parsed.ok) return open(reply(JSON_RPC.PARSE_ERROR, `Parse error: ${jsonFailureText(firstIssue(parsed))}`));
    if (!isPlainObject(parsed.value)) {
      return { reply: reply(JSON_RPC.SERVER_ERROR, `A JSON-RPC message must be a JSON object, got ${jsonTypeName(parsed.value)}`), close: true };
    }
    const { host, runtime, id, session } = this.scope;
    return whenReady(handleMcpMessage(parsed.value, { host, runtime, connection: { id, session } }), (response) => open(JSON.stringify(response)));
  }
}

/** A JSON-RPC error with id null, as every error upstream sends before reading a request. */
function reply(code: number, message: string, data: unknown = null): string {
  return JSON.stringify(failure(null, code, message, data));
}
