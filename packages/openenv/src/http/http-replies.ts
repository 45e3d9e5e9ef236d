import { pythonFloatRepr } from '@verilab/core';
import type { SessionFailure } from '../episodes/episode-session.ts';
import type { Reward, WireObservation } from '../hosted-environment.ts';
import { MAX_MESSAGE_CHARS, shortText } from '../wire/bounded-echo.ts';

/**
 * JSON replies in FastAPI's shapes: `{"detail": …}` for errors, 422 with pydantic error lists
 * for bad bodies. Compact UTF-8 JSON like upstream.
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
    case 'not-ready':
      return detail(503, failure.message, { 'retry-after': String(RETRY_NOT_READY_SECONDS) });
  }
}

/**
 * When to send a step again whose level is being (re)built: a small level is ready within it,
 * the largest served takes a few of these (its reply says "retry in a few seconds").
 */
export const RETRY_NOT_READY_SECONDS = 5;
