/**
 * The curl command that repeats one of the UI's requests, for the OpenEnv explorer: what a
 * reader pastes into a shell to see the same exchange without the browser. Arguments are
 * single-quoted for POSIX shells (a quote inside becomes '\'').
 */
export interface CurlRequest {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Absolute URL. */
  readonly url: string;
  /** JSON body, sent as compact JSON; absent for GET and DELETE. */
  readonly body?: unknown;
}

export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export function curlCommand(request: CurlRequest): string {
  const parts = ['curl', '-sS'];
  if (request.method !== 'GET') parts.push('-X', request.method);
  parts.push(shellQuote(request.url));
  if (request.body !== undefined) {
    parts.push('-H', shellQuote('content-type: application/json'), '-d', shellQuote(JSON.stringify(request.body)));
  }
  return parts.join(' ');
}
