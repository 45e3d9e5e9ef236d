/**
 * Asks an OpenAI-compatible chat-completions endpoint (OpenAI, vLLM, TGI, llama.cpp, Ollama,
 * …) for one completion per prompt: a single user message holding the prompt, as the
 * original's evaluation did with the chat template (docs/original-qubit-medic.md#eval), or the messages given (PhysiX
 * sends its system and user messages).
 *
 * Retries are ours rather than the SDK's, so every attempt is counted in the episode record and
 * the backoff is configurable: connection errors, timeouts, 408, 409, 429 and 5xx are retried
 * after retryDelayMs · 2^k (capped at 30 s; a `retry-after-ms` or `retry-after` header wins);
 * other HTTP errors (bad key, unknown model, bad request) are configuration errors and stop.
 */
import OpenAI from 'openai';

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

/** A chat message; a plain string prompt is sent as one user message. */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
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
  const client = new OpenAI({
    baseURL: settings.baseUrl,
    apiKey: settings.apiKey,
    maxRetries: 0,
    timeout: settings.timeoutMs,
  });
  return async (prompt) => {
    let lastError = '';
    for (let attempt = 1; attempt <= settings.retries + 1; attempt++) {
      const start = performance.now();
      try {
        const response = await client.chat.completions.create({
          model: settings.model,
          messages: typeof prompt === 'string' ? [{ role: 'user', content: prompt }] : prompt.map((m) => ({ ...m })),
          max_tokens: settings.maxTokens,
          temperature: settings.temperature,
        });
        const choice = response.choices[0];
        const usage = response.usage;
        return {
          completion: choice?.message?.content ?? '',
          usage:
            usage == null
              ? null
              : { prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens, total_tokens: usage.total_tokens },
          finishReason: choice?.finish_reason ?? null,
          latencyMs: Math.round(performance.now() - start),
          attempts: attempt,
        };
      } catch (error) {
        if (!isTransient(error)) {
          const status = error instanceof OpenAI.APIError && error.status !== undefined ? ` (HTTP ${error.status})` : '';
          throw new LlmRejectedError(`${settings.baseUrl} rejected the request${status}: ${describe(error)}`);
        }
        lastError = describe(error);
        if (attempt <= settings.retries) await sleep(retryDelay(error, settings.retryDelayMs, attempt));
      }
    }
    throw new LlmUnavailableError(`${settings.retries + 1} attempts failed; the last: ${lastError}`);
  };
}

function isTransient(error: unknown): boolean {
  if (error instanceof OpenAI.APIConnectionError) return true; // includes timeouts
  if (error instanceof OpenAI.APIError) {
    const status = error.status ?? 0;
    return status === 408 || status === 409 || status === 429 || status >= 500;
  }
  return false;
}

function retryDelay(error: unknown, baseMs: number, attempt: number): number {
  const headers = error instanceof OpenAI.APIError ? error.headers : undefined;
  const ms = Number(headers?.get('retry-after-ms'));
  if (headers?.get('retry-after-ms') != null && Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_DELAY_MS);
  const seconds = Number(headers?.get('retry-after'));
  if (headers?.get('retry-after') != null && Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_DELAY_MS);
  return Math.min(baseMs * 2 ** (attempt - 1), MAX_DELAY_MS);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
