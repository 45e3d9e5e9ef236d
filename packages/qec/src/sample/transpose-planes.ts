/**
 * From the sampler's bit planes (one Uint32 word holds one bit for each of 32 shots) to packed
 * shot rows in Stim's b8 layout (shots/row-bits.ts: a shot's bit k at byte k >> 3, position
 * k & 7). That is a bit-matrix transpose, done in 32 × 32 blocks with the classic
 * recursive block swap (Warren, Hacker's Delight §7-3): 5 rounds of masked swaps instead of
 * 1024 single-bit moves. Detection events are sparse (a few percent of bits at p = 0.001), so
 * blocks with few set bits instead move just those bits, and all-zero blocks are skipped (the
 * output starts zeroed).
 */

/** Up to this many set bits in a 32 × 32 block, moving them one by one beats transposing. */
const SPARSE_LIMIT = 64;

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
  for (let bit0 = 0; bit0 < count; bit0 += 32) {
    const inBlock = Math.min(32, count - bit0);
    const byte0 = bit0 >>> 3;
    const bytes = Math.min(4, rowBytes - byte0);
    const base = (firstPlane + bit0) * words;
    for (let w = 0; w < words; w++) {
      let bits = 0;
      for (let i = 0; i < inBlock; i++) {
        const v = (scratch[i] = state[base + i * words + w]!);
        for (let m = v; m !== 0 && bits <= SPARSE_LIMIT; m &= m - 1) bits++;
      }
      if (bits === 0) continue;
      const shotsHere = Math.min(32, shots - 32 * w);
      const rowBase = (firstRow + 32 * w) * rowBytes + byte0;
      if (bits <= SPARSE_LIMIT) {
        for (let i = 0; i < inBlock; i++) {
          for (let m = scratch[i]!; m !== 0; m &= m - 1) {
            const s = 31 - Math.clz32(m & -m);
            if (s < shotsHere) out[rowBase + s * rowBytes + (i >>> 3)]! |= 1 << (i & 7);
          }
        }
        continue;
      }
      scratch.fill(0, inBlock, 32);
      transpose32(scratch);
      for (let s = 0, offset = rowBase; s < shotsHere; s++, offset += rowBytes) {
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
