import { firstIssue } from '@verilab/core';
import type { QubitMedicObservation } from '@verilab/qubit-medic';
import { hostedRoute, type HostedRoute, type JsonReply, type StepReadiness } from '../hosted-environment.ts';
import { RETRY_NOT_READY_SECONDS } from '../http/http-replies.ts';
import { chatCompletion, type Fetch } from '../llm/chat-completions.ts';
import { LlmCallGate } from '../llm/llm-call-gate.ts';
import { MAX_LLM_CALLS_IN_FLIGHT, MAX_LLM_CALLS_PER_EPISODE, failureReply, resolveEndpoint, type LlmPolicy } from '../llm/llm-policy.ts';
import { LlmAnswerRequestModel, type LlmAnswerRequest, type QubitMedicEpisode } from './qubit-medic-models.ts';

/**
 * Qubit-Medic's `POST /llm-answer`: asks an allow-listed OpenAI-compatible endpoint to answer an
 * episode, so the web UI's "Ask an LLM" works without the browser calling a model. The episode
 * is rebuilt from its token WITHOUT stepping it (the token stays unspent; the client submits the
 * completion through the ordinary step), and the reply carries only the completion, never the
 * ground truth. The same rules as PhysiX's `llm-step` (see llm-policy.ts): a URL off the list is
 * refused before any connection, the server's key goes only to its own endpoint, each call runs
 * under the per-call timeout and ends when the client closes its request (a Cancel in the web
 * UI), and calls in flight are capped server-wide and per episode token (llm-call-gate.ts).
 */
export interface LlmAnswerDeps {
  readonly llm: LlmPolicy;
  readonly fetch: Fetch;
  /** Whether the episode's physics is ready to observe (its level may be rebuilding); asked before `observe`. */
  ready(episode: QubitMedicEpisode): StepReadiness;
  /** The observation of an episode (deterministic in its spec). */
  observe(episode: QubitMedicEpisode, token: string): QubitMedicObservation;
}

export function llmAnswerRoute(deps: LlmAnswerDeps): HostedRoute {
  const gate = deps.llm.gate ?? new LlmCallGate({ maxInFlight: MAX_LLM_CALLS_IN_FLIGHT, perKey: MAX_LLM_CALLS_PER_EPISODE });
  const answer = async (request: LlmAnswerRequest, episode: QubitMedicEpisode, signal: AbortSignal): Promise<JsonReply> => {
    const ready = deps.ready(episode);
    if (!ready.ok) return { status: 503, body: { detail: ready.message }, headers: { 'retry-after': String(RETRY_NOT_READY_SECONDS) } };
    const endpoint = resolveEndpoint(deps.llm, request);
    if (!endpoint.ok) {
      const refusal = firstIssue(endpoint);
      return detail(refusal.kind === 'forbidden' ? 403 : 400, refusal.message);
    }
    const ticket = gate.take(request.episode_id, endpoint.value.serverKey);
    if (!ticket.ok) return detail(ticket.status, ticket.message);
    const { prompt } = deps.observe(episode, request.episode_id);
    try {
      const reply = await chatCompletion(
        {
          baseUrl: endpoint.value.url,
          apiKey: endpoint.value.apiKey,
          model: endpoint.value.model,
          messages: [{ role: 'user', content: prompt }],
          temperature: request.temperature ?? undefined,
          maxTokens: request.max_tokens ?? undefined,
          timeoutMs: deps.llm.timeoutMs,
          signal,
        },
        deps.fetch,
      );
      if (!reply.ok) {
        const failed = failureReply(endpoint.value, firstIssue(reply));
        return detail(failed.status, failed.message);
      }
      return {
        status: 200,
        body: { completion: reply.value.completion, model: reply.value.model ?? endpoint.value.model, latency_s: reply.value.latencyMs / 1000, usage: reply.value.usage },
      };
    } finally {
      ticket.release();
    }
  };
  return hostedRoute({
    method: 'POST',
    path: '/llm-answer',
    summary: "Ask an allow-listed OpenAI-compatible endpoint to answer an episode (the token stays unspent; step with the completion)",
    body: LlmAnswerRequestModel,
    handle: (request, _params, context) => {
      const opened = context.peekEpisode(request.episode_id);
      return opened.ok ? answer(request, opened.value as QubitMedicEpisode, context.signal) : detail(400, firstIssue(opened).message);
    },
  });
}

function detail(status: number, message: string): JsonReply {
  return { status, body: { detail: message } };
}
