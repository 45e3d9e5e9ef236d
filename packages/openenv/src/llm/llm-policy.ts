import { err, ok, type Result } from '@verilab/core';
import type { ServerConfig } from '../server-config.ts';
import type { ChatFailureKind } from './chat-completions.ts';
import { LlmCallGate } from './llm-call-gate.ts';
import { matchesPattern, parseBaseUrl, sameEndpoint, type UrlPattern } from './llm-allow-list.ts';

/**
 * Who may be called with which key when a client asks the server to query a model:
 *
 * - a client-named `base_url` must be on the allow-list (or be the server's own endpoint);
 *   anything else is refused here, before any connection is attempted;
 * - the server's key goes only to the server's own configured endpoint, never to a URL a
 *   client chose;
 * - a client's key goes only to an allowed URL, which it names itself.
 */
export interface LlmPolicy {
  readonly allowed: readonly UrlPattern[];
  readonly serverEndpoint?: { readonly url: URL; readonly apiKey?: string | undefined; readonly model?: string | undefined } | undefined;
  readonly timeoutMs: number;
  readonly callsPerMinute: number;
  /** The server-wide in-flight cap and per-episode budget (one gate per server, shared by its hosts). */
  readonly gate?: LlmCallGate | undefined;
}

/** Model calls in flight over the whole server: each holds a socket and waits up to the call timeout. */
export const MAX_LLM_CALLS_IN_FLIGHT = 32;
/** Model calls one episode token may ask for (`/llm-answer`): a user asking again, not a budget to drain. */
export const MAX_LLM_CALLS_PER_EPISODE = 3;

export function llmPolicyOf(config: ServerConfig): LlmPolicy {
  return {
    allowed: config.llmAllowedUrls,
    serverEndpoint: config.llmBaseUrl === undefined ? undefined : { url: new URL(config.llmBaseUrl), apiKey: config.llmApiKey, model: config.llmModel },
    timeoutMs: config.llmTimeoutMs,
    callsPerMinute: config.llmCallsPerMinute,
    gate: new LlmCallGate({ maxInFlight: MAX_LLM_CALLS_IN_FLIGHT, perKey: MAX_LLM_CALLS_PER_EPISODE, serverKeyPerMinute: config.llmServerKeyCallsPerMinute }),
  };
}

export interface EndpointRequest {
  readonly base_url?: string | null | undefined;
  readonly api_key?: string | null | undefined;
  readonly model?: string | null | undefined;
}

export interface ResolvedEndpoint {
  readonly url: URL;
  readonly apiKey: string | undefined;
  readonly model: string;
  /** The call spends the operator's key (`VERILAB_LLM_API_KEY`), not the client's. */
  readonly serverKey: boolean;
  /** The URL is the operator's own endpoint (`VERILAB_LLM_BASE_URL`), not one the client named. */
  readonly operatorEndpoint: boolean;
}

/** Why a request names no endpoint it may call: `forbidden`, a URL off the allow-list (403); `invalid`, a malformed or incomplete request (400). */
export interface EndpointRefusal {
  readonly kind: 'forbidden' | 'invalid';
  readonly message: string;
}

export type EndpointDecision = Result<ResolvedEndpoint, EndpointRefusal>;

export function resolveEndpoint(policy: LlmPolicy, request: EndpointRequest): EndpointDecision {
  const own = policy.serverEndpoint;
  const clientKey = request.api_key ?? undefined;
  let url: URL;
  let apiKey: string | undefined;
  if (request.base_url == null) {
    if (own === undefined) {
      return err([{ kind: 'invalid', message: 'base_url is required: this server has no default LLM endpoint (VERILAB_LLM_BASE_URL)' }]);
    }
    url = own.url;
    apiKey = clientKey ?? own.apiKey;
  } else {
    const parsed = parseBaseUrl(request.base_url);
    if (!parsed.ok) return err([{ kind: 'invalid', message: parsed.issues.map((issue) => issue.message).join('; ') }]);
    url = parsed.value;
    if (own !== undefined && sameEndpoint(url, own.url)) apiKey = clientKey ?? own.apiKey;
    else if (policy.allowed.some((pattern) => matchesPattern(url, pattern))) apiKey = clientKey;
    else {
      return err([
        {
          kind: 'forbidden',
          message: `base_url ${url.origin}${url.pathname} is not on this server's LLM allow-list (${policy.allowed.length === 0 ? 'empty' : policy.allowed.map((p) => p.text).join(', ')}); the operator can extend it with VERILAB_LLM_ALLOWED_URLS`,
        },
      ]);
    }
  }
  const operatorEndpoint = own !== undefined && sameEndpoint(url, own.url);
  const model = request.model ?? (operatorEndpoint ? own.model : undefined);
  if (model === undefined || model === '') return err([{ kind: 'invalid', message: 'model is required' }]);
  return ok({ url, apiKey, model, serverKey: apiKey !== undefined && apiKey === own?.apiKey && clientKey === undefined, operatorEndpoint });
}

/** What every failed call to a client-named endpoint answers, whatever went wrong (see failureReply). */
export const CLIENT_ENDPOINT_FAILURE = 'the model endpoint did not return a chat completion';

/**
 * The HTTP status and message a failed model call answers. A client-named endpoint gets one
 * status and message for a closed port, an HTTP error and a non-chat reply alike: otherwise a
 * client could map which loopback ports on the server are open by naming them. The operator's
 * own endpoint keeps the detail (it is their service). A timeout stays a 504 either way: the
 * client can measure the wait regardless.
 */
export function failureReply(endpoint: ResolvedEndpoint, failure: { readonly kind: ChatFailureKind; readonly message: string }): { readonly status: number; readonly message: string } {
  const detailed = `the model endpoint failed (${failure.kind}): ${failure.message}`;
  if (failure.kind === 'timeout') return { status: 504, message: detailed };
  // nginx's "client closed request": nobody reads this reply; the status says why the call ended.
  if (failure.kind === 'cancelled') return { status: 499, message: failure.message };
  return { status: 502, message: endpoint.operatorEndpoint ? detailed : CLIENT_ENDPOINT_FAILURE };
}
