import { connect, type Socket } from 'node:net';

/**
 * A minimal Redis client: commands as RESP2 arrays of bulk strings over one TCP connection,
 * pipelined (replies arrive in request order, https://redis.io/docs/latest/develop/reference/protocol-spec/).
 * It reads the reply types of the commands verilab sends (simple string, error, integer, bulk
 * string, array). The connection opens on first use and again after any failure; a
 * command that gets no reply within `timeoutMs` fails, and with it the connection, so a stalled
 * server costs a bounded wait, never a hung step.
 */
export type RedisReply = string | number | null | readonly RedisReply[];

export interface RedisAddress {
  readonly host: string;
  readonly port: number;
}

/** An error reply from Redis: `code` is its first word (NOSCRIPT, WRONGTYPE, …), which says what went wrong. */
export class RedisError extends Error {
  readonly code: string;

  constructor(line: string) {
    super(`Redis: ${line}`);
    this.code = line.split(' ', 1)[0] ?? '';
  }
}

interface Pending {
  readonly resolve: (reply: RedisReply) => void;
  readonly reject: (error: Error) => void;
}

/** Reads `redis://host:port` (no credentials, no database number: the store needs neither). */
export function parseRedisUrl(text: string): RedisAddress | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'redis:' || url.hostname === '' || url.username !== '' || (url.pathname !== '' && url.pathname !== '/') || url.search !== '') return undefined;
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port === '' ? 6379 : Number(url.port) };
}

export class RedisConnection {
  private readonly address: RedisAddress;
  private readonly timeoutMs: number;
  private socket: Socket | undefined;
  private readonly pending: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);

  constructor(address: RedisAddress, timeoutMs: number) {
    this.address = address;
    this.timeoutMs = timeoutMs;
  }

  command(args: readonly string[]): Promise<RedisReply> {
    const socket = this.socket ?? this.open();
    return new Promise<RedisReply>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(socket, new Error(`no reply from Redis at ${this.where()} within ${this.timeoutMs} ms`)), this.timeoutMs);
      this.pending.push({
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      socket.write(encode(args));
    });
  }

  close(): void {
    if (this.socket !== undefined) this.fail(this.socket, new Error('Redis connection closed'));
  }

  private open(): Socket {
    const socket = connect({ host: this.address.host, port: this.address.port });
    socket.setNoDelay(true);
    // The server's listener keeps the process alive; this connection alone should not.
    socket.unref();
    socket.on('data', (chunk: Buffer) => this.receive(socket, chunk));
    socket.on('error', (error) => this.fail(socket, new Error(`Redis at ${this.where()}: ${error.message}`)));
    socket.on('close', () => this.fail(socket, new Error(`Redis at ${this.where()} closed the connection`)));
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    return socket;
  }

  private receive(socket: Socket, chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      let parsed: { reply: RedisReply | Error; next: number } | undefined;
      try {
        parsed = parseReply(this.buffer);
      } catch (error) {
        this.fail(socket, error as Error);
        return;
      }
      if (parsed === undefined) return;
      this.buffer = this.buffer.subarray(parsed.next);
      const waiter = this.pending.shift();
      if (waiter === undefined) {
        this.fail(socket, new Error(`Redis at ${this.where()} sent a reply nobody asked for`));
        return;
      }
      if (parsed.reply instanceof Error) waiter.reject(parsed.reply);
      else waiter.resolve(parsed.reply);
    }
  }

  /** Ends `socket` and fails every command waiting on it; the next command reconnects. */
  private fail(socket: Socket, error: Error): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    socket.destroy();
    for (const waiter of this.pending.splice(0)) waiter.reject(error);
  }

  private where(): string {
    return `${this.address.host}:${this.address.port}`;
  }
}

function encode(args: readonly string[]): string {
  return `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`;
}

/** One reply from the front of `buffer`, or undefined when it has not fully arrived. */
function parseReply(buffer: Buffer): { reply: RedisReply | Error; next: number } | undefined {
  const end = buffer.indexOf('\r\n');
  if (end < 0) return undefined;
  const line = buffer.toString('utf8', 1, end);
  switch (String.fromCharCode(buffer[0] ?? 0)) {
    case '+':
      return { reply: line, next: end + 2 };
    case '-':
      return { reply: new RedisError(line), next: end + 2 };
    case ':':
      return { reply: Number(line), next: end + 2 };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null, next: end + 2 };
      const start = end + 2;
      if (buffer.length < start + length + 2) return undefined;
      return { reply: buffer.toString('utf8', start, start + length), next: start + length + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { reply: null, next: end + 2 };
      const items: RedisReply[] = [];
      let next = end + 2;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buffer.subarray(next));
        if (item === undefined) return undefined;
        if (item.reply instanceof Error) return { reply: item.reply, next: next + item.next };
        items.push(item.reply);
        next += item.next;
      }
      return { reply: items, next };
    }
    default:
      throw new Error(`unexpected Redis reply type ${JSON.stringify(String.fromCharCode(buffer[0] ?? 0))}`);
  }
}
