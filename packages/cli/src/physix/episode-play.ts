/**
 * One PhysiX episode played turn by turn from model completions: the prompt of each turn is
 * built from the observation (system message, then the observation with its history), the
 * completion is parsed into an action and stepped. `playEpisode` asks a model; `replayEpisode`
 * rescores stored completions — the same code path, so a summary recomputed from a results
 * file equals the one of the run that wrote it.
 */
import {
  buildPrompt,
  parseCompletion,
  resetEpisode,
  stepEpisode,
  type ChatMessage,
  type EpisodeOptions,
  type EpisodeState,
  type PhysixObservation,
} from '@verilab/physix';

export interface TurnRecord {
  readonly turn: number;
  readonly completion: string;
  /** A JSON action with a string "equation" was found in the completion. */
  readonly jsonFound: boolean;
  readonly equation: string;
  readonly params: unknown;
  /** The equations parsed and simulated to the end. */
  readonly accepted: boolean;
  /** The turn's r_match under the episode's profile. */
  readonly match: number;
  /** The turn's score: its reward breakdown's total. */
  readonly score: number;
  /** The reward paid for the turn (an episode's rewards sum to its best score under anti-hack). */
  readonly reward: number;
  readonly mismatchSummary: string;
}

export interface PlayedEpisode<T> {
  readonly turns: readonly (TurnRecord & T)[];
  /** The observation after the last turn (done). */
  readonly final: PhysixObservation;
}

/** Plays the episode of `options` to the end, asking `answer` for each turn; `T` is what `answer` adds to a turn. */
export async function playEpisode<T extends { readonly completion: string }>(
  options: EpisodeOptions,
  answer: (messages: ChatMessage[]) => Promise<T>,
): Promise<PlayedEpisode<T>> {
  let { state, observation } = resetEpisode(options);
  const turns: (TurnRecord & T)[] = [];
  while (!observation.done) {
    const answered = await answer(buildPrompt(observation));
    const next = advance(state, answered.completion);
    turns.push({ ...answered, ...next.record });
    ({ state, observation } = next);
  }
  return { turns, final: observation };
}

/** Rescores stored completions; throws if they do not end the episode exactly. */
export function replayEpisode(options: EpisodeOptions, completions: readonly string[]): PlayedEpisode<object> {
  let { state, observation } = resetEpisode(options);
  const turns: TurnRecord[] = [];
  while (!observation.done) {
    const completion = completions[turns.length];
    if (completion === undefined) throw new Error(`${completions.length} completions stored, but the episode is not over after them`);
    const next = advance(state, completion);
    turns.push(next.record);
    ({ state, observation } = next);
  }
  if (turns.length !== completions.length) throw new Error(`${completions.length} completions stored, but the episode ended after ${turns.length}`);
  return { turns, final: observation };
}

function advance(state: EpisodeState, completion: string): { state: EpisodeState; observation: PhysixObservation; record: TurnRecord } {
  const parsed = parseCompletion(completion);
  const stepped = stepEpisode(state, parsed.action);
  const entry = stepped.state.history[stepped.state.history.length - 1]!;
  return {
    state: stepped.state,
    observation: stepped.observation,
    record: {
      turn: entry.turn,
      completion,
      jsonFound: parsed.found,
      equation: parsed.action.equation,
      params: parsed.action.params ?? {},
      accepted: entry.accepted,
      match: entry.score.match,
      score: entry.score.total,
      reward: entry.paid,
      mismatchSummary: entry.mismatchSummary,
    },
  };
}
