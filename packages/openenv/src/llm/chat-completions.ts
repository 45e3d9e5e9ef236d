import { performance } from 'node:perf_hooks';
import { err, ok, type Result } from '@verilab/core';
import { readCappedText } from '../wire/json-body.ts';

/**
 * One call to an OpenAI-compatible `POST {base}/chat/completions` (OpenAI, vLLM, TGI,
 * llama.cpp, Ollama's `/v1`), with plain `fetch` so the server needs no SDK. Built for calling
 * endpoints on a client's behalf: the caller has already checked the URL against the
 * allow-list; redirects are never followed (a listed endpoint cannot bounce the request, and
 * its key, elsewhere); the whole exchange, body included, runs under one timeout; replies are
 * read up to a size cap. Failures are values, never exceptions, and their messages never
 * contain the key.
 */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface ChatCall {
  /** The endpoint's base URL, e.g. `http://127.0.0.1:11434/v1`. */
  readonly baseUrl: URL;
  readonly apiKey?: string | undefined;
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly temperature?: number | undefined;
  readonly maxTokens?: number | undefined;
  readonly timeoutMs: number;
  /**
   * The client's request: when its client goes away (a Cancel in the browser closes the
   * connection), the call to the endpoint is aborted too, so a model does not keep generating
   * (and billing) an answer nobody will read.
   */
  readonly signal?: AbortSignal | undefined;
}

export interface ChatAnswer {
  readonly completion: string;
  /** The model the endpoint says answered. */
  readonly model: string | null;
  readonly finishReason: string | null;
  readonly usage: Readonly<Record<string, number>> | null;
  readonly latencyMs: number;
}

export type ChatFailureKind = 'timeout' | 'cancelled' | 'unreachable' | 'http' | 'invalid';

/**
 * Why a call failed: the one issue of a failed `ChatResult` (read it with `firstIssue`). `kind`
 * is what callers branch on: the server picks its HTTP status by it, the CLI whether to retry.
 */
export interface ChatFailure {
  readonly kind: ChatFailureKind;
  readonly message: string;
  /** The endpoint's HTTP status, for `http` failures (a redirect or an error status). */
  readonly status?: number | undefined;
  /** How long the endpoint asked the caller to wait (`retry-after-ms`, else `retry-after` in seconds). */
  readonly retryAfterMs?: number | undefined;
}

export type ChatResult = Result<ChatAnswer, ChatFailure>;

export type Fetch = typeof fetch;

/** Replies larger than this are refused (a completion is a few kB). */
export const MAX_REPLY_BYTES = 1024 * 1024;

export function completionsUrl(baseUrl: URL): URL {
  const url = new URL(baseUrl.href);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/chat/completions`;
  return url;
}

export async function chatCompletion(call: ChatCall, fetchImpl: Fetch = fetch): Promise<ChatResult> {
  const url = completionsUrl(call.baseUrl);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (call.apiKey !== undefined && call.apiKey !== '') headers['authorization'] = `Bearer ${call.apiKey}`;
  const body: Record<string, unknown> = { model: call.model, messages: call.messages };
  if (call.temperature !== undefined) body['temperature'] = call.temperature;
  if (call.maxTokens !== undefined) body['max_tokens'] = call.maxTokens;
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal === undefined ? timeout : AbortSignal.any([timeout, call.signal]);
  const started = performance.now();
  const where = `${url.origin}${url.pathname}`;
  try {
    const response = await fetchImpl(url, { method: 'POST', headers, body: JSON.stringify(body), redirect: 'manual', signal });
    const text = await readCappedText(response.body, MAX_REPLY_BYTES);
    const latencyMs = performance.now() - started;
    if (response.status >= 300 && response.status < 400) {
      return fail({ kind: 'http', status: response.status, message: `${where} answered with a redirect (HTTP ${response.status}), which is not followed` });
    }
    if (text === undefined) return fail({ kind: 'invalid', message: `${where} sent a reply over ${MAX_REPLY_BYTES} bytes` });
    // The body is not echoed: it is the endpoint's, and a client could read a service it may not.
    if (!response.ok) {
      return fail({ kind: 'http', status: response.status, retryAfterMs: retryAfterMs(response.headers), message: `${where} answered HTTP ${response.status}` });
    }
    return readAnswer(text, latencyMs, where);
  } catch {
    if (call.signal?.aborted === true) return fail({ kind: 'cancelled', message: `the client went away before ${where} answered` });
    if (timeout.aborted) return fail({ kind: 'timeout', message: `${where} did not answer within ${call.timeoutMs} ms` });
    // No socket error detail (refused, reset, unknown host): it would map the services a client may not use.
    return fail({ kind: 'unreachable', message: `cannot reach ${where}` });
  }
}

/** The wait an endpoint asks for: `retry-after-ms` (OpenAI's), else `retry-after` in seconds; no date form. */
export function retryAfterMs(headers: Headers): number | undefined {
  const wait = (name: string, scale: number): number | undefined => {
    const text = headers.get(name);
    const value = text === null || text.trim() === '' ? Number.NaN : Number(text);
    return Number.isFinite(value) && value >= 0 ? value * scale : undefined;
  };
  return wait('retry-after-ms', 1) ?? wait('retry-after', 1000);
}

function readAnswer(text: string, latencyMs: number, where: string): ChatResult {
  let reply: unknown;
  try {
    reply = JSON.parse(text);
  } catch {
    return fail({ kind: 'invalid', message: `${where} did not answer with JSON` });
  }
  const record = (reply ?? {}) as { choices?: unknown; model?: unknown; usage?: unknown };
  const choice = Array.isArray(record.choices) ? (record.choices[0] as { message?: { content?: unknown }; finish_reason?: unknown } | undefined) : undefined;
  const content = choice?.message?.content;
  if (choice === undefined || (typeof content !== 'string' && content !== null)) {
    return fail({ kind: 'invalid', message: `${where} answered without choices[0].message.content: not a chat completion` });
  }
  const usage = record.usage;
  return ok({
    completion: content ?? '',
    model: typeof record.model === 'string' ? record.model : null,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : null,
    usage:
      typeof usage === 'object' && usage !== null
        ? Object.fromEntries(Object.entries(usage).filter((entry): entry is [string, number] => typeof entry[1] === 'number'))
        : null,
    latencyMs,
  });
}

const fail = (failure: ChatFailure): ChatResult => err([failure]);
