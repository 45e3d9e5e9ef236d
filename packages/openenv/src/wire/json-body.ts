import { err, ok, type Result } from '@verilab/core';
import { pydanticError, type PydanticError } from './pydantic-errors.ts';

/**
 * JSON as clients send it: parsing with the failure located (FastAPI's 422 `json_invalid` puts
 * the character offset in `loc`), and capped reading of bodies.
 */

/** A body (of a request or a reply) as UTF-8 text, or undefined past `limit` bytes (the stream is cancelled there). */
export async function readCappedText(body: ReadableStream<Uint8Array> | null, limit: number): Promise<string | undefined> {
  if (body === null) return '';
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
  return Buffer.concat(chunks).toString('utf8');
}

/** Why a text is not JSON: what is wrong (`message`) and where, `position` the offset in the text (UTF-16 units). */
export interface JsonFailure {
  readonly message: string;
  readonly position: number;
}

/**
 * Deeper values are refused: V8 parses deep nesting but `JSON.stringify` (which echoes inputs in
 * error replies) recurses and overflows the stack on it.
 */
export const MAX_JSON_DEPTH = 64;

/** The value of a JSON text, or its one failure. */
export function parseJson(text: string): Result<unknown, JsonFailure> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return err([jsonFailure(text, error instanceof Error ? error.message : String(error))]);
  }
  if (nestedDeeperThan(value, MAX_JSON_DEPTH)) return err([{ message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, position: 0 }]);
  return ok(value);
}

/** A failure as one line: "Unexpected token ']' at character 3". */
export function jsonFailureText(failure: JsonFailure): string {
  return `${failure.message} at character ${failure.position}`;
}

/**
 * V8's message without the copy of the input it quotes, and the offset: from the message when
 * it gives one, the end for a text that stops early, else found by parsing prefixes (below).
 */
function jsonFailure(text: string, v8Message: string): JsonFailure {
  const message = v8Message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
  const at = positionIn(v8Message, text);
  return { message, position: at ?? unexpectedTokenPosition(text) };
}

function positionIn(v8Message: string, text: string): number | undefined {
  const position = /at position (\d+)/.exec(v8Message)?.[1];
  if (position !== undefined) return Number(position);
  return /end of JSON input/.test(v8Message) ? text.length : undefined;
}

/**
 * V8 names an unexpected character but not its offset. A prefix of the text that ends before
 * that character fails only by ending early, any longer one fails at it: the offset is found by
 * bisection, about log2(length) parses of at most the body limit.
 */
function unexpectedTokenPosition(text: string): number {
  let fine = 0;
  let failing = text.length;
  while (failing - fine > 1) {
    const middle = (fine + failing) >>> 1;
    if (failsBeforeItsEnd(text.slice(0, middle))) failing = middle;
    else fine = middle;
  }
  return fine;
}

function failsBeforeItsEnd(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return positionIn(message, prefix) !== prefix.length;
  }
}

/** FastAPI's 422 for a body that is not JSON: `loc` is `["body", <char offset>]`. */
export function jsonInvalidError(failure: JsonFailure): PydanticError {
  return pydanticError('json_invalid', ['body', failure.position], 'JSON decode error', {}, false, { error: failure.message });
}

/** A body that parsed but is not an object, where a model was expected. */
export function modelAttributesError(input: unknown, loc: readonly (string | number)[] = ['body']): PydanticError {
  return pydanticError('model_attributes_type', loc, 'Input should be a valid dictionary or object to extract fields from', input, false);
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON type of a parsed value, for messages: "an array", "a string", "null". */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
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
