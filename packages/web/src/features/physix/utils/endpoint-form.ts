import { rangeProblem, type Bounds } from '../../../lib/server-limits.ts';
import type { LlmRequest } from '../api/physix-backend.ts';

/**
 * An OpenAI-compatible endpoint for `llm-step`. The server calls it, never the browser, and only
 * if the URL is on its allow-list (loopback by default: a local Ollama, vLLM or llama.cpp); an
 * empty URL means the server's own configured endpoint. A key typed here goes only to that URL.
 */
export interface EndpointForm {
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey: string;
  readonly temperature: string;
}

export const DEFAULT_ENDPOINT: EndpointForm = { baseUrl: 'http://127.0.0.1:11434/v1', model: '', apiKey: '', temperature: '0.4' };

export function llmRequest(form: EndpointForm): LlmRequest {
  const temperature = Number(form.temperature);
  return {
    ...(form.baseUrl.trim() === '' ? {} : { base_url: form.baseUrl.trim() }),
    ...(form.model.trim() === '' ? {} : { model: form.model.trim() }),
    ...(form.apiKey === '' ? {} : { api_key: form.apiKey }),
    ...(form.temperature.trim() === '' || !Number.isFinite(temperature) ? {} : { temperature }),
  };
}

/**
 * What must be filled in before the server can call the endpoint (an endpoint URL without a
 * model is refused); `temperature` is the range the server's route accepts (server-limits.ts).
 */
export function endpointProblem(form: EndpointForm, temperature: Bounds | undefined): string | undefined {
  if (form.baseUrl.trim() !== '' && form.model.trim() === '') return 'name the model this endpoint serves';
  if (form.temperature.trim() !== '') return rangeProblem('temperature', form.temperature, temperature, 'number');
  return undefined;
}
