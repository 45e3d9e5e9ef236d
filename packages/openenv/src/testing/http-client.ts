/**
 * Test support: HTTP calls against a running server, returning status, raw text and JSON.
 */
export interface HttpReply {
  readonly status: number;
  readonly text: string;
  readonly headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  readonly json: any;
}

export function httpClient(baseUrl: string) {
  const call = async (method: string, path: string, body?: unknown): Promise<HttpReply> => {
    const init: RequestInit = { method, signal: AbortSignal.timeout(10_000) };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const response = await fetch(`${baseUrl}${path}`, init);
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
  };
}
