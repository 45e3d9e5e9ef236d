import type { WireRewards } from '@verilab/qubit-medic';
import { ApiError, type ApiClient } from '../../../lib/api-client.ts';
import { bodyFieldBounds, schemaBounds, serverDocument, type Bounds } from '../../../lib/server-limits.ts';
import type { LlmRequest } from '../../physix/api/physix-backend.ts';

/**
 * Qubit-Medic's HTTP routes as the UI calls them: OpenEnv's `POST /reset` and `POST /step`
 * (stateless: the step quotes the sealed `episode_id` token the reset returned) and the
 * original server's `POST /decode` (only when the server runs with `--expose-decoder`, which
 * `GET /healthz` reports as `decoder_exposed`), plus `POST /llm-answer` (the server asks an allow-listed model). Qubit-Medic is the server's default environment, so its
 * routes sit at the root. Types mirror the wire (docs/wire-contract.md: snake_case, LLM ids),
 * which the server maps from the environment's own observation and step info.
 */
export interface QubitMedicObservation {
  readonly prompt: string;
  readonly syndrome_bits: readonly number[];
  readonly distance: number;
  readonly rounds: number;
  readonly p: number;
  readonly curriculum_level: string;
  readonly episode_id: string;
  readonly dem_digest: string;
  /** {} after a reset; after a step, its StepInfo. */
  readonly info: Readonly<Record<string, unknown>>;
}

/** The part of a step's `info` the page shows (the matching decoder is named "pymatching" on the wire, as the original named it). */
export interface StepInfo {
  readonly rewards: WireRewards;
  readonly parsed_action: { readonly x_error_qubits: readonly number[]; readonly z_error_qubits: readonly number[]; readonly parse_success: boolean; readonly strict_format: boolean };
  readonly actual_observable_flip: number;
  readonly pymatching_observable_pred: number;
  readonly pymatching_x_errors: readonly number[];
  readonly pymatching_z_errors: readonly number[];
  readonly true_x_errors: readonly number[];
  readonly true_z_errors: readonly number[];
  readonly reward_profile: string;
}

export interface ObservationReply<O> {
  readonly observation: O;
  readonly reward: number | null;
  readonly done: boolean;
}

/** What the page shows of the matching decoder: from `POST /decode`, or from a step's info. */
export interface DecoderView {
  readonly pymatching_observable_flip: number;
  readonly pymatching_x_errors: readonly number[];
  readonly pymatching_z_errors: readonly number[];
}

export interface DecodeReply extends DecoderView {
  readonly level: string;
  readonly implied_observable_from_x_errors: number;
}

/** The part of `GET /healthz` the page reads. */
export interface HealthReply {
  readonly decoder_exposed?: boolean;
  /** The custom levels this server serves: each bound as JSON Schema's minimum/maximum. */
  readonly level_limits?: Readonly<Record<keyof LevelLimits, unknown>>;
}

/** The custom levels a server serves: distance, rounds, error rate and size in detectors. */
export interface LevelLimits {
  readonly distance: Bounds;
  readonly rounds: Bounds;
  readonly p: Bounds;
  readonly detectors: Bounds;
}

/** A server's level limits from its health reply (undefined: a server that does not state them). */
export function levelLimits(health: HealthReply): LevelLimits | undefined {
  const limits = health.level_limits;
  if (limits === undefined) return undefined;
  return { distance: schemaBounds(limits.distance), rounds: schemaBounds(limits.rounds), p: schemaBounds(limits.p), detectors: schemaBounds(limits.detectors) };
}

/** What the Qubit-Medic page checks its forms against, all read from the server. */
export interface QubitMedicLimits {
  readonly levels: LevelLimits | undefined;
  readonly seed: Bounds;
  readonly temperature: Bounds;
}

/** The reset's seed and the model call's temperature, from the server's OpenAPI document. */
export async function requestLimits(): Promise<Pick<QubitMedicLimits, 'seed' | 'temperature'>> {
  const openapi = await serverDocument('/openapi.json');
  return { seed: bodyFieldBounds(openapi, '/reset', 'seed'), temperature: bodyFieldBounds(openapi, '/llm-answer', 'temperature') };
}

export interface ResetBody {
  readonly seed: number;
  readonly level: string;
}

export interface StepAction {
  readonly raw_response: string;
  readonly episode_id: string;
}

/** `POST /llm-answer`: a model's completion for an episode, whose token stays unspent. */
export interface LlmAnswerReply {
  readonly completion: string;
  readonly model: string;
  readonly latency_s: number;
  readonly usage: Readonly<Record<string, number>> | null;
}

export function qubitMedicApi(api: ApiClient) {
  return {
    reset: (body: ResetBody) => api.post<ObservationReply<QubitMedicObservation>>('/reset', body),
    step: (action: StepAction) => api.post<ObservationReply<QubitMedicObservation>>('/step', { action }),
    askLlm: (episodeId: string, request: LlmRequest, signal?: AbortSignal) => api.post<LlmAnswerReply>('/llm-answer', { episode_id: episodeId, ...request }, signal),
    decode: (syndrome: readonly number[], level: string) => api.post<DecodeReply>('/decode', { syndrome, level }),
    health: () => api.get<HealthReply>('/healthz'),
  };
}

/**
 * A reset for a level the server has not built yet: the server builds a new custom level's
 * physics in the background and meanwhile refuses with "is being built; retry in a few
 * seconds". Retries every `delayMs` for as long as that is the answer (at most `attempts`
 * times), telling the page it is waiting so it can say so.
 */
export async function resetWhenBuilt<T>(reset: () => Promise<T>, onWaiting: (waiting: boolean) => void, delayMs = 1000, attempts = 90): Promise<T> {
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        return await reset();
      } catch (error) {
        if (!(error instanceof ApiError && /is being built/.test(error.message)) || attempt >= attempts) throw error;
        onWaiting(true);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  } finally {
    onWaiting(false);
  }
}
