import { z } from 'zod';
import {
  EPISODE_FORMAT_VERSION,
  SYSTEMS,
  episodeStateFromWire,
  listSystems,
  stepEpisode,
  wireEpisodeState,
  wireObservationFields,
  type PhysixObservation,
  type WireEpisodeState,
} from '@verilab/physix';
import type { HostedEnvironment, HostedInstance, InstanceScope, NameEpisode, Outcome, Transition, WireObservation } from '../hosted-environment.ts';
import type { Fetch } from '../llm/chat-completions.ts';
import type { LlmPolicy } from '../llm/llm-policy.ts';
import { interactiveRoutes } from './physix-interactive.ts';
import {
  PhysixActionModel,
  PhysixEpisodeModel,
  PhysixObservationModel,
  PhysixResetOptionsModel,
  type PhysixWireAction,
  type StartRequest,
} from './physix-models.ts';
import { InteractiveSessionStore } from './physix-sessions.ts';
import { describeSystem, startPhysixEpisode } from './physix-wire.ts';

/**
 * PhysiX as a hosted environment: the pure episode machine of @verilab/physix behind OpenEnv's
 * routes at `/envs/physix/`, multi-turn on every transport. Over a WebSocket (or an MCP
 * session) the session keeps the episode; over stateless HTTP the whole episode state (config
 * and history, in the original's wire names so tokens keep their form) travels sealed in the
 * episode token, and each step hands out a new token for the
 * next turn. Plus the original's interactive session API (`/interactive/*`, see
 * physix-interactive.ts) and a `list_systems` MCP tool.
 */
export interface PhysixHostOptions {
  /** Which endpoints `llm-step` may call, with which key, how long and how often. */
  readonly llm: LlmPolicy;
  /** Interactive sessions: the cap and the idle timeout. */
  readonly sessions: { readonly max: number; readonly idleMs: number };
  /** Milliseconds since the epoch (tests move it). */
  readonly clock?: () => number;
  /** The HTTP client for `llm-step` (tests wrap it to watch every outbound request). */
  readonly fetch?: Fetch;
}

export type PhysixHost = HostedEnvironment<WireEpisodeState, PhysixWireAction>;

export function createPhysixHost(options: PhysixHostOptions): PhysixHost {
  const now = options.clock ?? Date.now;
  const sessions = new InteractiveSessionStore({ max: options.sessions.max, idleMs: options.sessions.idleMs, now });
  return {
    name: 'physix',
    metadata: {
      name: 'PhysiX-Live',
      description:
        'PhysiX: discover the equations of motion behind a noisy trajectory. The agent proposes ODEs with parameter values; the verifier integrates them and scores the match (no LLM judge), over up to 8 turns of feedback.',
      readme_content: null,
      version: '1.0.0',
      author: null,
      documentation_url: null,
    },
    action: PhysixActionModel,
    observation: PhysixObservationModel,
    resetOptions: PhysixResetOptionsModel,
    episode: PhysixEpisodeModel,
    createInstance: (scope) => new PhysixInstance(scope),
    tools: [
      {
        name: 'list_systems',
        description: 'Lists the physical systems: id, tier (tier3 is held out of training) and state variables.',
        input: z.strictObject({}),
        run: () => ({ ok: true, value: { systems: listSystems().map(describeSystem) } }),
      },
    ],
    routes: interactiveRoutes({ sessions, llm: options.llm, fetch: options.fetch ?? fetch, now }),
    health: () => ({
      physics: '@verilab/physix (Dormand–Prince 5(4) verifier)',
      episode_format: EPISODE_FORMAT_VERSION,
      systems: SYSTEMS.map((system) => system.id),
      interactive_sessions: { active: sessions.size, max: sessions.max },
    }),
  };
}

class PhysixInstance implements HostedInstance<WireEpisodeState, PhysixWireAction> {
  private episodesStarted = 0;
  private steps = 0;
  private latest: PhysixObservation | undefined;
  private readonly scope: InstanceScope;

  constructor(scope: InstanceScope) {
    this.scope = scope;
  }

  /** Remembers the latest episode to show in `state`, unless every client shares this instance. */
  private show(observation: PhysixObservation): void {
    if (this.scope === 'connection') this.latest = observation;
  }

  /** `kwargs` passed the server's validation with the reset options model (and its base `seed`). */
  reset(kwargs: Readonly<Record<string, unknown>>, name: NameEpisode<WireEpisodeState>): Outcome<Transition<WireEpisodeState>> {
    const { state, observation } = startPhysixEpisode(kwargs as StartRequest);
    this.episodesStarted++;
    this.show(observation);
    const next = wireEpisodeState(state);
    return { ok: true, value: { observation: wireObservation(observation, name(next)), next } };
  }

  step(episode: WireEpisodeState, id: string, action: PhysixWireAction, name: NameEpisode<WireEpisodeState>): Outcome<Transition<WireEpisodeState>> {
    const outcome = stepEpisode(episodeStateFromWire(episode), action);
    this.steps++;
    this.show(outcome.observation);
    // A finished episode gets no new token: its last one is spent.
    if (outcome.observation.done) return { ok: true, value: { observation: wireObservation(outcome.observation, id) } };
    const next = wireEpisodeState(outcome.state);
    return { ok: true, value: { observation: wireObservation(outcome.observation, name(next)), next } };
  }

  /**
   * The original's PhysiXState (last_r_match, system, converged) of the latest episode this
   * instance served — over a WebSocket the connection's own; over HTTP, which every client
   * shares, none (the counts only).
   */
  state(): Readonly<Record<string, unknown>> {
    const latest = this.latest;
    const last = latest?.history[latest.history.length - 1];
    return {
      system_id: latest?.systemId ?? null,
      max_turns: latest?.maxTurns ?? null,
      turn: latest?.turn ?? 0,
      last_r_match: last?.score.match ?? 0,
      converged: latest?.converged ?? false,
      done: latest?.done ?? false,
      episodes_started: this.episodesStarted,
      steps: this.steps,
    };
  }
}

function wireObservation(observation: PhysixObservation, episodeId: string): WireObservation {
  return { observation: { ...wireObservationFields(observation), episode_id: episodeId }, reward: observation.reward, done: observation.done };
}
