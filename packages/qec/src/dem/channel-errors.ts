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
import { describeCode, frameStart, isDetectorCode, SEPARATOR_CODE, xorSorted } from './symptom-codes.ts';

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
  // separately) when first asked for. A combination split into pieces needs only its pieces'
  // symptoms, and its frame is needed only when some fault becomes its class's representative,
  // or is a piece of one that does. Both live in scratch arrays shared by every channel (the
  // analysis visits hundreds of thousands).
  const symptoms = scratchSymptoms;
  const frames = scratchFrames;
  symptoms[0] = frames[0] = NONE;
  for (let i = 0; i < channel.basis.length; i++) {
    const codes = tracker.pauliSensitivity(site.qubits, channel.basis[i]!);
    const cut = frameStart(codes);
    symptoms[1 << i] = cut === codes.length ? codes : cut === 0 ? NONE : codes.slice(0, cut);
    frames[1 << i] = cut === codes.length ? NONE : cut === 0 ? codes : codes.slice(cut);
  }
  for (let k = 3; k < n; k++) {
    if ((k & (k - 1)) !== 0) symptoms[k] = frames[k] = undefined;
  }

  const pieces = decompose ? intraChannelPieces(detectorMasks(symptoms, channel.basis, n), symptomsOf) : undefined;
  // Disjoint cases that differ by a symptom-free case are indistinguishable: merge them.
  const merged = channel.disjoint ? mergeIndistinguishable(n, channel.probabilities) : undefined;
  const probabilities = merged?.probabilities ?? channel.probabilities;
  const sources = merged?.sources;

  const { instructionIndex, group } = site;
  for (let k = 1; k < n; k++) {
    const split = pieces !== undefined && !isWhole(pieces[k]!, k) ? pieces[k]! : undefined;
    const entry = table.add(scratchTargets, split === undefined ? writeTargets(symptomsOf(k)) : writeSplitTargets(split), probabilities[k]!);
    if (sources === undefined) addCase(table, entry, instructionIndex, group, k, k, channel.probabilities[k]!, split);
    else for (const src of sources[k]!) addCase(table, entry, instructionIndex, group, k, src, channel.probabilities[src]!, split);
  }
}

const NONE: readonly number[] = Object.freeze([]);

/** Per combination of the channel being added: its symptoms and its frame once worked out (symptomsOf, frameOf). */
const scratchSymptoms: (readonly number[] | undefined)[] = [];
const scratchFrames: (readonly number[] | undefined)[] = [];
/** The target codes of the combination being added: one typed array, so the table reads one kind of array. */
let scratchTargets = new Float64Array(64);

/** Whether a combination's pieces are itself alone. */
const isWhole = (pieces: readonly number[], k: number): boolean => pieces.length === 1 && pieces[0] === k;

/** Writes targets into scratchTargets and returns their count. */
function writeTargets(own: readonly number[]): number {
  if (own.length > scratchTargets.length) scratchTargets = new Float64Array(2 * own.length);
  const out = scratchTargets;
  for (let c = 0; c < own.length; c++) out[c] = own[c]!;
  return own.length;
}

/** Writes a split combination's targets, its pieces' symptoms joined by separators, into scratchTargets and returns their count. */
function writeSplitTargets(split: readonly number[]): number {
  let size = split.length - 1;
  for (const piece of split) size += symptomsOf(piece).length;
  if (size > scratchTargets.length) scratchTargets = new Float64Array(2 * size);
  const out = scratchTargets;
  let at = 0;
  for (let j = 0; j < split.length; j++) {
    if (j > 0) out[at++] = SEPARATOR_CODE;
    const piece = symptomsOf(split[j]!);
    for (let c = 0; c < piece.length; c++) out[at++] = piece[c]!;
  }
  return at;
}

/** The symptoms of combination k of the channel being added. */
const symptomsOf = (k: number): readonly number[] => combinationCodes(scratchSymptoms, k);
/** The frame of combination k of the channel being added. */
const frameOf = (k: number): readonly number[] => combinationCodes(scratchFrames, k);

/** known[k] (symptoms or frame of combination k), XOR-ed from two smaller combinations' the first time it is asked for. */
function combinationCodes(known: (readonly number[] | undefined)[], k: number): readonly number[] {
  let codes = known[k];
  if (codes === undefined) {
    const c1 = k & (k - 1);
    codes = known[k] = xorSorted(combinationCodes(known, c1), combinationCodes(known, k ^ c1));
  }
  return codes;
}

/**
 * One fault (combination `src`, merged into combination k's class) of a class; its frames are
 * only stored when it becomes the class's representative: src's frame, and per component the
 * frame of k's piece (k's own when k is whole).
 */
function addCase(
  table: ErrorClassTable,
  entry: ErrorClass,
  instructionIndex: number,
  group: number,
  k: number,
  src: number,
  probability: number,
  split: readonly number[] | undefined,
): void {
  if (!(probability > 0) || !table.addFault(entry, instructionIndex, group, src, probability)) return;
  if (split !== undefined) table.recordFrames(entry, frameOf(src), split.map(frameOf));
  else if (src === k) table.recordFrame(entry, frameOf(src));
  else table.recordFrames(entry, frameOf(src), [frameOf(k)]);
}

/**
 * Adds a mechanism with these targets outside a channel (a measurement flip): through the same
 * scratch array as the channels' combinations.
 */
export function addMechanism(table: ErrorClassTable, targets: readonly number[], probability: number): ErrorClass {
  return table.add(scratchTargets, writeTargets(targets), probability);
}

/**
 * For a channel of disjoint cases: cases that differ by a symptom-free case are merged into the
 * lower index, which takes their probability; `sources[k]` lists the cases k now stands for.
 */
function mergeIndistinguishable(
  n: number,
  caseProbabilities: readonly number[],
): { probabilities: number[]; sources: number[][] } {
  const probabilities = [...caseProbabilities];
  const sources = probabilities.map((_, k) => [k]);
  for (let k = 1; k < n; k++) {
    if (symptomsOf(k).length > 0) continue;
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

const scratchInvolved: number[] = [];

/** detectorMasks[k]: which of the channel's involved detectors combination k (of n) flips. */
function detectorMasks(symptoms: readonly (readonly number[] | undefined)[], basis: readonly string[], n: number): number[] {
  // The involved detectors in a scratch array (one grown by push from empty takes room for 17).
  const involved = scratchInvolved;
  let involvedCount = 0;
  const masks = new Array<number>(n).fill(0);
  for (let i = 0; i < basis.length; i++) {
    const own = symptoms[1 << i]!;
    for (let c = 0; c < own.length; c++) {
      const code = own[c]!;
      if (!isDetectorCode(code)) continue;
      let bit = 0;
      while (bit < involvedCount && involved[bit] !== code) bit++;
      if (bit === involvedCount) {
        if (involvedCount === MAX_INVOLVED_DETECTORS) {
          const cases = basis.map((b, j) => `${b}: ${symptoms[1 << j]!.map(describeCode).join(' ')}`);
          throw new ErrorAnalysisError(
            `cannot decompose a noise channel whose cases flip more than ${MAX_INVOLVED_DETECTORS} detectors ` +
              `(basis cases ${cases.join('; ')})`,
          );
        }
        involved[involvedCount++] = code;
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
