/**
 * Adds one application of a noise channel to the error classes (Stim's `add_error_combinations`):
 * the symptoms of each basis error are read off the backward tracker, every combination's
 * symptoms are their XOR, each combination is recorded as an independent mechanism, and with
 * `decompose` the combinations are first split by the intra-channel rule.
 */
import type { IndependentChannel } from './noise-channels.ts';
import { intraChannelPieces } from './intra-channel-decomposition.ts';
import { ErrorAnalysisError } from './error-analysis-error.ts';
import type { ErrorClass, ErrorClassTable } from './error-class-table.ts';
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
  // The symptoms and frame probes of each combination: the basis cases' read off the tracker, the
  // others XOR-ed from two smaller combinations (the parts are disjoint code ranges, so they XOR
  // separately). A combination's frame is only XOR-ed when some fault needs it: when it becomes
  // its class's representative, or is a piece of one that does.
  const symptoms = new Array<readonly number[]>(n).fill(NONE);
  const frames = new Array<readonly number[] | undefined>(n).fill(undefined);
  frames[0] = NONE;
  channel.basis.forEach((pauli, i) => {
    const split = splitSymptomsAndFrame(tracker.pauliSensitivity(site.qubits, pauli));
    symptoms[1 << i] = split.symptoms;
    frames[1 << i] = split.frame;
  });
  for (let k = 3; k < n; k++) {
    const c1 = k & (k - 1);
    if (c1 !== 0) symptoms[k] = xorSorted(symptoms[c1]!, symptoms[k ^ c1]!);
  }
  const frameOf = (k: number): readonly number[] => {
    let frame = frames[k];
    if (frame === undefined) {
      const c1 = k & (k - 1);
      frame = frames[k] = xorSorted(frameOf(c1), frameOf(k ^ c1));
    }
    return frame;
  };

  const pieces = decompose ? intraChannelPieces(detectorMasks(symptoms, channel.basis), symptoms) : undefined;
  const piecesOf = (k: number): readonly number[] => pieces?.[k] ?? [k];
  const targets = symptoms.map((own, k) => {
    const ks = piecesOf(k);
    return ks.length === 1 && ks[0] === k ? own : joinComponents(ks.map((piece) => symptoms[piece]!));
  });

  // Disjoint cases that differ by a symptom-free case are indistinguishable: merge them.
  const merged = channel.disjoint ? mergeIndistinguishable(targets, channel.probabilities) : undefined;
  const probabilities = merged?.probabilities ?? channel.probabilities;
  const sources = merged?.sources;

  const { instructionIndex, group } = site;
  // A fault's frames are only stored when it becomes its class's representative.
  const addCase = (entry: ErrorClass, k: number, src: number) => {
    const probability = channel.probabilities[src]!;
    if (probability > 0 && table.addFault(entry, instructionIndex, group, src, probability)) {
      table.recordFrames(entry, frameOf(src), piecesOf(k).map(frameOf));
    }
  };
  for (let k = 1; k < n; k++) {
    const entry = table.add(targets[k]!, probabilities[k]!);
    if (sources === undefined) addCase(entry, k, k);
    else for (const src of sources[k]!) addCase(entry, k, src);
  }
}

const NONE: readonly number[] = Object.freeze([]);

/**
 * For a channel of disjoint cases: cases that differ by a symptom-free case are merged into the
 * lower index, which takes their probability; `sources[k]` lists the cases k now stands for.
 */
function mergeIndistinguishable(
  targets: readonly (readonly number[])[],
  caseProbabilities: readonly number[],
): { probabilities: number[]; sources: number[][] } {
  const n = targets.length;
  const probabilities = [...caseProbabilities];
  const sources = probabilities.map((_, k) => [k]);
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
  return { probabilities, sources };
}

/** detectorMasks[k]: which of the channel's involved detectors combination k flips. */
function detectorMasks(symptoms: readonly (readonly number[])[], basis: readonly string[]): number[] {
  const involved: number[] = [];
  const masks = new Array<number>(symptoms.length).fill(0);
  for (let i = 0; i < basis.length; i++) {
    const own = symptoms[1 << i]!;
    for (let c = 0; c < own.length; c++) {
      const code = own[c]!;
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
  }
  for (let k = 3; k < masks.length; k++) {
    const c1 = k & (k - 1);
    if (c1 !== 0) masks[k] = masks[c1]! ^ masks[k ^ c1]!;
  }
  return masks;
}
