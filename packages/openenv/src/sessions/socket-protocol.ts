import type { Awaitable } from '../awaitable.ts';
import type { HostedEnvironment } from '../hosted-environment.ts';
import type { AnySession, ServerRuntime } from '../server-runtime.ts';
import type { Acquired } from './session-registry.ts';

/**
 * A WebSocket endpoint that holds one environment session per connection, independent of the
 * socket library: OpenEnv's `/ws` (ws-connection.ts) and its WebSocket `/mcp`
 * (mcp-socket.ts). The Node adapter (node/start-server.ts) takes the session slot, creates the
 * session and feeds frames; the protocol says what goes over the wire.
 */
export interface FrameResult {
  /** At most one text frame back. */
  readonly reply?: string;
  /** Whether to close the socket (code 1000) after the reply. */
  readonly close: boolean;
}

export interface SocketConnection {
  /** A promise when the reply must wait (e.g. for a level built off the event loop): later frames wait their turn. */
  onText(text: string): Awaitable<FrameResult>;
  onBinary(): FrameResult;
}

export interface ConnectionScope {
  readonly host: HostedEnvironment;
  readonly runtime: ServerRuntime;
  /** The connection's session slot id. */
  readonly id: string;
  readonly session: AnySession;
}

export interface SocketProtocol {
  /** The endpoint's path under an environment's mount point: "/ws" or "/mcp". */
  readonly path: string;
  /** Sent right after accept when every session slot is taken; the socket then closes. */
  capacityFrame(refused: Extract<Acquired, { ok: false }>): string;
  /** Sent when the environment cannot create an instance; the socket then closes. */
  factoryFrame(host: HostedEnvironment): string;
  /** Sent, on an open socket, when handling a frame hit a bug of ours. */
  internalErrorFrame(): string;
  connect(scope: ConnectionScope): SocketConnection;
}

export function open(reply: string): FrameResult {
  return { reply, close: false };
}
