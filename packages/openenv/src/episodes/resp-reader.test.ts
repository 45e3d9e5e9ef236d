import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { RedisConnection } from './redis-connection.ts';
import { RedisError, RespReader, type RedisReply } from './resp-reader.ts';

const bulk = (text: string) => `$${Buffer.byteLength(text)}\r\n${text}\r\n`;

/** Every reply type, nested arrays, an error inside an array and multi-byte text, with what each reads as. */
const STREAM = ['+OK\r\n', '-NOSCRIPT No matching script\r\n', ':42\r\n', bulk('naïve ⟨ψ|'), bulk(''), '$-1\r\n', '*0\r\n', '*-1\r\n', `*2\r\n*2\r\n${bulk('a')}:1\r\n*1\r\n${bulk('b')}`, `*3\r\n${bulk('x')}-WRONGTYPE no\r\n:7\r\n`, '+after\r\n'].join('');
const EXPECTED: (RedisReply | string)[] = ['OK', 'Redis: NOSCRIPT No matching script', 42, 'naïve ⟨ψ|', '', null, [], null, [['a', 1], ['b']], 'Redis: WRONGTYPE no', 'after'];

const shown = (replies: (RedisReply | RedisError)[]) => replies.map((reply) => (reply instanceof RedisError ? reply.message : reply));

describe('RespReader', () => {
  it('reads the same replies however the bytes are split into chunks', () => {
    const bytes = Buffer.from(STREAM, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const reader = new RespReader();
      expect(shown([...reader.read(bytes.subarray(0, cut)), ...reader.read(bytes.subarray(cut))])).toEqual(EXPECTED);
    }
    const reader = new RespReader();
    const replies: (RedisReply | RedisError)[] = [];
    for (let i = 0; i < bytes.length; i++) replies.push(...reader.read(bytes.subarray(i, i + 1)));
    expect(shown(replies)).toEqual(EXPECTED);
  });

  it('refuses bytes that are not RESP', () => {
    expect(() => new RespReader().read(Buffer.from('?what\r\n'))).toThrow(/unexpected Redis reply type "\?"/);
  });

  it('reads a large reply arriving in many chunks once, not again from its start on every chunk', async () => {
    const ITEMS = 8_192;
    const CHUNKS = 256;
    const reply = Buffer.from(`*${ITEMS}\r\n${Array.from({ length: ITEMS }, (_, i) => bulk(`episode-${i}`)).join('')}`);
    const server = createServer((socket) =>
      socket.once('data', async () => {
        const size = Math.ceil(reply.length / CHUNKS);
        // A pause between writes, so the client's socket delivers them one by one.
        for (let start = 0; start < reply.length; start += size) {
          socket.write(reply.subarray(start, start + size));
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const connection = new RedisConnection({ host: '127.0.0.1', port: (server.address() as AddressInfo).port }, 10_000);
    const indexOf = Buffer.prototype.indexOf;
    let searches = 0;
    Buffer.prototype.indexOf = function (this: Buffer, ...args: Parameters<Buffer['indexOf']>) {
      searches++;
      return indexOf.apply(this, args);
    };
    try {
      const items = (await connection.command(['ZRANGE', 'pending', '0', '-1'])) as string[];
      expect(items.length).toBe(ITEMS);
      expect(items[ITEMS - 1]).toBe(`episode-${ITEMS - 1}`);
    } finally {
      Buffer.prototype.indexOf = indexOf;
      connection.close();
      server.close();
    }
    // One line search per item and one that finds a chunk's end; reading from the start each time would take ~CHUNKS / 2 per item.
    expect(searches).toBeLessThan(ITEMS + 2 * CHUNKS + 10);
  });
});
