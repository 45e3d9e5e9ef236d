import { firstIssue } from '@verilab/core';
import { whenReady, type Awaitable } from '../awaitable.ts';
import type { SessionFailure } from '../episodes/episode-session.ts';
import { factoryFailureMessage, handleMcpMessage } from '../mcp/openenv-mcp.ts';
import type { AnySession } from '../server-runtime.ts';
import { MAX_MESSAGE_CHARS, quotedValue, shortText } from '../wire/bounded-echo.ts';
import { isPlainObject, jsonFailureText, jsonTypeName, parseJson } from '../wire/json-body.ts';
import { WS_ENVELOPES, type WsMessageType } from '../wire/openenv-models.ts';
import { validateModel } from '../wire/pydantic-validate.ts';
import { open, type ConnectionScope, type FrameResult, type SocketConnection, type SocketProtocol } from './socket-protocol.ts';

/**
 * OpenEnv's `/ws` protocol for one connection (docs/wire-contract.md#ws), independent of the socket
 * library: text frame in, at most one text frame out, and whether to close. Per-message errors
 * (INVALID_JSON, UNKNOWN_TYPE, VALIDATION_ERROR, EXECUTION_ERROR) keep the connection open;
 * SESSION_ERROR (a binary frame, a JSON value that is not an object) is sent once, then the
 * socket closes, as do CAPACITY_REACHED and FACTORY_ERROR right after accept. `close` closes
 * without a reply.
 */
export type WsErrorCode =
  | 'INVALID_JSON'
  | 'UNKNOWN_TYPE'
  | 'VALIDATION_ERROR'
  | 'EXECUTION_ERROR'
  | 'CAPACITY_REACHED'
  | 'FACTORY_ERROR'
  | 'SESSION_ERROR';

export function errorFrame(code: WsErrorCode, message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'error', data: { message: shortText(message, MAX_MESSAGE_CHARS), code, ...extra } });
}

export const WS_PROTOCOL: SocketProtocol = {
  path: '/ws',
  capacityFrame: (refused) => errorFrame('CAPACITY_REACHED', refused.message, { active_sessions: refused.active, max_sessions: refused.max }),
  factoryFrame: (host) => errorFrame('FACTORY_ERROR', factoryFailureMessage(host), { factory_name: host.name }),
  internalErrorFrame: () => errorFrame('EXECUTION_ERROR', 'internal error'),
  connect: (scope) => new WsConnection(scope),
};

class WsConnection implements SocketConnection {
  private readonly scope: ConnectionScope;

  constructor(scope: ConnectionScope) {
    this.scope = scope;
  }

  onBinary(): FrameResult {
    return { reply: errorFrame('SESSION_ERROR', 'binary frames are not supported: send JSON text frames'), close: true };
  }

  onText(text: string): Awaitable<FrameResult> {
    const parsed = parseJson(text);
    if (!parsed.ok) return open(errorFrame('INVALID_JSON', `Invalid JSON: ${jsonFailureText(firstIssue(parsed))}`));
    const message = parsed.value;
    if (!isPlainObject(message)) {
      // Upstream calls message.get("type") and fails at the connection level.
      return { reply: errorFrame('SESSION_ERROR', `A /ws message must be a JSON object with a "type", got ${jsonTypeName(message)}`), close: true };
    }
    const type = message.type ?? '';
    if (typeof type !== 'string' || !Object.hasOwn(WS_ENVELOPES, type)) {
      return open(errorFrame('UNKNOWN_TYPE', `Unknown message type: ${quotedValue(type)} (one of ${Object.keys(WS_ENVELOPES).join(', ')})`));
    }
    const envelope = validateModel(WS_ENVELOPES[type as WsMessageType], message, { withUrl: true });
    if (!envelope.ok) return open(errorFrame('VALIDATION_ERROR', 'Invalid message', { errors: envelope.issues }));
    const data = (envelope.value as { data?: Record<string, unknown> }).data ?? {};
    switch (type as WsMessageType) {
      case 'reset': {
        const reset = () => this.observe(this.scope.session.reset(data, ['data']));
        const settling = this.scope.host.settle?.(data);
        return settling === undefined ? reset() : settling.then(reset);
      }
      case 'step': {
        return whenReady(this.scope.session.stepClaimed(data), (result) => this.observe(result));
      }
      case 'state':
        return open(JSON.stringify({ type: 'state', data: this.scope.session.state() }));
      case 'close':
        return { close: true };
      case 'mcp': {
        const { host, runtime, id, session } = this.scope;
        return whenReady(handleMcpMessage(data, { host, runtime, connection: { id, session } }), (response) => open(JSON.stringify({ type: 'mcp', data: response })));
      }
    }
  }

  private observe(result: ReturnType<AnySession['reset']>): FrameResult {
    return open(result.ok ? JSON.stringify({ type: 'observation', data: result.value }) : failureFrame(firstIssue(result)));
  }
}

function failureFrame(failure: SessionFailure): string {
  return failure.kind === 'validation'
    ? errorFrame('VALIDATION_ERROR', 'Invalid message', { errors: failure.errors })
    : errorFrame('EXECUTION_ERROR', failure.message);
}

