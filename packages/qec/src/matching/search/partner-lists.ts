/**
 * Each detector's possible partners, computed on first use and kept: the detectors v whose pair
 * with u is useful and rooted at u (pair-search.ts), with the pair's distance and observables.
 * The lists take O(n·r) memory for n detectors and r partners per list (r is bounded by the
 * detectors within twice a detector's boundary distance), not O(n²).
 *
 * A list is read through one of three rows, each computed on first use: the whole list (one
 * search, one row: what the other shots read), or its two shells by distance — the near
 * partners (d ≤ nearRadius, found by a search that stops there) and the far ones. Near threshold
 * most useful pairs are far and almost none of them is matched; the event matcher
 * (event-matcher.ts) solves a shot with deep events on its near pairs first and reads the far
 * rows only to price them against that solution's duals — rarely, so most far rows are never
 * computed, and the searches behind the near ones stay within a few edges whatever the code's
 * size. Any other shot reads one whole row per event rather than two shells (a detector firing in
 * both kinds of shot has both, which costs memory only where both kinds are common, around d9).
 *
 * A shot reads each of these rows as bits: its partners sorted by detector, a bit per detector,
 * kept only for the 32-detector words that hold a partner (a row's partners lie in a few patches,
 * one per round it reaches, so most words of the window they span are empty: at d17 a near row
 * spans ~50 words of which ~15 hold a partner). AND-ing a row's words with the shot's event bits
 * finds the partners that fired 32 detectors at a time (most listed partners did not fire:
 * detection events are sparse), and a partner's entry is found from its rank in the row — the set
 * bits before it, counted per word plus a popcount. A slot's word, bits and first entry sit side by
 * side (one stream of memory per row: the rows of a large code do not fit in cache).
 */
import type { DetectorGraph } from '../graph/detector-graph.ts';
import { grown } from './grown-array.ts';
import { PairSearch, pairRoot } from './pair-search.ts';

/** Number of set bits of a 32-bit integer (SWAR popcount). */
export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** The rows of a partner list: row r of detector u is at index ROWS_PER_LIST·u + r. */
export const NEAR = 0;
export const FAR = 1;
export const WHOLE = 2;
export const ROWS_PER_LIST = 3;

/** A row slot's fields (PartnerLists.slots): its word, its bits, and the entry of its first partner. */
export const SLOT_WORD = 0;
export const SLOT_BITS = 1;
export const SLOT_ENTRY = 2;
export const SLOT_STRIDE = 3;

export class PartnerLists {
  /** Partners at most this far from their root are near (integer weight units). */
  readonly nearRadius: number;
  /**
   * Row i (detector u's row r at i = ROWS_PER_LIST·u + r): its entries are entryStart[i] ..
   * entryStart[i] + rowLength[i] − 1 in increasing partner order (entryStart −1: not computed
   * yet); the partners themselves are the row's bits.
   */
  readonly entryStart: Int32Array;
  readonly rowLength: Int32Array;
  /**
   * Entry x: the pair's distance (a sum of integer edge weights, far below 2³¹: kept in 32 bits,
   * half the memory a shot's reads of it touch), and obsWords words of observables at x·obsWords.
   */
  dist: Int32Array = new Int32Array(1024);
  obs: Int32Array;
  /**
   * Row i's non-empty words are the slots t = rowStart[i] .. rowStart[i] + rowSlots[i] − 1, in
   * increasing word order: slot t holds, at slots[SLOT_STRIDE·t + SLOT_WORD], the word w of the
   * detector bit set (detectors 32·w .. 32·w + 31); at + SLOT_BITS, its bits; at + SLOT_ENTRY,
   * the entry of its first partner (entryStart[i] plus the row's partners in earlier slots).
   */
  readonly rowStart: Int32Array;
  readonly rowSlots: Int32Array;
  slots = new Int32Array(SLOT_STRIDE * 1024);
  readonly search: PairSearch;
  private used = 0;
  private slotsUsed = 0;
  /** The row kind being computed (NEAR, FAR or WHOLE), and the partners its search found, in the order found (scratch), with their sort keys. */
  private kind = NEAR;
  private found = 0;
  private foundPartner = new Int32Array(64);
  private foundDist = new Float64Array(64);
  private foundObs: Int32Array;
  private sortKey = new Float64Array(64);
  private readonly detectors: DetectorGraph;
  private root = 0;
  private readonly visit: (v: number, d: number) => void;

  constructor(detectors: DetectorGraph, nearRadius = Number.POSITIVE_INFINITY) {
    const n = detectors.numDetectors;
    this.detectors = detectors;
    this.nearRadius = nearRadius;
    this.search = new PairSearch(detectors);
    const rows = ROWS_PER_LIST * n;
    this.entryStart = new Int32Array(rows).fill(-1);
    this.rowLength = new Int32Array(rows);
    this.rowStart = new Int32Array(rows);
    this.rowSlots = new Int32Array(rows);
    this.obs = new Int32Array(1024 * detectors.obsWords);
    this.foundObs = new Int32Array(64 * detectors.obsWords);
    this.visit = (v, d) => this.consider(v, d);
  }

