import type { z } from 'zod';
import type { SessionFailure } from '../episodes/episode-session.ts';
import type { Reward, WireObservation } from '../hosted-environment.ts';
import { MAX_MESSAGE_CHARS, shortText } from '../wire/bounded-echo.ts';
import { isPlainObject, jsonInvalidError, modelAttributesError, parseJson, readBodyText } from '../wire/json-body.ts';
import { pydanticError } from '../wire/pydantic-errors.ts';
import { validateModel } from '../wire/pydantic-validate.ts';
import { pythonFloatRepr } from '../wire/python-repr.ts';

/**
 * JSON replies in FastAPI's shapes: `{"detail": …}` for errors, 422 with pydantic error lists
 * for bad bodies, 413 past the body limit. Compact UTF-8 JSON like upstream.
 */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return jsonText(JSON.stringify(body), status, headers);
}

function jsonText(text: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { 'content-type': 'application/json', ...headers } });
}

/**
 * The body of `POST /reset` and `POST /step`. OpenEnv's `ResetResponse`/`StepResponse` declare
 * `reward: Optional[float]`, so FastAPI writes every reward as a Python float: `1.0` for 1 or
 * true, `0.0` for 0 or false, `0.25` as is (docs/wire-contract.md#step). JSON.stringify would write `1`,
 * so this one field is written by hand. WebSocket observations keep the reward's own type.
 */
export function observationReply(observation: WireObservation): Response {
  const { observation: fields, reward, done } = observation;
  return jsonText(`{"observation":${JSON.stringify(fields)},"reward":${floatLiteral(reward)},"done":${JSON.stringify(done)}}`);
}

/** pydantic serialises non-finite floats in JSON mode as null. */
function floatLiteral(reward: Reward): string {
  const value = reward === null ? Number.NaN : Number(reward);
  return Number.isFinite(value) ? pythonFloatRepr(value) : 'null';
}

export function detail(status: number, message: unknown, headers: Record<string, string> = {}): Response {
  return json({ detail: typeof message === 'string' ? shortText(message, MAX_MESSAGE_CHARS) : message }, status, headers);
}

export function failureReply(failure: SessionFailure): Response {
  switch (failure.kind) {
    case 'validation':
      return detail(422, failure.errors);
    case 'episode':
      return detail(400, failure.message);
    case 'timeout':
    case 'unavailable':
      return detail(503, failure.message);
  }
}

export type BodyRead = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly response: Response };

/**
 * Reads a JSON body. `required`: an empty body, or JSON `null`, is FastAPI's "Field required"
 * at `["body"]`; otherwise it reads as `{}` (OpenEnv's optional reset body). FastAPI treats a
 * `null` body as an absent one. Past the size limit 413; not UTF-8, FastAPI's 400.
 */
export async function readJsonBody(request: Request, limit: number, required: boolean): Promise<BodyRead> {
  const text = await readBodyText(request, limit);
  if (!text.ok) {
    // FastAPI's answer when decoding the body fails other than as JSON.
    const response =
      text.reason === 'too-large'
        ? detail(413, `Request body too large: the limit is ${text.limit} bytes`)
        : detail(400, text.reason === 'aborted' ? 'The request body ended before its declared length' : 'There was an error parsing the body');
    return { ok: false, response };
  }
  const parsed = text.text === '' ? { ok: true as const, value: null } : parseJson(text.text);
  if (!parsed.ok) return { ok: false, response: detail(422, [jsonInvalidError(parsed)]) };
  if (parsed.value !== null) return { ok: true, value: parsed.value };
  return required ? { ok: false, response: detail(422, [pydanticError('missing', ['body'], 'Field required', null, false)]) } : { ok: true, value: {} };
}

/** Reads and validates a body against `model`, with FastAPI's `["body", …]` locations. */
export async function readModelBody<T>(request: Request, limit: number, model: z.ZodType<T>, required: boolean): Promise<{ ok: true; value: T } | { ok: false; response: Response }> {
  const body = await readJsonBody(request, limit, required);
  if (!body.ok) return body;
  if (!isPlainObject(body.value)) return { ok: false, response: detail(422, [modelAttributesError(body.value)]) };
  const checked = validateModel(model, body.value, { locPrefix: ['body'], withUrl: false, fromAttributes: true });
  return checked.ok ? checked : { ok: false, response: detail(422, checked.errors) };
}
