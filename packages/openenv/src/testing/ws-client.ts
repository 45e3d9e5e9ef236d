import { WebSocket } from 'ws';

/**
 * A small promise-based WebSocket client for tests and the load benchmark: one request at a
 * time, like OpenEnv's client. Every wait is bounded so a broken server fails fast.
 */
export interface WsTestClient {
  readonly socket: WebSocket;
  send(message: unknown): void;
  /** The next text frame, parsed. */
  next(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** The next text frame as sent. */
  nextText(timeoutMs?: number): Promise<string>;
  /** Sends `message` and returns the reply. */
  request(message: unknown, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Resolves when the server closes the socket. */
  readonly closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function connectWs(url: string, timeoutMs = 5_000): Promise<WsTestClient> {
  const socket = new WebSocket(url);
  const queue: string[] = [];
  const waiters: ((text: string) => void)[] = [];
  socket.on('message', (data) => {
    const text = data.toString();
    const waiter = waiters.shift();
    if (waiter !== undefined) waiter(text);
    else queue.push(text);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`WebSocket connect to ${url} timed out`)), timeoutMs);
    socket.once('open', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
  const nextText = (wait = timeoutMs) =>
    new Promise<string>((resolve, reject) => {
      const queued = queue.shift();
      if (queued !== undefined) {
        resolve(queued);
        return;
      }
      const timer = setTimeout(() => reject(new Error('no WebSocket reply in time')), wait);
      waiters.push((text) => {
        clearTimeout(timer);
        resolve(text);
      });
    });
  const next = async (wait = timeoutMs) => JSON.parse(await nextText(wait)) as Record<string, unknown>;
  const send = (message: unknown) => socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  return {
    socket,
    send,
    next,
    nextText,
    request: (message, wait) => {
      send(message);
      return next(wait);
    },
    closed,
    close: () => socket.close(),
  };
}
