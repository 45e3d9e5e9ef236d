/**
 * Adds one application of a noise channel to the error classes (Stim's `add_error_combinations`):
 * the symptoms of each basis error are read off the backward tracker, every combination's
 * symptoms are their XOR, each combination is recorded as an independent mechanism, and with
 * `decompose` the combinations are first split by the intra-channel rule.
 */
import { CombinationCodes, FRAME, SYMPTOMS } from './combination-codes.ts';
import { ErrorAnalysisError } from './error-analysis-error.ts';
import type { ErrorClass, ErrorClassTable } from './error-class-table.ts';
import { intraChannelPieces, whole } from './intra-channel-decomposition.ts';
import type { IndependentChannel } from './noise-channels.ts';
import type { ReverseFrameTracker } from './reverse-frame-tracker.ts';
import { describeCode, frameStart, isDetectorCode, SEPARATOR_CODE } from './symptom-codes.ts';

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
  combinations.begin(n);
  for (let i = 0; i < channel.basis.length; i++) combinations.setBasis(1 << i, tracker.pauliSensitivity(site.qubits, channel.basis[i]!));

  const pieces = decompose ? channelPieces(channel.basis) : undefined;
  // Disjoint cases that differ by a symptom-free case are indistinguishable: merge them.
  const merged = channel.disjoint ? mergeIndistinguishable(n, channel.probabilities) : undefined;
  const probabilities = merged?.probabilities ?? channel.probabilities;
  const sources = merged?.sources;

  const { instructionIndex, group } = site;
  for (let k = 1; k < n; k++) {
    const split = pieces !== undefined && !isWhole(pieces[k]!, k) ? pieces[k]! : undefined;
    const length = split === undefined ? writeTargets(k) : writeSplitTargets(split);
    // A case that flips nothing makes no error line, and no provenance reads it.
    if (length === 0) continue;
    const entry = table.add(scratchTargets, length, probabilities[k]!);
    if (sources === undefined) addCase(table, entry, instructionIndex, group, k, k, channel.probabilities[k]!, split);
    else for (const src of sources[k]!) addCase(table, entry, instructionIndex, group, k, src, channel.probabilities[src]!, split);
  }
}

/**
 * Adds a measurement-result flip with the sensitivity of its result (DEM targets, then frame
 * probes): a mechanism of its own, through the same scratch arrays as the channels' combinations.
 */
export function addMeasurementFlip(
  table: ErrorClassTable,
  flipped: readonly number[],
  instructionIndex: number,
  position: number,
  probability: number,
): void {
  const cut = frameStart(flipped);
  // A flip that no detector or observable reads makes no error line.
  if (cut === 0) return;
  if (cut > scratchTargets.length) scratchTargets = new Float64Array(2 * cut);
  for (let c = 0; c < cut; c++) scratchTargets[c] = flipped[c]!;
  const k = table.add(scratchTargets, cut, probability);
  if (!table.addFault(k, instructionIndex, position, 0, probability)) return;
  combinations.begin(1);
  const at = combinations.copy(flipped, cut, flipped.length);
  table.recordFrame(k, combinations.codes, at, flipped.length - cut);
}

/** The symptoms and frames of the combinations of the channel application being added. */
const combinations = new CombinationCodes();
/** The target codes of the combination being added: one typed array, so the table reads one kind of array. */
let scratchTargets = new Float64Array(64);
/** Runs of a representative's frames for recordFrames: its whole frame, then one per component. */
let scratchRuns = new Int32Array(2 * 17);

/** Whether a combination's pieces are itself alone. */
const isWhole = (pieces: readonly number[], k: number): boolean => pieces.length === 1 && pieces[0] === k;

/** Writes combination k's symptoms into scratchTargets and returns their count. */
function writeTargets(k: number): number {
  const start = combinations.start(k, SYMPTOMS);
  const length = combinations.length(k, SYMPTOMS);
  if (length > scratchTargets.length) scratchTargets = new Float64Array(2 * length);
  const out = scratchTargets;
  const codes = combinations.codes;
  for (let c = 0; c < length; c++) out[c] = codes[start + c]!;
  return length;
}

