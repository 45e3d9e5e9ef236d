/**
 * One Qubit-Medic episode, as the environment (and so `verilab serve` and the web UI) plays it
 * for a level and seed: the code layout, the detection events, the true error and the matching
 * decoder's frame (both in LLM ids, the numbering of the prompt), and the observable flips.
 * Drawn by the lattice figures; nothing here is sampled differently from an episode.
 */
import { err, ok, type Result } from '@verilab/core';
import { createPhysicsCache, QubitMedicEnvironment, resolveLevel, type CodeLayout, type DataFrame, type Level } from '@verilab/qubit-medic';

export interface EpisodeSnapshot {
  readonly level: Level;
  readonly seed: number;
  readonly layout: CodeLayout;
  /** One bit per detector, in detector order (detector k watches layout.detectors[k]). */
  readonly syndromeBits: readonly number[];
  readonly trueFrame: DataFrame;
  readonly decoderFrame: DataFrame;
  readonly actualObservableFlip: number;
  readonly decoderObservableFlip: number;
}

export function episodeSnapshot(levelName: string, seed: number): Result<EpisodeSnapshot> {
  const resolved = resolveLevel(levelName);
  if (!resolved.ok) return resolved;
  const physics = createPhysicsCache();
  const env = new QubitMedicEnvironment({ physics });
  const started = env.reset({ level: resolved.value, seed });
  // An empty answer: the step's info carries the true error and the decoder's frame.
  const step = env.step(started.spec, { kind: 'parsed', xErrors: [], zErrors: [] });
  if (!step.ok) return err([{ code: 'step-failed', path: [], message: step.issues.map((issue) => issue.message).join('; ') }]);
  const { info } = step.value;
  return ok({
    level: resolved.value,
    seed,
    layout: physics(resolved.value).layout,
    syndromeBits: started.observation.syndromeBits,
    trueFrame: info.trueFrame,
    decoderFrame: info.decoderFrame,
    actualObservableFlip: info.actualObservableFlip,
    decoderObservableFlip: info.decoderObservableFlip,
  });
}

/** Indices into layout.stabilizers of the stabilisers with a detection event in `round`. */
export function eventsInRound(snapshot: EpisodeSnapshot, round: number): number[] {
  return snapshot.layout.detectors.flatMap((detector, k) => (detector.round === round && snapshot.syndromeBits[k] === 1 ? [detector.stabilizer] : []));
}
