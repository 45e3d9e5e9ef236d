import type { z } from 'zod';
import type { SessionFailure } from '../episodes/episode-session.ts';
import { isPlainObject, jsonInvalidError, modelAttributesError, parseJson, readBodyText } from '../wire/json-body.ts';
import { pydanticError, toPydanticErrors } from '../wire/pydantic-errors.ts';

/**
 * JSON replies in FastAPI's shapes: `{"detail": …}` for errors, 422 with pydantic error lists
 * for bad bodies, 413 past the body limit. Compact UTF-8 JSON like upstream.
 */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function detail(status: number, message: unknown, headers: Record<string, string> = {}): Response {
  return json({ detail: message }, status, headers);
}

export function failureReply(failure: SessionFailure): Response {
  switch (failure.kind) {
    case 'validation':
      return detail(422, failure.errors);
    case 'episode':
      return detail(400, failure.message);
    case 'timeout':
      return detail(503, failure.message);
  }
}

export type BodyRead = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly response: Response };

/**
 * Reads a JSON body. `required`: an empty body is FastAPI's "Field required" at `["body"]`;
 * otherwise it reads as `{}` (OpenEnv's optional reset body).
 */
export async function readJsonBody(request: Request, limit: number, required: boolean): Promise<BodyRead> {
  const text = await readBodyText(request, limit);
  if (!text.ok) return { ok: false, response: detail(413, `Request body too large: the limit is ${text.limit} bytes`) };
  if (text.text.trim() === '') {
    return required
      ? { ok: false, response: detail(422, [pydanticError('missing', ['body'], 'Field required', null, false)]) }
      : { ok: true, value: {} };
  }
  const parsed = parseJson(text.text);
  if (!parsed.ok) return { ok: false, response: detail(422, [jsonInvalidError(parsed)]) };
  return { ok: true, value: parsed.value };
}

/** Reads and validates a body against `model`, with FastAPI's `["body", …]` locations. */
export async function readModelBody<T>(request: Request, limit: number, model: z.ZodType<T>, required: boolean): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  const body = await readJsonBody(request, limit, required);
  if (!body.ok) return body;
  if (!isPlainObject(body.value)) return { ok: false, response: detail(422, [modelAttributesError(body.value)]) };
  const parsed = model.safeParse(body.value, { reportInput: true });
  if (!parsed.success) return { ok: false, response: detail(422, toPydanticErrors(parsed.error.issues, body.value, { locPrefix: ['body'], withUrl: false })) };
  return { ok: true, value: parsed.data };
}
