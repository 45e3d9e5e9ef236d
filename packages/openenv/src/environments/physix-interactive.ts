import { firstIssue } from '@verilab/core';
import {
  buildPrompt,
  getSystem,
  groundTruthAction,
  instantiate,
  isDone,
  listSystems,
  observeEpisode,
  parseCompletion,
  stepEpisode,
  wireObservation,
  wireVerificationReport,
  type PhysixAction,
} from '@verilab/physix';
import { hostedRoute, type HostedRoute, type JsonReply } from '../hosted-environment.ts';
import { chatCompletion, type Fetch } from '../llm/chat-completions.ts';
import { LlmCallGate } from '../llm/llm-call-gate.ts';
import { failureReply, MAX_LLM_CALLS_IN_FLIGHT, resolveEndpoint, type LlmPolicy } from '../llm/llm-policy.ts';
import { DirectStepRequestModel, LlmStepRequestModel, StartRequestModel, type LlmStepRequest } from './physix-models.ts';
import type { InteractiveSession, InteractiveSessionStore } from './physix-sessions.ts';
import { describeSystem, startPhysixEpisode } from './physix-wire.ts';

/**
 * The original's `/interactive/*` session API (docs/original-physix.md#interactive-api), as its typed frontend client
 * calls it: list systems, start a session, step it directly or through a model (`llm-step`),
 * inspect it, end it. Unlike the original, sessions are capped and expire when idle, and
 * `llm-step` calls only allow-listed endpoints (see llm-policy.ts), under a per-call timeout,
 * a per-session rate limit, one step at a time per session and a server-wide cap on calls in
 * flight. Each step's response carries the hypothesis' predicted trajectory for plotting.
 *
 * Once an episode is over, inspecting or ending its session reveals the ground truth (the
 * session can no longer be stepped, and a hidden seed is never reused).
 */
export interface InteractiveDeps {
  readonly sessions: InteractiveSessionStore;
  readonly llm: LlmPolicy;
  readonly fetch: Fetch;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
}

