/**
 * Reads RESP2 replies (https://redis.io/docs/latest/develop/reference/protocol-spec/) from the
 * chunks a socket delivers, resuming where the last chunk ended: a large reply (a run's pending
 * episodes, thousands of array items) arriving in many chunks is read once, in time linear in its
 * size, not again from its start on every chunk. Reads the types verilab's commands get back:
 * simple string, error, integer, bulk string, array (nested too). An error inside an array (as
 * EXEC answers) makes the whole array that error, once all its items are read.
 */
export type RedisReply = string | number | null | readonly RedisReply[];

/** An error reply from Redis, its line as the message. */
export class RedisError extends Error {
  constructor(line: string) {
    super(`Redis: ${line}`);
  }
}

interface OpenArray {
  readonly items: RedisReply[];
  remaining: number;
  error: RedisError | undefined;
}

/** One RESP value from the front of a buffer: a whole reply, or the header of an array whose items follow. */
type Token = { readonly reply: RedisReply | RedisError; readonly next: number } | { readonly arrayOf: number; readonly next: number };

export class RespReader {
  /** The bytes not read yet: at most one value's worth, since each complete one is read as it arrives. */
  private buffer: Buffer = Buffer.alloc(0);
  /** The arrays being filled, outermost first. */
  private readonly open: OpenArray[] = [];

  /** Takes the next chunk from the socket; gives the replies it completes, in order. Throws on bytes that are not RESP. */
  read(chunk: Buffer): (RedisReply | RedisError)[] {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const replies: (RedisReply | RedisError)[] = [];
    let offset = 0;
    for (let token = readToken(this.buffer, offset); token !== undefined; token = readToken(this.buffer, offset)) {
      offset = token.next;
      if ('arrayOf' in token) {
        if (token.arrayOf > 0) {
          this.open.push({ items: [], remaining: token.arrayOf, error: undefined });
          continue;
        }
        token = { reply: [], next: token.next };
      }
      const reply = this.complete(token.reply);
      if (reply !== undefined) replies.push(reply);
    }
    this.buffer = this.buffer.subarray(offset);
    return replies;
  }

  /** Puts a value read into the array being filled, closing every array it completes; gives the reply once a whole one is read. */
  private complete(value: RedisReply | RedisError): RedisReply | RedisError | undefined {
    let done = value;
    for (let array = this.open.at(-1); array !== undefined; array = this.open.at(-1)) {
      if (done instanceof RedisError) array.error ??= done;
      else array.items.push(done);
      if (--array.remaining > 0) return undefined;
      this.open.pop();
      done = array.error ?? array.items;
    }
    return done;
  }
}

function readToken(buffer: Buffer, offset: number): Token | undefined {
  const end = buffer.indexOf('\r\n', offset);
  if (end < 0) return undefined;
  const line = buffer.toString('utf8', offset + 1, end);
  const next = end + 2;
  switch (String.fromCharCode(buffer[offset] ?? 0)) {
    case '+':
      return { reply: line, next };
    case '-':
      return { reply: new RedisError(line), next };
    case ':':
      return { reply: Number(line), next };
    case '$': {
      const length = Number(line);
      if (length < 0) return { reply: null, next };
      if (buffer.length < next + length + 2) return undefined;
      return { reply: buffer.toString('utf8', next, next + length), next: next + length + 2 };
    }
    case '*': {
      const count = Number(line);
      return count < 0 ? { reply: null, next } : { arrayOf: count, next };
    }
    default:
      throw new Error(`unexpected Redis reply type ${JSON.stringify(String.fromCharCode(buffer[offset] ?? 0))}`);
  }
}
