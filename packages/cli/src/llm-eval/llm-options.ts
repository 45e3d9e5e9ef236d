/**
 * The LLM flags of the evaluation commands (`verilab eval --policy llm`, `verilab physix
 * eval`), the client they configure, and the settings that decide what a model answers (part
 * of a run's identity and of its summary).
 */
import type { Command } from 'commander';
import { CliError } from '../cli-error.ts';
import { parseNonNegativeInteger, parseNumberIn, parsePositiveInteger } from '../flag-parsers.ts';
import { createLlmClient, type ChatMessage, type LlmAnswer } from './llm-client.ts';

export interface LlmOptions {
  baseUrl: string;
  model: string;
  apiKey?: string;
  concurrency: number;
  retries: number;
  retryDelayMs: number;
  timeoutMs: number;
  maxTokens: number;
  temperature: number;
}

export interface LlmFlagSettings {
  /** Put before every description, e.g. 'llm: ' where the flags serve one policy of several. */
  readonly scope: string;
  /** --base-url and --model must be given (else the command checks them when it needs them). */
  readonly required: boolean;
  readonly maxTokens: number;
  readonly temperatureNote: string;
}

export function addLlmOptions(command: Command, { scope, required, maxTokens, temperatureNote }: LlmFlagSettings): Command {
  const endpoint = (flags: string, description: string) => (required ? command.requiredOption(flags, description) : command.option(flags, description));
  endpoint('--base-url <url>', `${scope}OpenAI-compatible API base URL, e.g. http://localhost:8000/v1`);
  endpoint('--model <name>', `${scope}model name`);
  return command
    .option('--api-key <key>', `${scope}API key (default: $OPENAI_API_KEY)`)
    .option('--concurrency <n>', `${scope}episodes in flight`, parsePositiveInteger, 4)
    .option('--retries <n>', `${scope}retries of a failed request`, parseNonNegativeInteger, 3)
    .option('--retry-delay-ms <ms>', `${scope}first retry delay, doubling per retry`, parseNonNegativeInteger, 1000)
    .option('--timeout-ms <ms>', `${scope}per-request timeout`, parsePositiveInteger, 120_000)
    .option('--max-tokens <n>', `${scope}completion token limit`, parsePositiveInteger, maxTokens)
    .option('--temperature <t>', `${scope}sampling temperature${temperatureNote}`, parseNumberIn(0, 2), 0);
}

export function llmClientOf(options: LlmOptions): (prompt: string | readonly ChatMessage[]) => Promise<LlmAnswer> {
  try {
    new URL(options.baseUrl);
  } catch {
    throw new CliError(`--base-url "${options.baseUrl}" is not a URL`);
  }
  return createLlmClient({
    baseUrl: options.baseUrl,
    model: options.model,
    // Local servers (vLLM, llama.cpp, Ollama) accept any key; a real endpoint answers 401, reported as such.
    apiKey: options.apiKey ?? process.env['OPENAI_API_KEY'] ?? 'no-key',
    timeoutMs: options.timeoutMs,
    retries: options.retries,
    retryDelayMs: options.retryDelayMs,
    maxTokens: options.maxTokens,
    temperature: options.temperature,
  });
}

/** The model settings a run's identity and its summary name, in that order. */
export function llmRunSettings(options: Pick<LlmOptions, 'maxTokens' | 'temperature'> & { readonly model?: string | undefined }) {
  return { model: options.model, max_tokens: options.maxTokens, temperature: options.temperature };
}
