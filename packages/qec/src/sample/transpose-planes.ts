/**
 * From the sampler's bit planes (one Uint32 word holds one bit for each of 32 shots) to packed
 * shot rows in Stim's b8 layout (shots/row-bits.ts: a shot's bit k at byte k >> 3, position
 * k & 7). That is a bit-matrix transpose, done in 32 × 32 blocks with the classic
 * recursive block swap (Warren, Hacker's Delight §7-3): 5 rounds of masked swaps instead of
 * 1024 single-bit moves. Detection events are sparse (a few percent of bits at p = 0.001), so
 * sparse planes skip the blocks altogether and move just their set bits, plane by plane.
 */

/**
 * Below this fraction of set bits, moving bits one by one beats transposing 32 × 32 blocks
 * (about 5 operations per set bit against about 8 per bit of a block, all bits counted).
 */
const SPARSE_DENSITY = 1 / 8;

const MASKS = [0x0000ffff, 0x00ff00ff, 0x0f0f0f0f, 0x33333333, 0x55555555] as const;

/**
 * Transposes a 32 × 32 bit block in place: afterwards bit i of block[s] is what bit s of
 * block[i] was (bits numbered from the least significant).
 */
export function transpose32(block: Int32Array): void {
  for (let round = 0, j = 16; round < 5; round++, j >>>= 1) {
    const mask = MASKS[round]!;
    for (let k = 0; k < 32; k = (k + j + 1) & ~j) {
      const t = ((block[k]! >>> j) ^ block[k + j]!) & mask;
      block[k] = block[k]! ^ (t << j);
      block[k + j] = block[k + j]! ^ t;
    }
  }
}

/**
 * Writes planes [firstPlane, firstPlane + count) of `state` (plane p, word w at `p * words + w`;
 * bit s of word w is shot 32w + s) as bits 0..count-1 of packed rows. Shot t of the batch goes
 * to row `firstRow + t` of `out` (rows of `rowBytes` bytes, zero-initialised); only `shots`
 * shots are written.
 */
export function transposePlanesToRows(
  state: Uint32Array,
  words: number,
  firstPlane: number,
  count: number,
  shots: number,
  out: Uint8Array,
  rowBytes: number,
  firstRow: number,
  scratch: Int32Array,
): void {
  if (count === 0 || shots === 0) return;
  const planes: PlanesToRows = { state, words, firstPlane, count, shots, out, rowBytes, firstRow };
  if (looksSparse(planes)) scatterPlanesToRows(planes);
  else transposeBlocksToRows(planes, scratch);
}

/** transposePlanesToRows's arguments, for the two paths. */
interface PlanesToRows {
  readonly state: Uint32Array;
  readonly words: number;
  readonly firstPlane: number;
  readonly count: number;
  readonly shots: number;
  readonly out: Uint8Array;
  readonly rowBytes: number;
  readonly firstRow: number;
}

/** Whether the planes' first words (32 shots of each) hold fewer than SPARSE_DENSITY set bits. */
function looksSparse({ state, words, firstPlane, count }: PlanesToRows): boolean {
  let bits = 0;
  for (let i = 0, at = firstPlane * words; i < count; i++, at += words) {
    for (let m = state[at]! | 0; m !== 0; m &= m - 1) bits++;
  }
  return bits < SPARSE_DENSITY * 32 * count;
}

/**
 * The sparse path: plane by plane, word by word, each set bit OR-ed into its row. Its cost is
 * one read per plane word plus a few operations per set bit.
 */
function scatterPlanesToRows({ state, words, firstPlane, count, shots, out, rowBytes, firstRow }: PlanesToRows): void {
  const fullWords = shots >>> 5;
  // Bits of the last word that are real shots (padding shots are simulated but never written).
  const lastWordMask = shots & 31 ? (1 << (shots & 31)) - 1 : 0;
  for (let i = 0; i < count; i++) {
    const base = (firstPlane + i) * words;
    const offset = firstRow * rowBytes + (i >>> 3);
    const bit = 1 << (i & 7);
    for (let w = 0; w <= fullWords && w < words; w++) {
      let m = state[base + w]! | 0;
      if (w === fullWords) m &= lastWordMask;
      for (const row = offset + 32 * w * rowBytes; m !== 0; m &= m - 1) {
        out[row + (31 - Math.clz32(m & -m)) * rowBytes]! |= bit;
      }
    }
  }
}

/** The dense path: 32 × 32 blocks through transpose32, written four bytes per shot. */
function transposeBlocksToRows({ state, words, firstPlane, count, shots, out, rowBytes, firstRow }: PlanesToRows, scratch: Int32Array): void {
  for (let bit0 = 0; bit0 < count; bit0 += 32) {
    const inBlock = Math.min(32, count - bit0);
    const byte0 = bit0 >>> 3;
    const bytes = Math.min(4, rowBytes - byte0);
    const base = (firstPlane + bit0) * words;
    for (let w = 0; w < words; w++) {
      for (let i = 0; i < inBlock; i++) scratch[i] = state[base + i * words + w]!;
      scratch.fill(0, inBlock, 32);
      transpose32(scratch);
      const shotsHere = Math.min(32, shots - 32 * w);
      for (let s = 0, offset = (firstRow + 32 * w) * rowBytes + byte0; s < shotsHere; s++, offset += rowBytes) {
        const v = scratch[s]!;
        if (v === 0) continue;
        out[offset] = v;
        if (bytes > 1) out[offset + 1] = v >>> 8;
        if (bytes > 2) out[offset + 2] = v >>> 16;
        if (bytes > 3) out[offset + 3] = v >>> 24;
      }
    }
  }
}
