/**
 * Cross-site protection. A server on the user's machine is reachable by every web page the user
 * visits: a page can POST to it (a `text/plain` body needs no CORS preflight), open WebSockets
 * to it (browsers do not apply CORS to them), or rename it through DNS rebinding (a name that
 * resolves to 127.0.0.1, under the page's own origin). So: state-changing requests and WebSocket
 * upgrades from another origin are refused unless the operator allows it; on a loopback bind
 * the `Host` must be a loopback name; JSON bodies must say they are JSON; HTML gets headers that
 * keep it out of frames and content sniffing.
 */
import { err, ok, type Result } from '@verilab/core';
import type { MiddlewareHandler } from 'hono';
import { detail } from './http-replies.ts';

export interface CrossSitePolicy {
  /** Origins besides the server's own that may drive it (`scheme://host[:port]`). */
  readonly allowedOrigins: ReadonlySet<string>;
  /** Host names served; undefined: any (bound to a non-loopback interface, names are the operator's). */
  readonly allowedHosts: ReadonlySet<string> | undefined;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

export function crossSitePolicy(bindHost: string, allowedOrigins: readonly string[]): CrossSitePolicy {
  const origins = new Set(allowedOrigins);
  const loopback = LOOPBACK_NAMES.includes(bindHost) || /^127\.\d+\.\d+\.\d+$/.test(bindHost);
  const originHosts = [...origins].map((origin) => new URL(origin).hostname.replace(/^\[|\]$/g, ''));
  return { allowedOrigins: origins, allowedHosts: loopback ? new Set([...LOOPBACK_NAMES, bindHost, ...originHosts]) : undefined };
}

/** `scheme://host[:port]` origins, comma-separated, each normalised; a bad entry is named. */
export function parseOrigins(text: string): Result<string[]> {
  const origins: string[] = [];
  for (const entry of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      return err([{ code: 'invalid-origin', path: [], message: `"${entry}" is not an origin (scheme://host[:port])` }]);
    }
    if (!['http:', 'https:'].includes(url.protocol) || url.origin !== entry.replace(/\/$/, '')) {
      return err([{ code: 'invalid-origin', path: [], message: `"${entry}" is not an origin (scheme://host[:port], no path)` }]);
    }
    origins.push(url.origin);
  }
  return ok(origins);
}

export interface RequestFacts {
  readonly method: string;
  readonly host: string | undefined;
  readonly origin: string | undefined;
  readonly contentType: string | undefined;
  /** The request has a body (a non-zero Content-Length or a Transfer-Encoding). */
  readonly hasBody: boolean;
  /** A WebSocket handshake: checked as a state change. */
  readonly upgrade: boolean;
}

export type Refusal = { readonly status: 403 | 415; readonly message: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function crossSiteRefusal(policy: CrossSitePolicy, request: RequestFacts): Refusal | undefined {
  if (policy.allowedHosts !== undefined && request.host !== undefined) {
    const name = hostName(request.host);
    if (!policy.allowedHosts.has(name)) {
      return { status: 403, message: `Host "${name.slice(0, 100)}" is not served here: this server listens on loopback (allow a name with VERILAB_ALLOWED_ORIGINS)` };
    }
  }
  if (SAFE_METHODS.has(request.method) && !request.upgrade) return undefined;
  const origin = request.origin;
  if (origin !== undefined && !policy.allowedOrigins.has(origin) && !sameOrigin(origin, request.host)) {
    return { status: 403, message: `Origin "${origin.slice(0, 100)}" may not use this server (allow it with VERILAB_ALLOWED_ORIGINS)` };
  }
  if (!request.upgrade && request.hasBody && request.contentType !== undefined && !isJsonType(request.contentType)) {
    return { status: 415, message: `Content-Type must be application/json, got "${request.contentType.slice(0, 100)}"` };
  }
  return undefined;
}

/** The header a page of the server's own origin sends: same host and port, over http or https (behind a TLS proxy). */
function sameOrigin(origin: string, host: string | undefined): boolean {
  return host !== undefined && (origin === `http://${host}` || origin === `https://${host}`);
}

function hostName(host: string): string {
  const bracketed = /^\[([^\]]*)\]/.exec(host);
  if (bracketed !== null) return bracketed[1] ?? '';
  return host.replace(/:\d*$/, '').toLowerCase();
}

function isJsonType(contentType: string): boolean {
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || (media.startsWith('application/') && media.endsWith('+json'));
}

/**
 * The HTTP side as Hono middleware: refuses what `crossSiteRefusal` refuses (in FastAPI's
 * `{"detail": …}` shape) and adds `securityHeaders` to every reply, refusals and 404s included.
 * Not hono/secure-headers: its defaults add headers this server never sent, and it cannot give
 * HTML its own set.
 */
export function crossSiteGuard(policy: CrossSitePolicy): MiddlewareHandler {
  return async (c, next) => {
    const headers = c.req.raw.headers;
    const refused = crossSiteRefusal(policy, {
      method: c.req.method,
      host: headers.get('host') ?? undefined,
      origin: headers.get('origin') ?? undefined,
      contentType: headers.get('content-type') ?? undefined,
      hasBody: (headers.get('content-length') ?? '0') !== '0' || headers.has('transfer-encoding'),
      upgrade: false,
    });
    if (refused === undefined) await next();
    else c.res = detail(refused.status, refused.message);
    for (const [name, value] of Object.entries(securityHeaders(c.res.headers.get('content-type')))) c.res.headers.set(name, value);
  };
}

/** Headers for every reply: no content sniffing; HTML also stays out of frames and runs only its own code. */
export function securityHeaders(contentType: string | null): Record<string, string> {
  if (contentType === null || !contentType.startsWith('text/html')) return { 'x-content-type-options': 'nosniff' };
  return {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'content-security-policy':
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  };
}