  /** Makes sure row `row` (ROWS_PER_LIST·u + NEAR, FAR or WHOLE: one of detector u's rows) is computed. */
  ensure(row: number): void {
    if (this.entryStart[row]! >= 0) return;
    this.root = (row / ROWS_PER_LIST) | 0;
    this.kind = row - ROWS_PER_LIST * this.root;
    this.found = 0;
    this.search.run(this.root, this.visit, this.searchCap(this.kind));
    const length = this.found;
    const start = this.used;
    while (start + length > this.dist.length) this.grow();
    this.used += length;
    // Entries in increasing partner order, so that an entry's rank in the row finds it: sort
    // keys (partner, index found) packed in one exact double.
    const { foundPartner, foundDist, foundObs, dist, obs, sortKey } = this;
    for (let x = 0; x < length; x++) sortKey[x] = foundPartner[x]! * length + x;
    const keys = sortKey.subarray(0, length).sort();
    const obsWords = this.detectors.obsWords;
    for (let x = 0; x < length; x++) {
      const from = keys[x]! % length;
      dist[start + x] = foundDist[from]!;
      for (let w = 0; w < obsWords; w++) obs[(start + x) * obsWords + w] = foundObs[from * obsWords + w]!;
      foundPartner[length + x] = foundPartner[from]!; // sorted copy, after the found ones
    }
    this.writeRow(row, start, length);
  }

  /**
   * The cap of the search behind a kind of row (PairSearch.run): searching again from the root
   * with the cap of the row that holds a pair gives the same tree, hence the same path.
   */
  searchCap(kind: number): number {
    return kind === NEAR ? this.nearRadius : Number.POSITIVE_INFINITY;
  }

  /** The kind of row (NEAR, FAR or WHOLE) of root u's list that holds entry x. */
  kindOfEntry(u: number, x: number): number {
    for (let kind = NEAR; kind < ROWS_PER_LIST; kind++) {
      const row = ROWS_PER_LIST * u + kind;
      const start = this.entryStart[row]!;
      if (start >= 0 && x >= start && x < start + this.rowLength[row]!) return kind;
    }
    throw new RangeError(`entry ${x} is not in detector ${u}'s partner list`);
  }

  /** The entry of the pair (u, v) in root u's whole row, or −1 if v is not a partner of u (computes the row as needed). */
  entryOf(u: number, v: number): number {
    const row = ROWS_PER_LIST * u + WHOLE;
    this.ensure(row);
    const w = v >>> 5;
    const slots = this.slots;
    // v's word among the row's slots, in increasing word order (a few slots where shots are small).
    const end = SLOT_STRIDE * (this.rowStart[row]! + this.rowSlots[row]!);
    let at = SLOT_STRIDE * this.rowStart[row]!;
    while (at < end && slots[at + SLOT_WORD]! < w) at += SLOT_STRIDE;
    if (at === end || slots[at + SLOT_WORD] !== w) return -1;
    const bits = slots[at + SLOT_BITS]!;
    const bit = 1 << (v & 31);
    return (bits & bit) === 0 ? -1 : slots[at + SLOT_ENTRY]! + popcount32(bits & (bit - 1));
  }

  /** Row `row` from the sorted partners foundPartner[length .. 2·length), whose entries start at `entries`. */
  private writeRow(row: number, entries: number, length: number): void {
    const sorted = this.foundPartner;
    this.entryStart[row] = entries;
    this.rowLength[row] = length;
    this.rowStart[row] = this.slotsUsed;
    // At most one slot per partner.
    while (SLOT_STRIDE * (this.slotsUsed + length) > this.slots.length) this.slots = grown(this.slots, 2 * this.slots.length);
    const slots = this.slots;
    let slot = this.slotsUsed - 1;
    for (let x = 0; x < length; x++) {
      const v = sorted[length + x]!;
      if (slot < this.slotsUsed || slots[SLOT_STRIDE * slot + SLOT_WORD] !== v >>> 5) {
        slot++;
        slots[SLOT_STRIDE * slot + SLOT_WORD] = v >>> 5;
        slots[SLOT_STRIDE * slot + SLOT_BITS] = 0;
        slots[SLOT_STRIDE * slot + SLOT_ENTRY] = entries + x;
      }
      slots[SLOT_STRIDE * slot + SLOT_BITS]! |= 1 << (v & 31);
    }
    this.rowSlots[row] = slot + 1 - this.slotsUsed;
    this.slotsUsed = slot + 1;
  }

  private consider(v: number, d: number): void {
    const root = this.root;
    const boundaryDist = this.detectors.boundaryDist;
    if (!(d < boundaryDist[root]! + boundaryDist[v]!) || pairRoot(boundaryDist, root, v) !== root) return;
    if (this.kind === FAR && !(d > this.nearRadius)) return; // the near row holds it
    const obsWords = this.detectors.obsWords;
    // Room for twice the partners: ensure() writes their sorted copy after them.
    if (2 * (this.found + 1) > this.foundPartner.length) {
      const c = 2 * this.foundPartner.length;
      this.foundPartner = grown(this.foundPartner, c);
      this.foundDist = grown(this.foundDist, c);
      this.foundObs = grown(this.foundObs, c * obsWords);
      this.sortKey = grown(this.sortKey, c);
    }
    const at = this.found++;
    this.foundPartner[at] = v;
    this.foundDist[at] = d;
    const obs = this.search.obs;
    for (let w = 0; w < obsWords; w++) this.foundObs[at * obsWords + w] = obs[v * obsWords + w]!;
  }

  private grow(): void {
    const c = 2 * this.dist.length;
    this.dist = grown(this.dist, c);
    this.obs = grown(this.obs, c * this.detectors.obsWords);
  }
}
