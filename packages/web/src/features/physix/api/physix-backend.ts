import {
  getSystem,
  groundTruthAction,
  instantiate,
  isDone,
  MAX_TURNS_LIMIT,
  resetEpisode,
  stepEpisode,
  wireObservation,
  wireVerificationReport,
  type EpisodeState,
  type PhysixAction,
  type PhysixWireObservation,
  type RewardProfile,
  type TrajectorySample,
  type WireVerificationReport,
} from '@verilab/physix';
import type { ApiClient } from '../../../lib/api-client.ts';
import { bodyFieldBounds, serverDocument, type Bounds } from '../../../lib/server-limits.ts';

/**
 * Where PhysiX episodes run. On a server that hosts PhysiX, the original's interactive session
 * API under `/envs/physix/interactive/` (start, step, llm-step, end), so every turn shows in the
 * explorer and models can be asked. Otherwise the pure episode machine of @verilab/physix in
 * the browser — the same code the server runs — for manual turns only.
 */
/** What the page shows: the observation in the original's wire names, as the server sends it. */
export type PhysixView = PhysixWireObservation;

export interface EpisodeConfig {
  readonly system_id: string;
  readonly seed: number;
  readonly max_turns: number;
  readonly reward_profile: RewardProfile;
  readonly fit: boolean;
}

export interface Started {
  readonly session_id: string;
  readonly seed: number;
  readonly observation: PhysixView;
}

export interface StepReply {
  readonly observation: PhysixView;
  readonly predicted_trajectory: readonly TrajectorySample[] | null;
  readonly verification: WireVerificationReport;
}

/** What `llm-step` adds: the model's raw reply and what was parsed out of it. */
export interface LlmStepReply extends StepReply {
  readonly action: PhysixAction;
  readonly parse_error: string | null;
  readonly raw_completion: string;
  readonly latency_s: number;
  readonly model: string;
}

/** An OpenAI-compatible endpoint, judged by the server's allow-list. */
export interface LlmRequest {
  /** Omitted: the server's own endpoint (VERILAB_LLM_BASE_URL). */
  readonly base_url?: string;
  readonly model?: string;
  readonly api_key?: string;
  readonly temperature?: number;
}

/** What the page checks an episode's form against: the bounds of whoever runs the episodes. */
export interface PhysixLimits {
  readonly seed: Bounds;
  readonly maxTurns: Bounds;
  /** Absent where no model can be asked (episodes in the browser). */
  readonly temperature?: Bounds | undefined;
}

export interface PhysixBackend {
  readonly where: 'server' | 'browser';
  readonly limits: PhysixLimits;
  start(config: EpisodeConfig): Promise<Started>;
  step(session: string, action: PhysixAction): Promise<StepReply>;
  /** Only where a server can call models. */
  readonly llmStep?: (session: string, request: LlmRequest, signal?: AbortSignal) => Promise<LlmStepReply>;
  /** The true law and parameters, once the episode is over (the server reveals them only then). */
  groundTruth(session: string): Promise<GroundTruth | undefined>;
  end(session: string): Promise<void>;
}

export interface GroundTruth {
  readonly equation: string;
  readonly params: Readonly<Record<string, number>>;
}

const INTERACTIVE = '/envs/physix/interactive';

/** The server's bounds, from its OpenAPI document for PhysiX. */
async function serverLimits(): Promise<PhysixLimits> {
  const openapi = await serverDocument('/envs/physix/openapi.json');
  const start = '/interactive/sessions';
  return {
    seed: bodyFieldBounds(openapi, start, 'seed'),
    maxTurns: bodyFieldBounds(openapi, start, 'max_turns'),
    temperature: bodyFieldBounds(openapi, `${start}/{id}/llm-step`, 'temperature'),
  };
}

function serverBackend(api: ApiClient, limits: PhysixLimits): PhysixBackend {
  const sessionPath = (id: string) => `${INTERACTIVE}/sessions/${encodeURIComponent(id)}`;
  return {
    where: 'server',
    limits,
    start: async (config) => {
      const reply = await api.post<Started & { seed: number | null }>(`${INTERACTIVE}/sessions`, config);
      return { session_id: reply.session_id, seed: reply.seed ?? config.seed, observation: reply.observation };
    },
    step: (session, action) => api.post<StepReply>(`${sessionPath(session)}/step`, action),
    llmStep: (session, request, signal) => api.post<LlmStepReply>(`${sessionPath(session)}/llm-step`, request, signal),
    groundTruth: async (session) => (await api.get<{ ground_truth?: GroundTruth }>(sessionPath(session))).ground_truth,
    end: async (session) => {
      await api.delete(sessionPath(session));
    },
  };
}

export function browserBackend(): PhysixBackend {
  const sessions = new Map<string, EpisodeState>();
  let next = 1;
  return {
    where: 'browser',
    // The episode machine here is @verilab/physix's own, so its bounds are the package's (no model calls).
    limits: { seed: { min: 0, max: Number.MAX_SAFE_INTEGER }, maxTurns: { min: 1, max: MAX_TURNS_LIMIT } },
    start: async (config) => {
      const { state, observation } = resetEpisode({
        seed: config.seed,
        systemId: config.system_id,
        maxTurns: config.max_turns,
        rewardProfile: config.reward_profile,
        fit: config.fit,
      });
      const id = `browser-${next++}`;
      sessions.set(id, state);
      return { session_id: id, seed: config.seed, observation: wireObservation(observation) };
    },
    step: async (session, action) => {
      const state = sessions.get(session);
      if (state === undefined) throw new Error(`no episode ${session} in this page`);
      const outcome = stepEpisode(state, action);
      sessions.set(session, outcome.state);
      return { observation: wireObservation(outcome.observation), predicted_trajectory: outcome.predictedTrajectory, verification: wireVerificationReport(outcome.verification) };
    },
    groundTruth: async (session) => {
      const state = sessions.get(session);
      const system = state === undefined ? undefined : getSystem(state.systemId);
      if (state === undefined || system === undefined || !isDone(state)) return undefined;
      return groundTruthAction(instantiate(system, state.seed));
    },
    end: async (session) => {
      sessions.delete(session);
    },
  };
}

/** The server's backend when it hosts PhysiX's interactive API, else the browser's. */
export async function detectBackend(api: ApiClient): Promise<PhysixBackend> {
  try {
    await api.get(`${INTERACTIVE}/systems`);
    return serverBackend(api, await serverLimits());
  } catch {
    return browserBackend();
  }
}
