/**
 * The UI's one way to the server: JSON over fetch, same origin, every exchange reported (for
 * the OpenEnv explorer) with its request, response, status and timing. Non-2xx replies become
 * an `ApiError` carrying FastAPI's `detail` as readable text.
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
  post<T>(path: string, body: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
}

export function createApiClient(origin: string, report: (exchange: Exchange) => void): ApiClient {
  let nextId = 1;
  const request = async <T,>(method: Method, path: string, body?: unknown): Promise<T> => {
    const url = new URL(path, origin).href;
    const id = nextId++;
    const started = performance.now();
    const done = (status: number | null, responseBody: unknown) =>
      report({ id, method, url, ...(body === undefined ? {} : { requestBody: body }), status, responseBody, durationMs: performance.now() - started });
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
    } catch (error) {
      const message = `cannot reach the server: ${error instanceof Error ? error.message : String(error)}`;
      done(null, message);
      throw new ApiError(null, message);
    }
    const text = await response.text();
    const parsed = parseJson(text);
    done(response.status, parsed);
    if (!response.ok) throw new ApiError(response.status, `${method} ${path} → ${response.status}: ${describeDetail(parsed)}`);
    return parsed as T;
  };
  return { get: (path) => request('GET', path), post: (path, body) => request('POST', path, body), delete: (path) => request('DELETE', path) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** FastAPI's `detail`: a message, or pydantic's list of `{loc, msg}` errors. */
export function describeDetail(body: unknown): string {
  const detail = typeof body === 'object' && body !== null && 'detail' in body ? body.detail : body;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map((error: unknown) => {
        if (typeof error !== 'object' || error === null) return String(error);
        const { loc, msg } = error as { loc?: unknown; msg?: unknown };
        return `${Array.isArray(loc) ? loc.join('.') : ''}: ${String(msg)}`;
      })
      .join('; ');
  }
  return JSON.stringify(detail);
}