export function interactiveRoutes(deps: InteractiveDeps): HostedRoute[] {
  // One in-flight cap for the whole server, shared with Qubit-Medic's /llm-answer.
  const gate = deps.llm.gate ?? new LlmCallGate({ maxInFlight: MAX_LLM_CALLS_IN_FLIGHT, perKey: Number.POSITIVE_INFINITY });
  const withSession = (id: string | undefined, run: (session: InteractiveSession) => JsonReply | Promise<JsonReply>) => {
    const session = deps.sessions.get(id ?? '');
    return session === undefined ? detail(404, `unknown interactive session ${JSON.stringify(id)}: it ended, expired after being idle, or never existed`) : run(session);
  };
  const stepAllowed = (session: InteractiveSession): JsonReply | undefined => {
    if (isDone(session.state)) return detail(409, `session ${session.id} is done (turn ${session.state.history.length} of ${session.state.maxTurns}); start a new session`);
    if (session.busy) return detail(409, `session ${session.id} is already taking a step; wait for it`);
    return undefined;
  };

  const llmStep = async (session: InteractiveSession, request: LlmStepRequest, signal: AbortSignal): Promise<JsonReply> => {
    const refused = stepAllowed(session);
    if (refused !== undefined) return refused;
    // The URL is judged before anything else happens: a refused endpoint is never contacted.
    const endpoint = resolveEndpoint(deps.llm, request);
    if (!endpoint.ok) {
      const refusal = firstIssue(endpoint);
      return detail(refusal.kind === 'forbidden' ? 403 : 400, refusal.message);
    }
    const slot = gate.take(undefined, endpoint.value.serverKey);
    if (!slot.ok) return detail(slot.status, slot.message);
    const allowed = deps.sessions.takeLlmCall(session, deps.llm.callsPerMinute);
    if (!allowed.ok) {
      slot.release();
      return detail(429, `session ${session.id} made ${deps.llm.callsPerMinute} model calls in the last minute; retry in ${allowed.retryAfterSeconds} s`);
    }
    session.busy = true;
    try {
      const reply = await chatCompletion(
        {
          baseUrl: endpoint.value.url,
          apiKey: endpoint.value.apiKey,
          model: endpoint.value.model,
          messages: buildPrompt(observeEpisode(session.state)),
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
      if (!deps.sessions.holds(session)) return detail(404, `session ${session.id} ended while the model was answering`);
      const parsed = parseCompletion(reply.value.completion);
      const stepped = step(session, parsed.action);
      return ok({
        ...stepped,
        action: { equation: parsed.action.equation, params: parsed.action.params ?? {}, rationale: parsed.action.rationale ?? '' },
        parse_error: parsed.error ?? null,
        raw_completion: reply.value.completion,
        latency_s: reply.value.latencyMs / 1000,
        model: endpoint.value.model,
        usage: reply.value.usage,
      });
    } finally {
      session.busy = false;
      session.lastActive = deps.now();
      slot.release();
    }
  };

  return [
    {
      method: 'GET',
      path: '/interactive/systems',
      summary: 'List the systems (SystemDescriptor: system_id, state_variables, tier, title)',
      handle: () => ok(listSystems().map(describeSystem)),
    },
    hostedRoute({
      method: 'POST',
      path: '/interactive/sessions',
      summary: 'Start an interactive session (optional system_id, seed, max_turns, reward_profile, fit)',
      body: StartRequestModel,
      bodyOptional: true,
      handle: (request) => {
        const { state, observation } = startPhysixEpisode(request);
        const created = deps.sessions.create(state, request.seed ?? null);
        if (!created.ok) return detail(503, firstIssue(created).message);
        return ok({
          session_id: created.value.id,
          observation: wireObservation(observation),
          system: describeSystem(getSystem(state.systemId)!),
          max_turns: state.maxTurns,
          seed: created.value.chosenSeed,
        });
      },
    }),
    {
      method: 'GET',
      path: '/interactive/sessions/:id',
      summary: 'Inspect a session (SessionSummary; the ground truth once the episode is done)',
      handle: (_body, params) => withSession(params['id'], (session) => ok(summary(session))),
    },
    {
      method: 'DELETE',
      path: '/interactive/sessions/:id',
      summary: 'End a session',
      handle: (_body, params) => {
        const session = deps.sessions.end(params['id'] ?? '');
        return session === undefined ? detail(404, `unknown interactive session ${JSON.stringify(params['id'])}`) : ok({ ...summary(session), ended: true });
      },
    },
    hostedRoute({
      method: 'POST',
      path: '/interactive/sessions/:id/step',
      summary: "Step a session with a PhysiXAction; returns the observation and the hypothesis' predicted trajectory",
      body: DirectStepRequestModel,
      handle: (action, params) => withSession(params['id'], (session) => stepAllowed(session) ?? ok(step(session, action))),
    }),
    hostedRoute({
      method: 'POST',
      path: '/interactive/sessions/:id/llm-step',
      summary: 'Ask an allow-listed OpenAI-compatible endpoint for the next action and step with it',
      body: LlmStepRequestModel,
      handle: (request, params, context) => withSession(params['id'], (session) => llmStep(session, request, context.signal)),
    }),
  ];
}

function step(session: InteractiveSession, action: PhysixAction): Record<string, unknown> {
  const outcome = stepEpisode(session.state, action);
  session.state = outcome.state;
  return {
    observation: wireObservation(outcome.observation),
    predicted_trajectory: outcome.predictedTrajectory,
    verification: wireVerificationReport(outcome.verification),
  };
}

function summary(session: InteractiveSession): Record<string, unknown> {
  const { state } = session;
  const system = getSystem(state.systemId)!;
  const observation = observeEpisode(state);
  const done = isDone(state);
  return {
    session_id: session.id,
    system: describeSystem(system),
    max_turns: state.maxTurns,
    seed: session.chosenSeed,
    turn: observation.turn,
    done,
    converged: observation.converged,
    best_r_match: Math.max(0, ...state.history.map((entry) => entry.score.match)),
    llm_calls: session.llmCalls,
    created_at: new Date(session.createdAt).toISOString(),
    last_active_at: new Date(session.lastActive).toISOString(),
    observation: wireObservation(observation),
    ...(done ? { ground_truth: groundTruth(state.systemId, state.seed) } : {}),
  };
}

function groundTruth(systemId: string, seed: number): Record<string, unknown> {
  const instance = instantiate(getSystem(systemId)!, seed);
  const { equation, params } = groundTruthAction(instance);
  return { equation, params, initial_conditions: instance.initialConditions };
}

function ok(body: unknown): JsonReply {
  return { status: 200, body };
}

function detail(status: number, message: string): JsonReply {
  return { status, body: { detail: message } };
}
