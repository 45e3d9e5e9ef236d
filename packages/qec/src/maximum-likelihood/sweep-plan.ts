/**
 * The contraction order of a DEM's factor graph for exact maximum-likelihood decoding: the
 * mechanisms are absorbed one at a time into a table over the parities of the "open" detectors
 * (some but not all of their mechanisms absorbed) plus the observable's parity, and a detector is
 * projected onto its observed syndrome bit as soon as its last mechanism is in. This is variable
 * elimination on the DEM's Tanner graph (each detector an XOR check); the table has
 * 2^(frontier + 1) entries, so the order is chosen to keep the largest frontier small.
 *
 * The plan depends on the DEM only; the syndrome enters when the plan is run
 * (maximum-likelihood-decoder.ts).
 */
import { flatMechanisms, type FlatDem, type MechanismSource } from '../dem/flatten-dem.ts';

/** One step of the sweep. */
export type SweepStep =
  /** Absorb an independent mechanism: flip the bits of `mask` with probability p. */
  | {
      readonly kind: 'mechanism';
      readonly mask: number;
      readonly probability: number;
      /** 1 − probability, carried separately so a merged p near 1 keeps its complement's precision. */
      readonly complement: number;
      readonly span: number;
    }
  /** The detector's last mechanism is in: keep the entries whose `bit` equals its syndrome bit. */
  | { readonly kind: 'close'; readonly detector: number; readonly bit: number; readonly span: number };

export interface SweepPlan {
  readonly numDetectors: number;
  readonly observable: number;
  /**
   * The largest number of detectors open at once; the table has 2^(frontierWidth + 1) entries.
   * Above the planning bound it is where laying out stopped (a lower bound), and `steps` is empty.
   */
  readonly frontierWidth: number;
  /** Mechanisms after merging those with the same symptoms (and dropping p = 0 and symptomless ones). */
  readonly mechanisms: number;
  readonly steps: readonly SweepStep[];
  /** Detectors no mechanism flips: such a detector firing has probability 0. */
  readonly untouchedDetectors: readonly number[];
}

/** Bit 0 of a table index is the observable's parity; detectors take the bits above it. */
export const OBSERVABLE_BIT = 1;

interface Mechanism {
  readonly detectors: readonly number[];
  readonly flipsObservable: boolean;
  probability: number;
  complement: number;
}

/**
 * Plans the sweep for the observable `observable` of `dem` (other observables are summed over).
 * Laying out an order stops as soon as its frontier passes `maxFrontier`, so refusing a huge DEM
 * costs little; the returned plan then has a frontier above the bound and is not to be run.
 * The mechanism is each `error` line's whole symptom set: flattenDem XORs the `^`-separated
 * parts back together, since the separators are only a hint for matching decoders.
 */
export function planSweep(dem: FlatDem, observable: number, maxFrontier: number): SweepPlan {
  const mechanisms = mergeMechanisms(dem, observable);
  const candidates = [byLastDetector, byFirstDetector].map((order) => layOut(order(mechanisms), dem.numDetectors, maxFrontier));
  const best = candidates.reduce((a, b) => (b.frontierWidth < a.frontierWidth ? b : a));
  const touched = new Set(mechanisms.flatMap((m) => m.detectors));
  const untouchedDetectors: number[] = [];
  for (let d = 0; d < dem.numDetectors; d++) if (!touched.has(d)) untouchedDetectors.push(d);
  return { numDetectors: dem.numDetectors, observable, mechanisms: mechanisms.length, untouchedDetectors, ...best };
}

/**
 * A width both orders tried by planSweep reach, found without sorting or merging: in the order by
 * last detector, once every mechanism whose last detector is at most L is in (and none past it),
 * the open detectors are exactly those some of these mechanisms touch and some later one does,
 * i.e. those whose mechanisms' last detectors span L; likewise by first detector. Ties and
 * merging change neither set, so the smaller of the two orders' widest such cuts is a lower
 * bound on the planned frontier, and a DEM past the bound is refused in O(symptoms) — a large
 * level's DEM (hundreds of thousands of mechanisms) would otherwise be merged and sorted twice
 * only to be refused after a few dozen steps. Laying out stops at the first detector past the
 * bound, so a refused plan's width is always maxFrontier + 1 whichever way it was refused.
 */
export function frontierLowerBound(dem: FlatDem): number {
  return mechanismFrontierLowerBound(flatMechanisms(dem));
}

