import { redactSecrets } from './redact-secrets.ts';

/**
 * The UI's one way to the server: JSON over fetch, same origin, every exchange reported (for
 * the OpenEnv explorer) with its request, response, status and timing, the request body with
 * its credentials redacted. Non-2xx replies become an `ApiError` saying in words what the
 * server refused and why (FastAPI's `detail`), not the transport's status line.
 */
export type Method = 'GET' | 'POST' | 'DELETE';

export interface Exchange {
  readonly id: number;
  readonly method: Method;
  /** Absolute URL. */
  readonly url: string;
  readonly requestBody?: unknown;
  /** null when the request never got an answer. */
  readonly status: number | null;
  readonly responseBody: unknown;
  readonly durationMs: number;
}

export class ApiError extends Error {
  readonly status: number | null;
  constructor(status: number | null, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  /** `signal` cancels a slow call (a model's answer); the exchange is logged as unanswered. */
  post<T>(path: string, body: unknown, signal?: AbortSignal): Promise<T>;
  delete<T>(path: string): Promise<T>;
}

export function createApiClient(origin: string, report: (exchange: Exchange) => void): ApiClient {
  let nextId = 1;
  const request = async <T,>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> => {
    const url = new URL(path, origin).href;
    const id = nextId++;
    const started = performance.now();
    const done = (status: number | null, responseBody: unknown) =>
      report({ id, method, url, ...(body === undefined ? {} : { requestBody: redactSecrets(body) }), status, responseBody, durationMs: performance.now() - started });
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error) {
      const message = signal?.aborted === true ? 'cancelled' : `cannot reach the server: ${error instanceof Error ? error.message : String(error)}`;
      done(null, message);
      throw new ApiError(null, message);
    }
    const text = await response.text();
    const parsed = parseJson(text);
    done(response.status, parsed);
    if (!response.ok) throw new ApiError(response.status, `${refusal(response.status)}: ${describeDetail(parsed)}`);
    return parsed as T;
  };
  return { get: (path) => request('GET', path), post: (path, body, signal) => request('POST', path, body, signal), delete: (path) => request('DELETE', path) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** What a status means to someone using the page (the explorer keeps the exact exchange). */
function refusal(status: number): string {
  if (status === 400 || status === 422) return 'The server did not accept this';
  if (status === 403) return 'This server does not allow that';
  if (status === 404) return 'Not found on this server';
  if (status === 409) return 'Already done';
  if (status === 429) return 'Too many requests; wait a moment and retry';
  if (status >= 500) return `The server failed (${status})`;
  return `The server answered ${status}`;
}

/**
 * FastAPI's `detail`: a message, or pydantic's list of `{loc, msg}` errors, named by the field
 * the user filled (`level`, not `body.level`) without pydantic's "Value error, " prefix.
 */
export function describeDetail(body: unknown): string {
  const detail = typeof body === 'object' && body !== null && 'detail' in body ? body.detail : body;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((error: unknown) => {
        if (typeof error !== 'object' || error === null) return String(error);
        const { loc, msg } = error as { loc?: unknown; msg?: unknown };
        const field = Array.isArray(loc) ? loc.filter((part, k) => !(k === 0 && part === 'body')).join('.') : '';
        const text = String(msg).replace(/^Value error, /, '');
        return field === '' ? text : `${field}: ${text}`;
      })
      .join('; ');
  }
  return JSON.stringify(detail);
}