/** Writes a split combination's targets, its pieces' symptoms joined by separators, into scratchTargets and returns their count. */
function writeSplitTargets(split: readonly number[]): number {
  let size = split.length - 1;
  for (const piece of split) {
    combinations.start(piece, SYMPTOMS);
    size += combinations.length(piece, SYMPTOMS);
  }
  if (size > scratchTargets.length) scratchTargets = new Float64Array(2 * size);
  const out = scratchTargets;
  const codes = combinations.codes;
  let at = 0;
  for (let j = 0; j < split.length; j++) {
    if (j > 0) out[at++] = SEPARATOR_CODE;
    const start = combinations.start(split[j]!, SYMPTOMS);
    const end = start + combinations.length(split[j]!, SYMPTOMS);
    for (let c = start; c < end; c++) out[at++] = codes[c]!;
  }
  return at;
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
  if (split === undefined && src === k) {
    const start = combinations.start(k, FRAME);
    table.recordFrame(entry, combinations.codes, start, combinations.length(k, FRAME));
    return;
  }
  const components = split ?? whole(k);
  if (2 * (components.length + 1) > scratchRuns.length) scratchRuns = new Int32Array(4 * (components.length + 1));
  const runs = scratchRuns;
  runs[0] = combinations.start(src, FRAME);
  runs[1] = combinations.length(src, FRAME);
  for (let j = 0; j < components.length; j++) {
    runs[2 * j + 2] = combinations.start(components[j]!, FRAME);
    runs[2 * j + 3] = combinations.length(components[j]!, FRAME);
  }
  table.recordFrames(entry, combinations.codes, runs, components.length);
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
    combinations.start(k, SYMPTOMS);
    if (combinations.length(k, SYMPTOMS) > 0) continue;
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

/**
 * The intra-channel split of the channel application being added, by the pattern of detectors
 * its basis cases flip. The split depends on nothing else (detectorMasks numbers the involved
 * detectors in increasing order), and a circuit repeats a few dozen patterns hundreds of
 * thousands of times: each pattern's split is worked out once (up to MAX_PATTERNS of them).
 */
function channelPieces(basis: readonly string[]): (readonly number[])[] {
  const masks = detectorMasks(basis);
  const key = patternKey(masks, basis.length, involvedCount);
  let pieces = key === undefined ? undefined : knownPieces.get(key);
  if (pieces === undefined) {
    pieces = intraChannelPieces(masks);
    if (key !== undefined && knownPieces.size < MAX_PATTERNS) knownPieces.set(key, pieces);
  }
  return pieces;
}

const knownPieces = new Map<number, (readonly number[])[]>();
const MAX_PATTERNS = 1 << 12;

/**
 * A number naming the basis cases' detector masks (with their count and the number of involved
 * detectors, so that no two patterns share it), or undefined when it would not fit in 52 bits.
 */
function patternKey(masks: Int32Array, basisLength: number, involved: number): number | undefined {
  if (involved * basisLength > 42) return undefined;
  let key = basisLength * 32 + involved;
  for (let i = 0; i < basisLength; i++) key = key * 2 ** involved + masks[1 << i]!;
  return key;
}

/** The involved detectors of the last detectorMasks call, in increasing order, and their count. */
const involvedDetectors: number[] = [];
let involvedCount = 0;
/**
 * Per basis length s, the 2^s masks detectorMasks writes; made up front for every channel we
 * analyze (up to four basis errors): an array grown as channels of new widths come along threw
 * detectorMasks's compiled code away at each.
 */
const scratchMasks: Int32Array[] = Array.from({ length: 5 }, (_, s) => new Int32Array(1 << s));

/** detectorMasks[k]: which of the channel's involved detectors (numbered in increasing order) combination k flips. */
function detectorMasks(basis: readonly string[]): Int32Array {
  const n = 1 << basis.length;
  const masks = (scratchMasks[basis.length] ??= new Int32Array(n));
  const involved = involvedDetectors;
  const codes = combinations.codes;
  involvedCount = 0;
  for (let i = 0; i < basis.length; i++) {
    const start = combinations.start(1 << i, SYMPTOMS);
    const end = start + combinations.length(1 << i, SYMPTOMS);
    for (let c = start; c < end; c++) {
      const code = codes[c]!;
      if (!isDetectorCode(code)) continue;
      let at = involvedCount;
      while (at > 0 && involved[at - 1]! > code) at--;
      if (at > 0 && involved[at - 1] === code) continue;
      if (involvedCount === MAX_INVOLVED_DETECTORS) throw tooManyDetectors(basis);
      for (let j = involvedCount; j > at; j--) involved[j] = involved[j - 1]!;
      involved[at] = code;
      involvedCount++;
    }
  }
  for (let i = 0; i < basis.length; i++) {
    let mask = 0;
    const start = combinations.start(1 << i, SYMPTOMS);
    const end = start + combinations.length(1 << i, SYMPTOMS);
    for (let c = start; c < end; c++) {
      const code = codes[c]!;
      if (isDetectorCode(code)) mask |= 1 << involved.indexOf(code, 0);
    }
    masks[1 << i] = mask;
  }
  masks[0] = 0;
  for (let k = 3; k < n; k++) {
    const c1 = k & (k - 1);
    if (c1 !== 0) masks[k] = masks[c1]! ^ masks[k ^ c1]!;
  }
  return masks;
}

function tooManyDetectors(basis: readonly string[]): ErrorAnalysisError {
  const cases = basis.map((b, j) => {
    const start = combinations.start(1 << j, SYMPTOMS);
    const symptoms = Array.from(combinations.codes.subarray(start, start + combinations.length(1 << j, SYMPTOMS)));
    return `${b}: ${symptoms.map(describeCode).join(' ')}`;
  });
  return new ErrorAnalysisError(
    `cannot decompose a noise channel whose cases flip more than ${MAX_INVOLVED_DETECTORS} detectors ` +
      `(basis cases ${cases.join('; ')})`,
  );
}
