import { formatCompletion } from './answer-parser.ts';
import { buildEpisodePrompt, type PromptFormat } from './environment.ts';
import type { LevelPhysics } from './level-physics.ts';
import type { DataFrame } from './rewards.ts';

/**
 * One supervised fine-tuning row (the original's `scripts/generate_sft_data.py`),
 * made from the episode (level, seed): its prompt is exactly the observation
 * `reset({ seed, level, promptFormat })` shows, so any row can be regenerated and checked.
 *
 * The completion's target is, by default, the matching decoder's frame: a deterministic
 * function of the syndrome that an imitator can learn exactly, whose implied observable flip is
 * the decoder's (so an imitator inherits the decoder's logical correction). `true` uses the
 * sampled physical error instead: that is not a function of the syndrome (different errors give
 * the same syndrome), so no model can fit it exactly, but it carries no decoder bias. Both frames
 * are in every row under their own names (the original called the decoder's frame `true_*`);
 * `toJsonRow` names the fields as the dataset files do (`matching_x_errors`, `had_syndrome`, …).
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
  readonly numDataQubits: number;
  /** Stabilisers of each type in the code (the original printed per-"round" counts, 0 X for L1). */
  readonly numXStabilizers: number;
  readonly numZStabilizers: number;
  readonly syndromeBits: readonly number[];
  /** The sampled physical error (LLM ids). */
  readonly trueFrame: DataFrame;
  /** The matching decoder's exact frame (LLM ids). */
  readonly decoderFrame: DataFrame;
  readonly actualObservableFlip: number;
  readonly decoderObservableFlip: number;
  /** Some detector fired. */
  readonly nontrivialSyndrome: boolean;
  /** The completion's target is non-empty. */
  readonly targetNonEmpty: boolean;
  readonly target: SftTarget;
  readonly promptFormat: PromptFormat;
  readonly demDigest: string;
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
    numDataQubits: layout.dataQubits.length,
    numXStabilizers: layout.stabilizers.filter((s) => s.type === 'X').length,
    numZStabilizers: layout.stabilizers.filter((s) => s.type === 'Z').length,
    syndromeBits: shot.syndromeBits,
    trueFrame: shot.trueFrame,
    decoderFrame: decoded.frame,
    actualObservableFlip: shot.observableFlip,
    decoderObservableFlip: decoded.observableFlip,
    nontrivialSyndrome: shot.syndromeBits.some((bit) => bit !== 0),
    targetNonEmpty: target.x.length + target.z.length > 0,
    target: options.target,
    promptFormat: options.promptFormat,
    demDigest: physics.demDigest,
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
  json['num_data_qubits'] = row.numDataQubits;
  json['num_x_stabilizers'] = row.numXStabilizers;
  json['num_z_stabilizers'] = row.numZStabilizers;
  json['syndrome_bits'] = row.syndromeBits;
  json['true_x_errors'] = row.trueFrame.x;
  json['true_z_errors'] = row.trueFrame.z;
  json['matching_x_errors'] = row.decoderFrame.x;
  json['matching_z_errors'] = row.decoderFrame.z;
  json['actual_observable_flip'] = row.actualObservableFlip;
  json['pymatching_observable_pred'] = row.decoderObservableFlip;
  json['had_syndrome'] = row.nontrivialSyndrome;
  json['had_errors'] = row.targetNonEmpty;
  json['target'] = row.target;
  json['prompt_format'] = row.promptFormat;
  json['dem_digest'] = row.demDigest;
  for (const key of Object.keys(extra)) json[key] = extra[key];
  return json;
}
