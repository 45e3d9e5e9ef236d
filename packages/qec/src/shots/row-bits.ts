/**
 * Packed shot rows in Stim's b8 layout (quantumlib/Stim doc/result_formats.md): each shot is
 * ceil(bits / 8) bytes, bit k lives in byte k >> 3 at bit position k & 7 (least significant
 * first), and the padding bits of the last byte are zero. Every shot-handling module in the
 * repository (samplers, decoders, file formats) shares this one layout, so a row can go from a
 * sampler to a file or a decoder without conversion.
 */

/** Bytes per shot for `bits` bits per shot: ceil(bits / 8). */
export function bytesPerShot(bits: number): number {
  return (bits + 7) >>> 3;
}

/** The mask of the real (non-padding) bits in the last byte of a row; 0xff when bits % 8 is 0. */
export function lastByteMask(bits: number): number {
  const used = bits & 7;
  return used === 0 ? 0xff : (1 << used) - 1;
}

/** Reads bit `bit` of shot `shot`. */
export function getRowBit(rows: Uint8Array, bits: number, shot: number, bit: number): boolean {
  return ((rows[shot * bytesPerShot(bits) + (bit >>> 3)]! >>> (bit & 7)) & 1) === 1;
}

/**
 * Copies `count` bits from `src` starting at bit `srcBit` into `dst` starting at bit `dstBit`,
 * ORing them in (callers pass a zeroed destination range). Works a byte at a time through a
 * 16-bit window, so unaligned copies cost about the same as aligned ones.
 */
function orBits(src: Uint8Array, srcBit: number, dst: Uint8Array, dstBit: number, count: number): void {
  for (let done = 0; done < count; done += 8) {
    const take = Math.min(8, count - done);
    const s = srcBit + done;
    const sByte = s >>> 3;
    const sShift = s & 7;
    let value = src[sByte]! >>> sShift;
    if (sShift + take > 8) value |= src[sByte + 1]! << (8 - sShift);
    value &= (1 << take) - 1;
    const d = dstBit + done;
    const dByte = d >>> 3;
    const dShift = d & 7;
    dst[dByte]! |= (value << dShift) & 0xff;
    if (dShift + take > 8) dst[dByte + 1]! |= value >>> (8 - dShift);
  }
}

/**
 * Joins two tables shot by shot: each output row holds `a`'s `aBits` bits followed by `b`'s
 * `bBits` bits — detectors followed by observables, as Stim's `--append_observables` writes and
 * PyMatching's `--in_includes_appended_observables` reads.
 */
export function concatRowBits(
  a: Uint8Array,
  aBits: number,
  b: Uint8Array,
  bBits: number,
  shots: number,
): Uint8Array {
  const aBytes = bytesPerShot(aBits);
  const bBytes = bytesPerShot(bBits);
  const outBits = aBits + bBits;
  const outBytes = bytesPerShot(outBits);
  const out = new Uint8Array(shots * outBytes);
  for (let shot = 0; shot < shots; shot++) {
    const o = shot * outBytes;
    out.set(a.subarray(shot * aBytes, (shot + 1) * aBytes), o);
    // Clear `a`'s padding bits: `b`'s first bits go there.
    if (aBytes > 0) out[o + aBytes - 1]! &= lastByteMask(aBits);
    if ((aBits & 7) === 0) {
      out.set(b.subarray(shot * bBytes, (shot + 1) * bBytes), o + aBytes);
    } else {
      orBits(b, shot * bBytes * 8, out, o * 8 + aBits, bBits);
    }
  }
  return out;
}

/**
 * Extracts bits [start, start + count) of every row of a `bits`-wide table into a new
 * `count`-wide table — e.g. the observables appended after the detectors.
 */
export function sliceRowBits(
  rows: Uint8Array,
  bits: number,
  start: number,
  count: number,
  shots: number,
): Uint8Array {
  if (start < 0 || count < 0 || start + count > bits) {
    throw new RangeError(`bit range [${start}, ${start + count}) is outside a ${bits}-bit row`);
  }
  const inBytes = bytesPerShot(bits);
  const outBytes = bytesPerShot(count);
  const out = new Uint8Array(shots * outBytes);
  for (let shot = 0; shot < shots; shot++) {
    orBits(rows, shot * inBytes * 8 + start, out, shot * outBytes * 8, count);
  }
  return out;
}
