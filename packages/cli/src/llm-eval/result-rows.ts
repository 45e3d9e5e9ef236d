/**
 * The rows of the results files (results-file.ts) as far as resuming and the summaries read
 * them, one zod schema per kind: a line that does not fit is refused with its line number and
 * field. Rows may hold more (rewards, frames, feedback): those are for people and scripts.
 */
import { z } from 'zod';

/** A reply's stored `usage` (an object, or null when the endpoint sent none) read as its completion token count. */
const completionTokens = z
  .looseObject({ completion_tokens: z.unknown() })
  .nullish()
  .transform((usage) => (typeof usage?.completion_tokens === 'number' ? usage.completion_tokens : null));

/** A `verilab eval` line: the episode (level, seed), its run, the answer and its token count. */
export const EvalResultRow = z
  .looseObject({ level: z.string(), seed: z.int(), run: z.string(), completion: z.string(), usage: completionTokens })
  .transform(({ level, seed, run, completion, usage }) => ({ task: level, seed, run, completion, completionTokens: usage }));

export type EvalResult = z.output<typeof EvalResultRow>;

/** A `verilab physix eval` line: the episode (system, seed), its run, each turn's answer and token count. */
export const PhysixEvalResultRow = z
  .looseObject({
    system_id: z.string(),
    seed: z.int(),
    run: z.string(),
    turns: z.array(z.looseObject({ completion: z.string(), usage: completionTokens })),
  })
  .transform(({ system_id, seed, run, turns }) => ({
    task: system_id,
    seed,
    run,
    completions: turns.map((turn) => turn.completion),
    completionTokens: turns.map((turn) => turn.usage),
  }));

export type PhysixEvalResult = z.output<typeof PhysixEvalResultRow>;
