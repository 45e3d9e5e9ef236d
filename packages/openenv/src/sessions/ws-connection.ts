import type { SessionFailure } from '../episodes/episode-session.ts';
import type { HostedEnvironment } from '../hosted-environment.ts';
import { handleMcpMessage } from '../mcp/openenv-mcp.ts';
import type { AnySession, ServerRuntime } from '../server-runtime.ts';
import { isPlainObject, parseJson } from '../wire/json-body.ts';
import { WS_ENVELOPES, type WsMessageType } from '../wire/openenv-models.ts';
import { toPydanticErrors } from '../wire/pydantic-errors.ts';

/**
 * OpenEnv's `/ws` protocol for one connection (openenv.md §2), independent of the socket
 * library: text frame in, at most one text frame out, and whether to close. Per-message errors
 * (INVALID_JSON, UNKNOWN_TYPE, VALIDATION_ERROR, EXECUTION_ERROR) keep the connection open;
 * SESSION_ERROR (a binary frame, a JSON value that is not an object) is sent once, then the
 * socket closes. `close` closes without a reply.
 */
export type WsErrorCode =
  | 'INVALID_JSON'
  | 'UNKNOWN_TYPE'
  | 'VALIDATION_ERROR'
  | 'EXECUTION_ERROR'
  | 'CAPACITY_REACHED'
  | 'FACTORY_ERROR'
  | 'SESSION_ERROR';

export interface FrameResult {
  readonly reply?: string;
  readonly close: boolean;
}

export function errorFrame(code: WsErrorCode, message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ type: 'error', data: { message, code, ...extra } });
}

export class WsConnection {
  private readonly host: HostedEnvironment;
  private readonly runtime: ServerRuntime;
  private readonly id: string;
  private readonly session: AnySession;

  constructor(host: HostedEnvironment, runtime: ServerRuntime, id: string, session: AnySession) {
    this.host = host;
    this.runtime = runtime;
    this.id = id;
    this.session = session;
  }

  onBinary(): FrameResult {
    return { reply: errorFrame('SESSION_ERROR', 'binary frames are not supported: send JSON text frames'), close: true };
  }

  onText(text: string): FrameResult {
    const parsed = parseJson(text);
    if (!parsed.ok) return open(errorFrame('INVALID_JSON', `Invalid JSON: ${parsed.error}`));
    const message = parsed.value;
    if (!isPlainObject(message)) {
      // Upstream calls message.get("type") and fails at the connection level.
      return { reply: errorFrame('SESSION_ERROR', `'${pythonTypeName(message)}' object has no attribute 'get'`), close: true };
    }
    const type = message.type ?? '';
    if (typeof type !== 'string' || !Object.hasOwn(WS_ENVELOPES, type)) {
      return open(errorFrame('UNKNOWN_TYPE', `Unknown message type: ${pythonStr(type)}`));
    }
    const envelope = WS_ENVELOPES[type as WsMessageType].safeParse(message, { reportInput: true });
    if (!envelope.success) {
      return open(errorFrame('VALIDATION_ERROR', 'Invalid message', { errors: toPydanticErrors(envelope.error.issues, message, { withUrl: true }) }));
    }
    const data = (envelope.data as { data?: Record<string, unknown> }).data ?? {};
    switch (type as WsMessageType) {
      case 'reset':
        return this.observe(this.session.reset(data, ['data']));
      case 'step':
        return this.observe(this.session.step(data));
      case 'state':
        return open(JSON.stringify({ type: 'state', data: this.session.state() }));
      case 'close':
        return { close: true };
      case 'mcp': {
        const response = handleMcpMessage(data, { host: this.host, runtime: this.runtime, connection: { id: this.id, session: this.session } });
        return open(JSON.stringify({ type: 'mcp', data: response }));
      }
    }
  }

  private observe(result: ReturnType<AnySession['step']>): FrameResult {
    return open(result.ok ? JSON.stringify({ type: 'observation', data: result.value }) : failureFrame(result.failure));
  }
}

function open(reply: string): FrameResult {
  return { reply, close: false };
}

function failureFrame(failure: SessionFailure): string {
  return failure.kind === 'validation'
    ? errorFrame('VALIDATION_ERROR', 'Invalid message', { errors: failure.errors })
    : errorFrame('EXECUTION_ERROR', failure.message);
}

function pythonTypeName(value: unknown): string {
  if (value === null) return 'NoneType';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  return Number.isInteger(value) ? 'int' : 'float';
}

function pythonStr(value: unknown): string {
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
