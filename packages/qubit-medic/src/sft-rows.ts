import { formatCompletion } from './answer-parser.ts';
import { buildEpisodePrompt, type PromptFormat } from './environment.ts';
import type { LevelPhysics } from './level-physics.ts';

/**
 * One supervised fine-tuning row (the original's `scripts/generate_sft_data.py`),
 * made from the episode (level, seed): its prompt is exactly the observation
 * `reset({seed, level, prompt_format})` shows, so any row can be regenerated and checked.
 *
 * The completion's target is, by default, the matching decoder's frame: a deterministic
 * function of the syndrome that an imitator can learn exactly, whose implied observable flip is
 * the decoder's (so an imitator inherits the decoder's logical correction). `true` uses the
 * sampled physical error instead: that is not a function of the syndrome (different errors give
 * the same syndrome), so no model can fit it exactly, but it carries no decoder bias. Both frames
 * are in every row under their own names (the original called the decoder's frame `true_*`).
 */
export type SftTarget = 'matching' | 'true';
export const SFT_TARGETS: readonly SftTarget[] = ['matching', 'true'];

/** TRL's dataset formats: standard prompt-completion, or conversational messages. */
export type SftFormat = 'prompt-completion' | 'messages';
export const SFT_FORMATS: readonly SftFormat[] = ['prompt-completion', 'messages'];

export interface SftRowOptions {
  readonly target: SftTarget;
  readonly promptFormat: PromptFormat;
}

/** The row's text and the facts about its episode; `toJsonRow` lays it out in a TRL format. */
export interface SftRow {
  readonly prompt: string;
  readonly completion: string;
  readonly seed: number;
  readonly level: string;
  readonly distance: number;
  readonly rounds: number;
  readonly p: number;
  readonly num_data_qubits: number;
  /** Stabilisers of each type in the code (the original printed per-"round" counts, 0 X for L1). */
  readonly num_x_stabilizers: number;
  readonly num_z_stabilizers: number;
  readonly syndrome_bits: readonly number[];
  /** The sampled physical error (LLM ids). */
  readonly true_x_errors: readonly number[];
  readonly true_z_errors: readonly number[];
  /** The matching decoder's exact frame (LLM ids). */
  readonly matching_x_errors: readonly number[];
  readonly matching_z_errors: readonly number[];
  readonly actual_observable_flip: number;
  readonly pymatching_observable_pred: number;
  /** Some detector fired. */
  readonly had_syndrome: boolean;
  /** The completion's target is non-empty. */
  readonly had_errors: boolean;
  readonly target: SftTarget;
  readonly prompt_format: PromptFormat;
  readonly dem_digest: string;
}

/** Builds the row of the episode (physics.level, seed). Pure and deterministic. */
export function sftRow(physics: LevelPhysics, seed: number, options: SftRowOptions): SftRow {
  const { level, layout } = physics;
  const shot = physics.sample(seed);
  const decoded = physics.decode(shot.syndromeBits);
  const target = options.target === 'true' ? shot.trueFrame : decoded.frame;
  return {
    prompt: buildEpisodePrompt(level, layout, shot.syndromeBits, options.promptFormat),
    completion: formatCompletion(target.x, target.z),
    seed,
    level: level.name,
    distance: level.distance,
    rounds: level.rounds,
    p: level.p,
    num_data_qubits: layout.dataQubits.length,
    num_x_stabilizers: layout.stabilizers.filter((s) => s.type === 'X').length,
    num_z_stabilizers: layout.stabilizers.filter((s) => s.type === 'Z').length,
    syndrome_bits: shot.syndromeBits,
    true_x_errors: shot.trueFrame.x,
    true_z_errors: shot.trueFrame.z,
    matching_x_errors: decoded.frame.x,
    matching_z_errors: decoded.frame.z,
    actual_observable_flip: shot.observableFlip,
    pymatching_observable_pred: decoded.observableFlip,
    had_syndrome: shot.syndromeBits.some((bit) => bit !== 0),
    had_errors: target.x.length + target.z.length > 0,
    target: options.target,
    prompt_format: options.promptFormat,
    dem_digest: physics.demDigest,
  };
}

/**
 * The JSON object of a row in a TRL format: `{prompt, completion, …}` or
 * `{messages: [user, assistant], …}` (one user message holding the prompt, as in evaluation),
 * followed by the row's facts and any `extra` fields (split, generator seed).
 */
export function toJsonRow(row: SftRow, format: SftFormat, extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  // Listed field by field: spreading a row of this size was a quarter of the row's cost.
  const json: Record<string, unknown> =
    format === 'messages'
      ? {
          messages: [
            { role: 'user', content: row.prompt },
            { role: 'assistant', content: row.completion },
          ],
        }
      : { prompt: row.prompt, completion: row.completion };
  json['seed'] = row.seed;
  json['level'] = row.level;
  json['distance'] = row.distance;
  json['rounds'] = row.rounds;
  json['p'] = row.p;
  json['num_data_qubits'] = row.num_data_qubits;
  json['num_x_stabilizers'] = row.num_x_stabilizers;
  json['num_z_stabilizers'] = row.num_z_stabilizers;
  json['syndrome_bits'] = row.syndrome_bits;
  json['true_x_errors'] = row.true_x_errors;
  json['true_z_errors'] = row.true_z_errors;
  json['matching_x_errors'] = row.matching_x_errors;
  json['matching_z_errors'] = row.matching_z_errors;
  json['actual_observable_flip'] = row.actual_observable_flip;
  json['pymatching_observable_pred'] = row.pymatching_observable_pred;
  json['had_syndrome'] = row.had_syndrome;
  json['had_errors'] = row.had_errors;
  json['target'] = row.target;
  json['prompt_format'] = row.prompt_format;
  json['dem_digest'] = row.dem_digest;
  for (const key of Object.keys(extra)) json[key] = extra[key];
  return json;
}
