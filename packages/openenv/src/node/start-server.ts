import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Awaitable } from '../awaitable.ts';
import type { HostedEnvironment } from '../hosted-environment.ts';
import { crossSiteGuard, crossSitePolicy, crossSiteRefusal } from '../http/cross-site.ts';
import { createServerApp, environmentPrefix } from '../http/server-app.ts';
import type { AnySession, ServerRuntime } from '../server-runtime.ts';
import { MCP_SOCKET_PROTOCOL } from '../sessions/mcp-socket.ts';
import type { FrameResult, SocketProtocol } from '../sessions/socket-protocol.ts';
import { WS_PROTOCOL } from '../sessions/ws-connection.ts';
import { withStaticUi, type StaticUi } from './static-ui.ts';

/**
 * The Node adapter: the Hono app on node:http, plus the WebSocket upgrades for OpenEnv's `/ws`
 * and `/mcp` at the root and under every `/envs/<name>` (the `ws` library; frames past the
 * message limit close the socket with 1009) and the idle-session sweep. A client that leaves replies unread past a bound is
 * disconnected, so it cannot grow the server's send buffers.
 */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly runtime: ServerRuntime;
  /** Where log lines go (stderr in `verilab serve`). */
  readonly log?: (line: string) => void;
  /** Overrides the configured host/port (tests listen on port 0). */
  readonly host?: string;
  readonly port?: number;
  /** The built web UI, served at `/` in front of the API (`verilab serve` loads packages/web/dist). */
  readonly ui?: StaticUi | undefined;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { runtime } = options;
  const log = options.log ?? (() => {});
  const app = createServerApp(runtime, log);
  const policy = crossSitePolicy(options.host ?? runtime.config.host, runtime.config.allowedOrigins);
  // The cross-site checks and security headers guard the web UI as well as the API.
  const api = withStaticUi(app.fetch, options.ui);
  const front = new Hono().use(crossSiteGuard(policy)).all('*', (c) => api(c.req.raw, c.env));
  const server = createAdaptorServer({ fetch: front.fetch }) as Server;
  const sockets = new WebSocketServer({ noServer: true, maxPayload: runtime.config.maxMessageBytes });
  const endpoints = new Map<string, { host: HostedEnvironment; protocol: SocketProtocol }>();
  for (const protocol of [WS_PROTOCOL, MCP_SOCKET_PROTOCOL]) {
    endpoints.set(protocol.path, { host: runtime.defaultHost, protocol });
    for (const host of runtime.hosts.values()) endpoints.set(`${environmentPrefix(host.name)}${protocol.path}`, { host, protocol });
  }

  server.on('upgrade', (request, socket, head) => {
    const refused = crossSiteRefusal(policy, {
      method: request.method ?? 'GET',
      host: request.headers.host,
      origin: request.headers.origin,
      contentType: undefined,
      hasBody: false,
      upgrade: true,
    });
    if (refused !== undefined) {
      const body = JSON.stringify({ detail: refused.message });
      socket.end(`HTTP/1.1 403 Forbidden\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      return;
    }
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    const endpoint = endpoints.get(path);
    if (endpoint === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 22\r\n\r\n{"detail":"Not Found"}');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws, endpoint.host, endpoint.protocol, runtime, log));
  });

  const sweepEveryMs = Math.min(5_000, Math.max(50, runtime.registry.idleMs / 4));
  const sweeper = setInterval(() => {
    runtime.registry.sweep();
    runtime.mcpRegistry.sweep();
  }, sweepEveryMs);
  sweeper.unref();

  const host = options.host ?? runtime.config.host;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? runtime.config.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    server,
    close: async () => {
      clearInterval(sweeper);
      runtime.registry.closeAll();
      runtime.mcpRegistry.closeAll();
      runtime.close();
      for (const client of sockets.clients) client.terminate();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * Replies a WebSocket client may leave unread, in message limits, before it is disconnected.
 * OpenEnv clients wait for each reply, so only a client that never reads comes near it.
 */
const SEND_BUFFER_MESSAGES = 4;

/** One connection: a session slot and a fresh environment session for its lifetime, or one error frame and a close. */
function serveSocket(ws: WebSocket, host: HostedEnvironment, protocol: SocketProtocol, runtime: ServerRuntime, log: (line: string) => void): void {
  ws.on('error', () => {
    // e.g. a frame over maxPayload: ws closes the socket with 1009 itself.
  });
  const slot = runtime.registry.acquire((reason) => ws.close(1001, reason));
  if (!slot.ok) {
    ws.send(protocol.capacityFrame(slot));
    ws.close(1000);
    return;
  }
  let session: AnySession | undefined;
  ws.on('close', () => {
    runtime.registry.release(slot.id);
    session?.end();
  });
  try {
    session = runtime.openSession(host);
  } catch (error) {
    log(`verilab: ${host.name} failed to create an instance: ${error instanceof Error ? error.message : String(error)}`);
    ws.send(protocol.factoryFrame(host));
    ws.close(1000);
    return;
  }
  const connection = protocol.connect({ host, runtime, id: slot.id, session });
  // Past this many bytes of replies unread, or of frames waiting their turn, the client goes.
  const bufferLimit = SEND_BUFFER_MESSAGES * runtime.config.maxMessageBytes;
  const internalError = (error: unknown): FrameResult => {
    log(`verilab: internal error on ${host.name} ${protocol.path}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return { reply: protocol.internalErrorFrame(), close: false };
  };
  const answer = (result: FrameResult) => {
    if (ws.readyState !== ws.OPEN) return;
    if (result.reply !== undefined) ws.send(result.reply);
    if (result.close) {
      ws.close(1000);
    } else if (ws.bufferedAmount > bufferLimit) {
      // The client sends but does not read: its replies would pile up in our memory.
      log(`verilab: closed a ${protocol.path} connection on ${host.name} that left ${ws.bufferedAmount} bytes of replies unread`);
      ws.terminate();
    }
  };
  // Frames that arrive while a reply waits (e.g. for a level build) are answered after it, in order.
  const waiting: { data: RawData; isBinary: boolean }[] = [];
  let waitingBytes = 0;
  let busy = false;
  const handle = (data: RawData, isBinary: boolean): void => {
    if (ws.readyState !== ws.OPEN) return;
    runtime.registry.touch(slot.id);
    let result: Awaitable<FrameResult>;
    try {
      result = isBinary ? connection.onBinary() : connection.onText(data.toString());
    } catch (error) {
      result = internalError(error);
    }
    if (!(result instanceof Promise)) {
      answer(result);
      return;
    }
    busy = true;
    void result.then(answer, (error: unknown) => answer(internalError(error))).finally(() => {
      busy = false;
      while (!busy && waiting.length > 0) {
        const next = waiting.shift() as { data: RawData; isBinary: boolean };
        waitingBytes -= rawBytes(next.data);
        handle(next.data, next.isBinary);
      }
    });
  };
  ws.on('message', (data, isBinary) => {
    if (!busy) {
      handle(data, isBinary);
      return;
    }
    waitingBytes += rawBytes(data);
    if (waitingBytes > bufferLimit) {
      log(`verilab: closed a ${protocol.path} connection on ${host.name} that sent ${waitingBytes} bytes while its reply was waiting`);
      ws.terminate();
      return;
    }
    waiting.push({ data, isBinary });
  });
}

function rawBytes(data: RawData): number {
  return Array.isArray(data) ? data.reduce((sum, part) => sum + part.byteLength, 0) : data.byteLength;
}
