import type { TrajectorySample, WireHistoryEntry, WireVerificationReport } from '@verilab/physix';
import type { LlmStepReply, PhysixView, Started, StepReply } from '../api/physix-backend.ts';

/**
 * One episode as the page shows it: the latest observation and, per turn, the history entry,
 * the verifier's full report, the predicted trajectory and, for model turns, what the model said.
 */
export interface LlmTurnInfo {
  readonly model: string;
  readonly latency_s: number;
  readonly raw_completion: string;
  readonly parse_error: string | null;
}

export interface Turn {
  readonly entry: WireHistoryEntry;
  readonly report: WireVerificationReport;
  readonly predicted: readonly TrajectorySample[] | null;
  readonly llm?: LlmTurnInfo;
}

export interface Run {
  readonly session: string;
  readonly seed: number;
  readonly observation: PhysixView;
  readonly turns: readonly Turn[];
}

export function startRun(started: Started): Run {
  return { session: started.session_id, seed: started.seed, observation: started.observation, turns: [] };
}

export function applyStep(run: Run, reply: StepReply | LlmStepReply): Run {
  const entry = reply.observation.history[reply.observation.history.length - 1];
  if (entry === undefined) throw new Error('the step returned no history entry');
  const llm: LlmTurnInfo | undefined =
    'raw_completion' in reply ? { model: reply.model, latency_s: reply.latency_s, raw_completion: reply.raw_completion, parse_error: reply.parse_error } : undefined;
  const turn: Turn = { entry, report: reply.verification, predicted: reply.predicted_trajectory, ...(llm === undefined ? {} : { llm }) };
  return { ...run, observation: reply.observation, turns: [...run.turns, turn] };
}

/** The best match so far, for the comparison's summary. */
export function bestMatch(run: Run): number {
  return Math.max(0, ...run.turns.map((turn) => turn.entry.r_match));
}

/** The episode's return: the rewards paid for its turns, summed (its best score under anti-hack). */
export function episodeReturn(run: Run): number {
  return run.turns.reduce((sum, turn) => sum + turn.entry.reward_paid, 0);
}
