/**
 * Test support: HTTP calls against a server, returning status, raw text and JSON. `fetch` is the
 * network's by default; tests without a socket pass the Hono app's `request`.
 */
export interface HttpReply {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  readonly json: any;
}

export type Fetcher = (url: string, init: RequestInit) => Response | Promise<Response>;

export interface HttpClient {
  get(path: string): Promise<HttpReply>;
  post(path: string, body?: unknown): Promise<HttpReply>;
  call(method: string, path: string, body?: unknown): Promise<HttpReply>;
  /** The raw exchange, for bodies and options the helpers above do not cover. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
}

export function httpClient(baseUrl: string, fetcher: Fetcher = fetch): HttpClient {
  const send = async (path: string, init: RequestInit = {}) => fetcher(`${baseUrl}${path}`, init);
  const call = async (method: string, path: string, body?: unknown): Promise<HttpReply> => {
    const init: RequestInit = { method, signal: AbortSignal.timeout(10_000) };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const response = await send(path, init);
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, text, headers: response.headers, json };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown) => call('POST', path, body),
    call,
    fetch: send,
  };
}
