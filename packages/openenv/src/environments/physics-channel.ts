/**
 * A synchronous call channel between the server thread and a level-physics worker, over shared
 * memory: the caller writes a JSON request, wakes the worker and waits (Atomics.wait) for the
 * JSON reply. The server thread blocks only for one sample or decode (well under a millisecond
 * at the level limit), never for a build, which is what the worker is for.
 */
const IDLE = 0;
const REQUEST = 1;
const REPLY = 2;
/** Largest request or reply: a syndrome, a frame and the matched path edges of a served level. */
const CHANNEL_BYTES = 4 * 1024 * 1024;

export interface Channel {
  readonly control: SharedArrayBuffer;
  readonly data: SharedArrayBuffer;
}

export function createChannel(): Channel {
  return { control: new SharedArrayBuffer(8), data: new SharedArrayBuffer(CHANNEL_BYTES) };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function write(channel: Channel, value: unknown): void {
  const bytes = encoder.encode(JSON.stringify(value));
  if (bytes.length > CHANNEL_BYTES) throw new RangeError(`physics channel message of ${bytes.length} bytes is over ${CHANNEL_BYTES}`);
  new Uint8Array(channel.data).set(bytes);
  new Int32Array(channel.control)[1] = bytes.length;
}

function read(channel: Channel): unknown {
  const length = new Int32Array(channel.control)[1] ?? 0;
  // TextDecoder refuses views of shared memory: copy out first.
  return JSON.parse(decoder.decode(new Uint8Array(channel.data, 0, length).slice()));
}

/** Server side: one call, answered within `timeoutMs` or an error. */
export function callSync(channel: Channel, request: unknown, timeoutMs: number): unknown {
  const control = new Int32Array(channel.control);
  write(channel, request);
  Atomics.store(control, 0, REQUEST);
  Atomics.notify(control, 0);
  if (Atomics.wait(control, 0, REQUEST, timeoutMs) === 'timed-out' && Atomics.load(control, 0) === REQUEST) {
    throw new Error(`the level physics worker did not answer within ${timeoutMs} ms`);
  }
  const reply = read(channel);
  Atomics.store(control, 0, IDLE);
  return reply;
}

/** Worker side: answers calls for ever (the worker is terminated to stop it). */
export function serveSync(channel: Channel, answer: (request: unknown) => unknown): never {
  const control = new Int32Array(channel.control);
  for (;;) {
    Atomics.wait(control, 0, IDLE);
    if (Atomics.load(control, 0) !== REQUEST) continue;
    let reply: unknown;
    try {
      reply = { ok: true, value: answer(read(channel)) };
    } catch (error) {
      reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
    write(channel, reply);
    Atomics.store(control, 0, REPLY);
    Atomics.notify(control, 0);
  }
}
