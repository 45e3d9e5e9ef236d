import { connect, type Socket } from 'node:net';
import { RespReader, type RedisReply } from './resp-reader.ts';

/**
 * A minimal Redis client: commands as RESP2 arrays of bulk strings over one TCP connection,
 * pipelined (replies arrive in request order, https://redis.io/docs/latest/develop/reference/protocol-spec/),
 * read by resp-reader.ts. The connection opens on first use and again after any failure; a
 * command that gets no reply within `timeoutMs` fails, and with it the connection, so a stalled
 * server costs a bounded wait, never a hung step.
 */
export interface RedisAddress {
  readonly host: string;
  readonly port: number;
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
  private reader = new RespReader();

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
    this.reader = new RespReader();
    return socket;
  }

  private receive(socket: Socket, chunk: Buffer): void {
    let replies: ReturnType<RespReader['read']>;
    try {
      replies = this.reader.read(chunk);
    } catch (error) {
      this.fail(socket, error as Error);
      return;
    }
    for (const reply of replies) {
      const waiter = this.pending.shift();
      if (waiter === undefined) {
        this.fail(socket, new Error(`Redis at ${this.where()} sent a reply nobody asked for`));
        return;
      }
      if (reply instanceof Error) waiter.reject(reply);
      else waiter.resolve(reply);
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
