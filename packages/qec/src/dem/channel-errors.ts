/**
 * Adds one application of a noise channel to the error classes (Stim's `add_error_combinations`):
 * the symptoms of each basis error are read off the backward tracker, every combination's
 * symptoms are their XOR, each combination is recorded as an independent mechanism, and with
 * `decompose` the combinations are first split by the intra-channel rule.
 */
import type { IndependentChannel } from './noise-channels.ts';
import { intraChannelPieces } from './intra-channel-decomposition.ts';
import { ErrorAnalysisError } from './error-analysis-error.ts';
import type { ErrorClassTable } from './error-class-table.ts';
import type { Contribution } from './error-provenance.ts';
import type { ReverseFrameTracker } from './reverse-frame-tracker.ts';
import { describeCode, isDetectorCode, joinComponents, splitSymptomsAndFrame, xorSorted } from './symptom-codes.ts';

export interface ChannelSite {
  readonly instructionIndex: number;
  /** Index of this target group within the instruction. */
  readonly group: number;
  readonly qubits: readonly number[];
}

/** Stim tracks a channel's involved detectors in a 16-entry bit mask. */
const MAX_INVOLVED_DETECTORS = 16;

export function addChannelErrors(
  table: ErrorClassTable,
  tracker: ReverseFrameTracker,
  site: ChannelSite,
  channel: IndependentChannel,
  decompose: boolean,
): void {
  const n = 1 << channel.basis.length;
  const mixed: (readonly number[])[] = new Array<readonly number[]>(n).fill([]);
  channel.basis.forEach((pauli, i) => {
    mixed[1 << i] = tracker.pauliSensitivity(site.qubits, pauli);
  });
  for (let k = 3; k < n; k++) {
    const c1 = k & (k - 1);
    if (c1 !== 0) mixed[k] = xorSorted(mixed[c1]!, mixed[k ^ c1]!);
  }
  const parts = mixed.map(splitSymptomsAndFrame);
  const symptoms = parts.map((p) => p.symptoms);
  const frames = parts.map((p) => p.frame);

  const pieces = decompose
    ? intraChannelPieces(detectorMasks(symptoms, channel.basis), symptoms)
    : symptoms.map((_, k) => [k]);
  const targets = pieces.map((ks) => joinComponents(ks.map((k) => symptoms[k]!)));

  // Disjoint cases that differ by a symptom-free case are indistinguishable: merge them.
  const probabilities = [...channel.probabilities];
  const sources = probabilities.map((_, k) => [k]);
  if (channel.disjoint) {
    for (let k = 1; k < n; k++) {
      if (targets[k]!.length > 0) continue;
      for (let dst = 0; dst < n; dst++) {
        const src = dst ^ k;
        if (src <= dst) continue;
        probabilities[dst]! += probabilities[src]!;
        probabilities[src] = 0;
        sources[dst]!.push(...sources[src]!);
        sources[src] = [];
      }
    }
  }

  for (let k = 1; k < n; k++) {
    const componentFrames = pieces[k]!.map((piece) => frames[piece]!);
    const contributions: Contribution[] = sources[k]!
      .filter((src) => channel.probabilities[src]! > 0)
      .map((src) => ({
        instructionIndex: site.instructionIndex,
        group: site.group,
        combination: src,
        probability: channel.probabilities[src]!,
        frame: frames[src]!,
        componentFrames,
      }));
    table.add(targets[k]!, probabilities[k]!, contributions);
  }
}

/** detectorMasks[k]: which of the channel's involved detectors combination k flips. */
function detectorMasks(symptoms: readonly (readonly number[])[], basis: readonly string[]): number[] {
  const involved: number[] = [];
  const masks = new Array<number>(symptoms.length).fill(0);
  basis.forEach((_, i) => {
    for (const code of symptoms[1 << i]!) {
      if (!isDetectorCode(code)) continue;
      let bit = involved.indexOf(code);
      if (bit < 0) {
        if (involved.length === MAX_INVOLVED_DETECTORS) {
          const cases = basis.map((b, j) => `${b}: ${symptoms[1 << j]!.map(describeCode).join(' ')}`);
          throw new ErrorAnalysisError(
            `cannot decompose a noise channel whose cases flip more than ${MAX_INVOLVED_DETECTORS} detectors ` +
              `(basis cases ${cases.join('; ')})`,
          );
        }
        bit = involved.push(code) - 1;
      }
      masks[1 << i]! ^= 1 << bit;
    }
  });
  for (let k = 3; k < masks.length; k++) {
    const c1 = k & (k - 1);
    if (c1 !== 0) masks[k] = masks[c1]! ^ masks[k ^ c1]!;
  }
  return masks;
}
