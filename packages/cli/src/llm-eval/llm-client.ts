/**
 * Asks an OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, TGI, llama.cpp, Ollama,
 * …) for one completion per prompt: a single user message holding the prompt, as the
 * original's evaluation did with the chat template (docs/original-qubit-medic.md#eval), or the messages given (PhysiX
 * sends its system and user messages).
 *
 * One request is openenv's `chatCompletion` (plain `fetch`, one timeout over the whole exchange,
 * redirects not followed, replies capped at 1 MiB, failures as values); this module adds the
 * retries, so every attempt is counted in the episode record and the backoff is configurable:
 * unreachable endpoints, timeouts, 408, 409, 429 and 5xx are retried after retryDelayMs · 2^k
 * (capped at 30 s; the endpoint's `retry-after-ms` or `retry-after` wins); other failures (bad
 * key, unknown model, bad request, a redirect, a reply that is not a chat completion) are
 * configuration errors and stop.
 */
import { firstIssue } from '@verilab/core';
import { chatCompletion, type ChatFailure, type ChatMessage } from '@verilab/openenv';

export type { ChatMessage };

export interface LlmSettings {
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey: string;
  readonly timeoutMs: number;
  /** Retries after the first attempt. */
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly maxTokens: number;
  readonly temperature: number;
}

export interface TokenUsage {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
  readonly total_tokens: number;
}

export interface LlmAnswer {
  readonly completion: string;
  readonly usage: TokenUsage | null;
  readonly finishReason: string | null;
  /** Wall time of the successful attempt. */
  readonly latencyMs: number;
  readonly attempts: number;
}

/** The endpoint refused the request in a way retrying cannot fix. */
export class LlmRejectedError extends Error {
  override readonly name = 'LlmRejectedError';
}

/** Every attempt failed with a transient error. */
export class LlmUnavailableError extends Error {
  override readonly name = 'LlmUnavailableError';
}

const MAX_DELAY_MS = 30_000;

export function createLlmClient(settings: LlmSettings): (prompt: string | readonly ChatMessage[]) => Promise<LlmAnswer> {
  const baseUrl = new URL(settings.baseUrl);
  return async (prompt) => {
    let lastError = '';
    for (let attempt = 1; attempt <= settings.retries + 1; attempt++) {
      const reply = await chatCompletion({
        baseUrl,
        apiKey: settings.apiKey,
        model: settings.model,
        messages: typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : prompt,
        maxTokens: settings.maxTokens,
        temperature: settings.temperature,
        timeoutMs: settings.timeoutMs,
      });
      if (reply.ok) {
        const { completion, usage, finishReason, latencyMs } = reply.value;
        return { completion, usage: tokenUsage(usage), finishReason, latencyMs: Math.round(latencyMs), attempts: attempt };
      }
      const failure = firstIssue(reply);
      if (!isTransient(failure)) {
        const status = failure.status === undefined ? '' : ` (HTTP ${failure.status})`;
        throw new LlmRejectedError(`${settings.baseUrl} rejected the request${status}: ${failure.message}`);
      }
      lastError = failure.message;
      if (attempt <= settings.retries) await sleep(Math.min(failure.retryAfterMs ?? settings.retryDelayMs * 2 ** (attempt - 1), MAX_DELAY_MS));
    }
    throw new LlmUnavailableError(`${settings.retries + 1} attempts failed; the last: ${lastError}`);
  };
}

function isTransient(failure: ChatFailure): boolean {
  if (failure.kind === 'unreachable' || failure.kind === 'timeout') return true;
  const status = failure.kind === 'http' ? (failure.status ?? 0) : 0;
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/** The three counts the episode records carry, when the endpoint reported all of them. */
function tokenUsage(usage: Readonly<Record<string, number>> | null): TokenUsage | null {
  const { prompt_tokens, completion_tokens, total_tokens } = usage ?? {};
  return prompt_tokens === undefined || completion_tokens === undefined || total_tokens === undefined ? null : { prompt_tokens, completion_tokens, total_tokens };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
