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
 * are in every row under their own names (the original called the decoder's frame `true_*`); the
 * CLI names the fields as the dataset files do (`matching_x_errors`, `had_syndrome`, …; cli/src/qubit-medic/sft-file.ts).
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

/** The row's text and the facts about its episode. */
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
