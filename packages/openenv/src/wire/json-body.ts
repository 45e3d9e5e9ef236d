import { pydanticError, type PydanticError } from './pydantic-errors.ts';
import { pythonJsonError } from './python-json-error.ts';

/**
 * Reading request bodies: at most `limit` bytes (streamed, so a lying or absent
 * Content-Length cannot make us buffer more), then JSON with FastAPI's error shape.
 */
export type BodyText =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: 'too-large'; readonly limit: number }
  | { readonly ok: false; readonly reason: 'not-utf8' }
  /** The client went away mid-upload: nobody reads the reply, and it is no server error. */
  | { readonly ok: false; readonly reason: 'aborted' };

/** Python's `json.loads(bytes)` refuses malformed UTF-8 and drops a byte-order mark; so does this decoder. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

export async function readBodyText(request: Request, limit: number): Promise<BodyText> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) return { ok: false, reason: 'too-large', limit };
  let bytes: Buffer | undefined;
  try {
    bytes = await readCappedBytes(request.body, limit);
  } catch {
    return { ok: false, reason: 'aborted' };
  }
  if (bytes === undefined) return { ok: false, reason: 'too-large', limit };
  try {
    return { ok: true, text: STRICT_UTF8.decode(bytes) };
  } catch {
    return { ok: false, reason: 'not-utf8' };
  }
}

/** A body (of a request or a reply) as UTF-8 text, or undefined past `limit` bytes (the stream is cancelled there). */
export async function readCappedText(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string | undefined> {
  return (await readCappedBytes(body, limit))?.toString('utf8');
}

async function readCappedBytes(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Buffer | undefined> {
  if (body === null) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/**
 * A failure reads as Python's `json.loads` would report it (python-json-error.ts): `error` is
 * `str(JSONDecodeError)`, `message` its `msg`, `position` its `pos` (code points).
 */
export type JsonValue =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly error: string; readonly message: string; readonly position: number };

/**
 * Deeper values are refused: V8 parses deep nesting but `JSON.stringify` (which echoes inputs in
 * error replies) recurses and overflows the stack on it.
 */
export const MAX_JSON_DEPTH = 64;

export function parseJson(text: string): JsonValue {
  try {
    const value = JSON.parse(text) as unknown;
    if (nestedDeeperThan(value, MAX_JSON_DEPTH)) {
      const error = `JSON nested deeper than ${MAX_JSON_DEPTH} levels`;
      return { ok: false, error, message: error, position: 0 };
    }
    return { ok: true, value };
  } catch (error) {
    const python = pythonJsonError(text);
    if (python !== undefined) return { ok: false, error: python.text, message: python.message, position: python.position };
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message)?.[1];
    const atEnd = /end of JSON input/.test(message);
    return { ok: false, error: message, message, position: position !== undefined ? Number(position) : atEnd ? text.length : 0 };
  }
}

/** FastAPI's 422 for a body that is not JSON: `loc` is `["body", <char offset>]`. */
export function jsonInvalidError(parsed: { message: string; position: number }): PydanticError {
  return pydanticError('json_invalid', ['body', parsed.position], 'JSON decode error', {}, false, { error: parsed.message });
}

/** A body that parsed but is not an object, where a model was expected. */
export function modelAttributesError(input: unknown, loc: readonly (string | number)[] = ['body']): PydanticError {
  return pydanticError('model_attributes_type', loc, 'Input should be a valid dictionary or object to extract fields from', input, false);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nestedDeeperThan(root: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [value, depth] = item;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}
