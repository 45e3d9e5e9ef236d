/**
 * Which detector pairs can ever be matched together, as a bit matrix built once per DEM: the
 * standard pruning of the event graph for matching with a boundary (in PyMatching's sparse
 * blossom, Higgott & Gidney arXiv:2303.15933, a growing region that reaches the boundary before
 * meeting another is matched to it; here the test is made once per detector pair).
 *
 * Pair (i, j) is useful when d(i, j) < b(i) + b(j), with d the shortest-path distance and b the
 * distance to the boundary (pair-table.ts). Exactness: in a matching that pairs i with j although
 * d(i, j) ≥ b(i) + b(j), sending both to the boundary instead costs no more and leaves the other
 * pairs alone. Repeating this for every such pair turns any minimum-weight matching into one of
 * the same weight that uses useful pairs only, so restricting the search to them loses no
 * optimum. (With b = ∞ — no path to the boundary — every connected pair is useful, as it must be.)
 *
 * At distance 9 about 15% of the pairs are useful; a shot with k events then reads k bit rows
 * (≈ n/32 words each, from a table of n²/8 bytes that stays in cache) instead of k²/2 entries of
 * the 8n²-byte distance table, and its solvers see a sparse graph. Only j > i is stored. The
 * distances of the useful pairs are kept again, row by row in bit order, so that those reads
 * stay in a table a few times smaller than the full one, where rows are contiguous.
 */
import type { PairTable } from './pair-table.ts';

export interface UsefulPairs {
  /** 32-bit words per row: ceil(n / 32). */
  readonly words: number;
  /** bits[i·words + (j >>> 5)] has bit (j & 31) set iff j > i and (i, j) is useful. */
  readonly bits: Int32Array;
  /** Row i's non-zero words lie in [firstWord[i], endWord[i]) (empty when first ≥ end). */
  readonly firstWord: Int32Array;
  readonly endWord: Int32Array;
  /**
   * The distance of the useful pair (i, j) is dist[rowStart[i] + rank], rank being the number of
   * set bits before j in row i: rankBefore[i·words + (j >>> 5)] + popcount32 of the bits of
   * j's word below j.
   */
  readonly rowStart: Int32Array;
  readonly rankBefore: Int32Array;
  readonly dist: Float64Array;
}

/** Number of set bits of a 32-bit integer (SWAR popcount). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** O(n²) time; n²/4 bytes plus 8 bytes per useful pair. */
export function computeUsefulPairs(table: PairTable): UsefulPairs {
  const n = table.numDetectors;
  const { dist, boundaryDist } = table;
  const words = (n + 31) >>> 5;
  const bits = new Int32Array(n * words);
  const rankBefore = new Int32Array(n * words);
  const firstWord = new Int32Array(n);
  const endWord = new Int32Array(n);
  const rowStart = new Int32Array(n + 1);
  const useful = (i: number, j: number): boolean => dist[i * n + j]! < boundaryDist[i]! + boundaryDist[j]!;
  for (let i = 0; i < n; i++) {
    const row = i * words;
    let first = words;
    let end = 0;
    let count = 0;
    for (let j = i + 1; j < n; j++) {
      const w = j >>> 5;
      if ((j & 31) === 0 || j === i + 1) rankBefore[row + w] = count;
      if (!useful(i, j)) continue;
      bits[row + w]! |= 1 << (j & 31);
      count++;
      if (w < first) first = w;
      end = w + 1;
    }
    firstWord[i] = first;
    endWord[i] = end;
    rowStart[i + 1] = rowStart[i]! + count;
  }
  const pairDist = new Float64Array(rowStart[n]!);
  for (let i = 0, at = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (useful(i, j)) pairDist[at++] = dist[i * n + j]!;
  return { words, bits, firstWord, endWord, rowStart, rankBefore, dist: pairDist };
}
