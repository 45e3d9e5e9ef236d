/**
 * Which OpenAI-compatible endpoints the server may call on a client's behalf (PhysiX
 * `llm-step`). The original accepted any `base_url` and fell back to the server's own API keys
 * (docs/original-physix.md#w12): server-side request forgery with borrowed credentials. Here a client's
 * `base_url` must match an allow-list entry before anything is sent, and the check works on the
 * parsed URL (WHATWG), never on the text, so `http://127.0.0.1:80@10.0.0.1/` (userinfo),
 * `http://127.0.0.1.example.com/` or `http://0x7f.1/` cannot pass for what they are not.
 *
 * An entry is `scheme://host[:port|:*][/path]`: the scheme and host must be equal, the port
 * equal (no port: the scheme's default; `*`: any), and the URL's path must be the entry's path
 * or below it. The default is loopback only, which covers a local Ollama, vLLM or llama.cpp.
 */
import { err, ok, type Result } from '@verilab/core';

export interface UrlPattern {
  /** As configured, for messages. */
  readonly text: string;
  readonly protocol: 'http:' | 'https:';
  /** WHATWG-normalised hostname (lower case, IPv6 in brackets, IPv4 in dotted decimal). */
  readonly hostname: string;
  /** `*` for any port, `''` for the scheme's default, else the port number. */
  readonly port: string;
  /** Path prefix without a trailing slash (`''` for any path). */
  readonly path: string;
}

export const DEFAULT_LLM_ALLOWED_URLS = 'http://127.0.0.1:*,http://localhost:*,http://[::1]:*';

/** One issue with the whole text (a setting or a request field), so no path. */
const invalid = (code: string, message: string) => err([{ code, path: [], message }]);

/** Hosts are names (ASCII, IDNs in punycode), IPv4 or bracketed IPv6: no wildcards, no userinfo. */
const ENTRY = /^(https?):\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\*|\d{1,5}))?(\/[^?#]*)?$/;

export function parseUrlPattern(text: string): Result<UrlPattern> {
  const trimmed = text.trim();
  const match = ENTRY.exec(trimmed);
  if (match === null) {
    return invalid('invalid-url-pattern', `"${trimmed}" is not scheme://host[:port|:*][/path] with scheme http or https`);
  }
  const [, scheme, host, port, path] = match as unknown as [string, string, string, string | undefined, string | undefined];
  let url: URL;
  try {
    url = new URL(`${scheme}://${host}${port === undefined || port === '*' ? '' : `:${port}`}${path ?? ''}`);
  } catch {
    return invalid('invalid-url-pattern', `"${trimmed}" is not a valid URL pattern`);
  }
  return ok({ text: trimmed, protocol: url.protocol as UrlPattern['protocol'], hostname: url.hostname, port: port === '*' ? '*' : url.port, path: trimSlash(url.pathname) });
}

/** A comma-separated list; `none` allows no client-chosen URL at all. */
export function parseUrlPatterns(text: string): Result<UrlPattern[]> {
  if (text.trim().toLowerCase() === 'none') return ok([]);
  const patterns: UrlPattern[] = [];
  for (const item of text.split(',')) {
    if (item.trim() === '') continue;
    const parsed = parseUrlPattern(item);
    if (!parsed.ok) return parsed;
    patterns.push(parsed.value);
  }
  return patterns.length === 0 ? invalid('empty-allow-list', 'expected at least one URL pattern (or "none")') : ok(patterns);
}

/**
 * Parses an endpoint base URL (e.g. `http://localhost:11434/v1`): http or https, no
 * credentials, query or fragment (the server appends `/chat/completions` to the path).
 */
export function parseBaseUrl(text: string): Result<URL> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return invalid('invalid-base-url', `base_url ${JSON.stringify(text.slice(0, 200))} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return invalid('invalid-base-url', `base_url must be http or https, not ${url.protocol}`);
  if (url.username !== '' || url.password !== '') return invalid('invalid-base-url', 'base_url must not carry credentials; pass api_key instead');
  if (url.search !== '' || url.hash !== '') return invalid('invalid-base-url', 'base_url must not have a query or a fragment');
  return ok(url);
}

export function matchesPattern(url: URL, pattern: UrlPattern): boolean {
  if (url.protocol !== pattern.protocol || url.hostname !== pattern.hostname) return false;
  if (pattern.port !== '*' && url.port !== pattern.port) return false;
  const path = trimSlash(url.pathname);
  return pattern.path === '' || path === pattern.path || path.startsWith(`${pattern.path}/`);
}

/** The same endpoint: equal after normalisation (trailing slash ignored). */
export function sameEndpoint(a: URL, b: URL): boolean {
  return a.origin === b.origin && trimSlash(a.pathname) === trimSlash(b.pathname);
}

function trimSlash(path: string): string {
  return path.replace(/\/+$/, '');
}