/** frontierLowerBound of any model's mechanisms, both orders in one pass over them. */
export function mechanismFrontierLowerBound(source: MechanismSource): number {
  const n = source.numDetectors;
  // Per detector, the range of keys (last detector, first detector) of the mechanisms touching it.
  const lowLast = new Int32Array(n).fill(n);
  const highLast = new Int32Array(n).fill(-1);
  const lowFirst = new Int32Array(n).fill(n);
  const highFirst = new Int32Array(n).fill(-1);
  source.forEachMechanism((probability, detectors) => {
    if (probability === 0 || detectors.length === 0) return;
    const last = detectors[detectors.length - 1]!;
    const first = detectors[0]!;
    for (const d of detectors) {
      if (last < lowLast[d]!) lowLast[d] = last;
      if (last > highLast[d]!) highLast[d] = last;
      if (first < lowFirst[d]!) lowFirst[d] = first;
      if (first > highFirst[d]!) highFirst[d] = first;
    }
  });
  return Math.min(widestCut(lowLast, highLast), widestCut(lowFirst, highFirst));
}

/** The most detectors open across one cut, detector d being open across the cuts low[d] <= L < high[d]. */
function widestCut(low: Int32Array, high: Int32Array): number {
  const n = low.length;
  const opens = new Int32Array(n + 1);
  for (let d = 0; d < n; d++) {
    if (low[d]! >= high[d]!) continue;
    opens[low[d]!]!++;
    opens[high[d]!]!--;
  }
  let open = 0;
  let most = 0;
  for (let cut = 0; cut < n; cut++) most = Math.max(most, (open += opens[cut]!));
  return most;
}

/**
 * Mechanisms with identical symptoms are one binary variable: they fire an odd number of times
 * with probability p1·q2 + p2·q1 and an even number with q1·q2 + p1·p2 (q = 1 − p). Both are sums
 * of non-negative terms, so neither loses precision as 1 − (the other) would when it is tiny.
 * Merging shortens the sweep without changing any sum.
 */
function mergeMechanisms(dem: FlatDem, observable: number): Mechanism[] {
  const byKey = new Map<string, Mechanism>();
  for (const error of dem.errors) {
    const flipsObservable = error.observables.includes(observable);
    if (error.probability === 0 || (error.detectors.length === 0 && !flipsObservable)) continue;
    const key = `${error.detectors.join(' ')}|${flipsObservable ? 1 : 0}`;
    const known = byKey.get(key);
    const p = error.probability;
    const q = 1 - p;
    if (known === undefined) {
      byKey.set(key, { detectors: error.detectors, flipsObservable, probability: p, complement: q });
      continue;
    }
    const { probability, complement } = known;
    known.probability = probability * q + p * complement;
    known.complement = complement * q + probability * p;
  }
  return [...byKey.values()];
}

const first = (m: Mechanism) => m.detectors[0] ?? -1;
const last = (m: Mechanism) => m.detectors[m.detectors.length - 1] ?? -1;

/** Detectors are numbered round by round, so sorting by a mechanism's detectors sweeps through time. */
const byLastDetector = (ms: readonly Mechanism[]) => [...ms].sort((a, b) => last(a) - last(b) || first(a) - first(b));
const byFirstDetector = (ms: readonly Mechanism[]) => [...ms].sort((a, b) => first(a) - first(b) || last(a) - last(b));

/**
 * Assigns table bits to detectors as they open (the lowest free bit, so the live part of the
 * table — `span` entries — stays as small as the frontier allows) and frees a bit when its
 * detector closes.
 */
function layOut(order: readonly Mechanism[], numDetectors: number, maxFrontier: number): { frontierWidth: number; steps: SweepStep[] } {
  const remaining = new Int32Array(numDetectors);
  for (const m of order) for (const d of m.detectors) remaining[d]!++;
  const slotOf = new Int32Array(numDetectors).fill(-1);
  const slotUsed: boolean[] = [];
  let open = 0;
  let frontierWidth = 0;
  const spanOf = () => {
    let top = slotUsed.length;
    while (top > 0 && !slotUsed[top - 1]) top--;
    return 2 ** (top + 1);
  };
  const steps: SweepStep[] = [];
  for (const m of order) {
    let mask = m.flipsObservable ? OBSERVABLE_BIT : 0;
    for (const d of m.detectors) {
      if (slotOf[d] === -1) {
        let slot = slotUsed.indexOf(false);
        if (slot === -1) slot = slotUsed.push(false) - 1;
        slotUsed[slot] = true;
        slotOf[d] = slot;
        frontierWidth = Math.max(frontierWidth, ++open);
        if (frontierWidth > maxFrontier) return { frontierWidth, steps: [] };
      }
      mask |= 2 ** (slotOf[d]! + 1);
    }
    steps.push({ kind: 'mechanism', mask, probability: m.probability, complement: m.complement, span: spanOf() });
    for (const d of m.detectors) {
      if (--remaining[d]! > 0) continue;
      steps.push({ kind: 'close', detector: d, bit: 2 ** (slotOf[d]! + 1), span: spanOf() });
      slotUsed[slotOf[d]!] = false;
      open--;
    }
  }
  return { frontierWidth, steps };
}
