/**
 * Stim's intra-channel decomposition (`decompose_helper_add_error_combinations` in quantumlib/Stim
 * src/stim/simulators/error_analyzer.cc): within one application of a composite channel, a case
 * whose symptoms are a product of the channel's simpler cases is always split into them — e.g.
 * a data-qubit Y error into its X part ^ its Z part, which keeps the X and Z matching graphs of a
 * CSS code apart even where Y looks graph-like (the corners of the surface code).
 *
 * Cases with one detector, and "irreducible" two-detector cases (not made of single-detector
 * cases), are kept whole. Any other case is split, in this order of preference, into: only
 * single-detector cases; one irreducible pair plus singles; two disjoint irreducible pairs plus
 * singles; otherwise it is left whole for the global pass. The scan orders are Stim's, so the
 * first fit is the same split Stim prints.
 */
const popcount = (mask: number): number => {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
};

/**
 * For each combination k of a channel's basis errors, the combinations whose symptoms form its
 * `^` components, in print order (`[k]` itself when it is kept whole).
 *
 * @param detectorMasks  detectorMasks[k]: bit i set ⇔ the channel's i-th involved detector flips,
 *                       the involved detectors numbered in increasing order (two pairs are
 *                       printed in the order of their target sequences, which for disjoint
 *                       pairs is the order of their lowest detectors: of their lowest bits).
 */
export function intraChannelPieces(detectorMasks: ArrayLike<number>): (readonly number[])[] {
  const n = detectorMasks.length;
  let singles = 0;
  for (let k = 1; k < n; k++) if (popcount(detectorMasks[k]!) === 1) singles |= detectorMasks[k]!;
  // Lists are gathered in scratch arrays and copied out at their size: an array grown by push
  // from empty takes room for 17, and the analysis splits millions of combinations.
  const pairs = scratchPairs;
  let pairCount = 0;
  for (let k = 1; k < n; k++) {
    if (popcount(detectorMasks[k]!) === 2 && (detectorMasks[k]! & ~singles) !== 0) pairs[pairCount++] = k;
  }
  const out = new Array<readonly number[]>(n);
  for (let k = 0; k < n; k++) {
    const count = k === 0 ? 0 : popcount(detectorMasks[k]!);
    // Kept whole: nothing to split, a single, or an irreducible pair.
    if (count <= 1 || (count === 2 && (detectorMasks[k]! & ~singles) !== 0)) {
      out[k] = whole(k);
      continue;
    }
    const pieces = scratchPieces;
    let remaining = choosePairs(k, detectorMasks, singles, pairs, pairCount);
    let pieceCount = chosenCount;
    for (let k2 = 0; remaining !== 0 && k2 < n; k2++) {
      const m = detectorMasks[k2]!;
      if (k2 > 0 && popcount(m) === 1 && (m & ~remaining) === 0) {
        remaining &= ~m;
        pieces[pieceCount++] = k2;
      }
    }
    out[k] = pieces.slice(0, pieceCount);
  }
  return out;
}

/** Scratch of intraChannelPieces: the channel's irreducible pairs, and the pieces of the combination being split. */
const scratchPairs: number[] = [];
const scratchPieces: number[] = [];
/** How many pieces the last choosePairs put at the start of scratchPieces. */
let chosenCount = 0;

/**
 * Chooses the pair part of goal's split, written at the start of scratchPieces (chosenCount of
 * them); returns the detectors left for single cases.
 */
function choosePairs(
  goal: number,
  detectorMasks: ArrayLike<number>,
  singles: number,
  pairs: readonly number[],
  pairCount: number,
): number {
  const pieces = scratchPieces;
  chosenCount = 0;
  const target = detectorMasks[goal]!;
  if ((target & ~singles) === 0) return target;
  for (let i = 0; i < pairCount; i++) {
    const k = pairs[i]!;
    const m = detectorMasks[k]!;
    if ((target & m) === m && (target & ~(singles | m)) === 0) {
      pieces[chosenCount++] = k;
      return target & ~m;
    }
  }
  for (let i1 = 0; i1 < pairCount; i1++) {
    for (let i2 = i1 + 1; i2 < pairCount; i2++) {
      const k1 = pairs[i1]!;
      const k2 = pairs[i2]!;
      const m1 = detectorMasks[k1]!;
      const m2 = detectorMasks[k2]!;
      if ((m1 & m2) === 0 && (target & ~(singles | m1 | m2)) === 0) {
        const secondFirst = lowestBit(m2) < lowestBit(m1);
        pieces[chosenCount++] = secondFirst ? k2 : k1;
        pieces[chosenCount++] = secondFirst ? k1 : k2;
        return target & ~(m1 | m2);
      }
    }
  }
  // Not expressible with this channel's own cases: keep it whole for the global pass.
  pieces[chosenCount++] = goal;
  return 0;
}

const lowestBit = (mask: number): number => mask & -mask;

/**
 * `[k]`, shared for the combinations of up to four basis errors (every channel we analyze).
 * Not frozen (readonly by type): a frozen array has a map of its own, and the analysis reads
 * these and the split pieces' arrays at the same sites, which then are compiled for both.
 */
const WHOLE: readonly (readonly number[])[] = Array.from({ length: 16 }, (_, k) => [k]);
export const whole = (k: number): readonly number[] => WHOLE[k] ?? [k];
