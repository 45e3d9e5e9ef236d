import { err, firstIssue, ok, type Result } from '@verilab/core';
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { z } from 'zod';
import { isPlainObject, jsonInvalidError, modelAttributesError, parseJson } from '../wire/json-body.ts';
import { pydanticError } from '../wire/pydantic-errors.ts';
import { validateModel } from '../wire/pydantic-validate.ts';
import { detail } from './http-replies.ts';

/**
 * Request bodies as FastAPI reads them, as Hono middleware: `cappedBody` bounds the bytes
 * (hono/body-limit: the declared Content-Length, or the stream as it arrives), `jsonBody`
 * validates the JSON against a zod model into `c.req.valid('json')`, errors in FastAPI's shapes
 * (docs/wire-contract.md#reset, #status-codes).
 */
export function cappedBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => detail(413, `Request body too large: the limit is ${maxBytes} bytes`);
  const limit = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    // Refused before the body stream is opened: an untouched body is drained by the Node adapter,
    // so the client's connection stays usable; bodyLimit would open the stream first.
    if (Number(c.req.header('content-length')) > maxBytes) return tooLarge();
    let read = false;
    try {
      return await limit(c, () => {
        read = true;
        return next();
      });
    } catch (error) {
      // Errors after the read are the route's; before it, the client went away mid-upload.
      if (read) throw error;
      return abandonedUpload();
    }
  };
}

/** The client went away mid-upload: nobody reads the reply, and it is no server error. */
function abandonedUpload(): Response {
  return detail(400, 'The request body ended before its declared length');
}

/** Python's `json.loads(bytes)` refuses malformed UTF-8 and drops a byte-order mark; so does this decoder. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON body (already capped by `cappedBody`). `required`: an empty body, or JSON
 * `null`, is FastAPI's "Field required" at `["body"]`; otherwise it reads as `{}` (OpenEnv's
 * optional reset body). FastAPI treats a `null` body as an absent one; bytes that are not UTF-8
 * get its 400.
 */
export async function readJsonBody(request: Request, required: boolean): Promise<Result<unknown, Response>> {
  let text: string;
  try {
    const bytes = await request.arrayBuffer();
    try {
      text = STRICT_UTF8.decode(bytes);
    } catch {
      return err([detail(400, 'There was an error parsing the body')]);
    }
  } catch {
    return err([abandonedUpload()]);
  }
  const parsed = text === '' ? ok(null) : parseJson(text);
  if (!parsed.ok) return err([detail(422, [jsonInvalidError(firstIssue(parsed))])]);
  if (parsed.value !== null) return ok(parsed.value);
  return required ? err([detail(422, [pydanticError('missing', ['body'], 'Field required', null, false)])]) : ok({});
}

export interface JsonBodyOptions {
  /** An empty body is FastAPI's "Field required" rather than `{}`. */
  readonly required: boolean;
  /** Runs on the valid body before the route (e.g. waiting for a level the body names to be built). */
  readonly settle?: ((body: Readonly<Record<string, unknown>>) => Promise<void> | undefined) | undefined;
}

/** The validation targets `jsonBody` fills, for Hono's typed `c.req.valid('json')`. */
export interface JsonTarget<M extends z.ZodType> {
  readonly in: { readonly json: z.input<M> };
  readonly out: { readonly json: z.output<M> };
}

/** The body models each `jsonBody` middleware checks, for `/openapi.json`. */
const bodyModels = new WeakMap<MiddlewareHandler, { readonly model: z.ZodType; readonly required: boolean }>();

/**
 * Hono's validator, with FastAPI's semantics: the body is read whatever its Content-Type (the
 * cross-site checks refuse non-JSON types first), must be a JSON object, and is checked as
 * pydantic would check it, with `["body", …]` locations.
 */
export function jsonBody<M extends z.ZodType>(model: M, options: JsonBodyOptions): MiddlewareHandler<object, string, JsonTarget<M>> {
  const middleware: MiddlewareHandler<object, string, JsonTarget<M>> = async (c, next) => {
    const body = await readJsonBody(c.req.raw, options.required);
    if (!body.ok) return firstIssue(body);
    if (!isPlainObject(body.value)) return detail(422, [modelAttributesError(body.value)]);
    const checked = validateModel(model, body.value, { locPrefix: ['body'], withUrl: false, fromAttributes: true });
    if (!checked.ok) return detail(422, checked.issues);
    if (isPlainObject(checked.value)) await options.settle?.(checked.value);
    c.req.addValidatedData('json', checked.value as object);
    return next();
  };
  bodyModels.set(middleware as MiddlewareHandler, { model, required: options.required });
  return middleware;
}

/** The model a `jsonBody` middleware checks, if `handler` is one. */
export function bodyModelOf(handler: unknown): { readonly model: z.ZodType; readonly required: boolean } | undefined {
  return typeof handler === 'function' ? bodyModels.get(handler as MiddlewareHandler) : undefined;
}
