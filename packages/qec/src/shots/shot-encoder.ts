import { bytesPerShot, lastByteMask } from './row-bits.ts';

/**
 * Stim's two dense shot formats (quantumlib/Stim doc/result_formats.md):
 * - `01`: one line per shot, one ASCII '0' or '1' per bit, then '\n';
 * - `b8`: the packed rows themselves, ceil(bits / 8) bytes per shot, little-endian bit order.
 */
export type ShotFormat = '01' | 'b8';

export const SHOT_FORMATS: readonly ShotFormat[] = ['01', 'b8'];

const ZERO = 0x30;
const NEWLINE = 0x0a;

/**
 * Serializes `shots` packed rows of `bitsPerShot` bits (see row-bits.ts). The output is exactly
 * what Stim writes for the same bits; padding bits in the input rows are ignored.
 */
export function encodeShots(
  format: ShotFormat,
  rows: Uint8Array,
  bitsPerShot: number,
  shots: number,
): Uint8Array {
  const rowBytes = bytesPerShot(bitsPerShot);
  if (rows.length < shots * rowBytes) {
    throw new RangeError(`${shots} shots of ${bitsPerShot} bits need ${shots * rowBytes} bytes, got ${rows.length}`);
  }
  return format === '01' ? encode01(rows, bitsPerShot, rowBytes, shots) : encodeB8(rows, bitsPerShot, rowBytes, shots);
}

function encode01(rows: Uint8Array, bits: number, rowBytes: number, shots: number): Uint8Array {
  const lineBytes = bits + 1;
  const out = new Uint8Array(shots * lineBytes);
  for (let shot = 0; shot < shots; shot++) {
    const r = shot * rowBytes;
    const o = shot * lineBytes;
    for (let k = 0; k < bits; k++) out[o + k] = ZERO | ((rows[r + (k >>> 3)]! >>> (k & 7)) & 1);
    out[o + bits] = NEWLINE;
  }
  return out;
}

function encodeB8(rows: Uint8Array, bits: number, rowBytes: number, shots: number): Uint8Array {
  const out = rows.slice(0, shots * rowBytes);
  const mask = lastByteMask(bits);
  if (mask !== 0xff && rowBytes > 0) {
    for (let last = rowBytes - 1; last < out.length; last += rowBytes) out[last]! &= mask;
  }
  return out;
}
