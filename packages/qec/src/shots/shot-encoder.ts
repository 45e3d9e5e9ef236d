import { bytesPerShot, lastByteMask } from './row-bits.ts';

/**
 * Stim's six shot formats (quantumlib/Stim doc/result_formats.md):
 * - `01`: one line per shot, one ASCII '0' or '1' per bit, then '\n';
 * - `b8`: the packed rows themselves, ceil(bits / 8) bytes per shot, little-endian bit order;
 * - `r8`: per shot, the lengths of the runs of 0s before each 1 (with a 1 appended after the
 *   last bit), one byte per run; 255 means "255 zeros and no 1 yet";
 * - `ptb64`: 64 shots at a time, bit-major: for each bit, 8 bytes holding that bit of the 64
 *   shots (shot k at bit k of the little-endian word); the shot count must be a multiple of 64;
 * - `hits`: one line per shot, the indices of its set bits separated by commas;
 * - `dets`: one line per shot, `shot` then a space and a prefixed index per set bit: `M5` for
 *   measurement 5, `D5` for detector 5, `L5` for observable 5 (see `DetsLayout`).
 */
export type ShotFormat = '01' | 'b8' | 'r8' | 'ptb64' | 'hits' | 'dets';

export const SHOT_FORMATS: readonly ShotFormat[] = ['01', 'b8', 'r8', 'ptb64', 'hits', 'dets'];

/** ptb64 stores shots in groups of this many. */
export const PTB64_GROUP_SHOTS = 64;

/** One run of bits of a row named alike in the `dets` format: `count` bits written `prefix0`, `prefix1`, … */
export interface BitSegment {
  readonly prefix: 'M' | 'D' | 'L';
  readonly count: number;
}

/**
 * How a row's bits are named in the `dets` format: consecutive segments, e.g. detectors then
 * observables `[{ prefix: 'D', count: 24 }, { prefix: 'L', count: 1 }]`. The other formats
 * ignore it.
 */
export type DetsLayout = readonly BitSegment[];

const ZERO = 0x30;
const NEWLINE = 0x0a;

/**
 * Serializes `shots` packed rows of `bitsPerShot` bits (see row-bits.ts). The output is exactly
 * what Stim writes for the same bits; padding bits in the input rows are ignored. `ptb64` needs
 * a multiple of 64 shots; `dets` needs the layout naming the bits (it must cover `bitsPerShot`).
 */
export function encodeShots(
  format: ShotFormat,
  rows: Uint8Array,
  bitsPerShot: number,
  shots: number,
  layout?: DetsLayout,
): Uint8Array {
  const rowBytes = bytesPerShot(bitsPerShot);
  if (rows.length < shots * rowBytes) {
    throw new RangeError(`${shots} shots of ${bitsPerShot} bits need ${shots * rowBytes} bytes, got ${rows.length}`);
  }
  switch (format) {
    case '01':
      return encode01(rows, bitsPerShot, rowBytes, shots);
    case 'b8':
      return encodeB8(rows, bitsPerShot, rowBytes, shots);
    case 'r8':
      return encodeR8(rows, bitsPerShot, rowBytes, shots);
    case 'ptb64':
      return encodePtb64(rows, bitsPerShot, rowBytes, shots);
    case 'hits':
      return encodeText(rows, bitsPerShot, rowBytes, shots, (hits) => hits.join(','));
    case 'dets': {
      const names = detsNames(layout, bitsPerShot);
      return encodeText(rows, bitsPerShot, rowBytes, shots, (hits) => ['shot', ...hits.map((k) => names[k]!)].join(' '));
    }
  }
}

/** The token of every bit of a row under `layout` (e.g. `D3`), checking that it covers `bits`. */
function detsNames(layout: DetsLayout | undefined, bits: number): string[] {
  if (layout === undefined) throw new RangeError('the dets format needs a layout naming the bits (M, D or L)');
  const names = layout.flatMap(({ prefix, count }) => Array.from({ length: count }, (_, k) => `${prefix}${k}`));
  if (names.length !== bits) throw new RangeError(`dets layout names ${names.length} bits, rows have ${bits}`);
  return names;
}

/** Calls `visit` with each set bit of the row at `offset`, ascending. */
function forEachSetBit(rows: Uint8Array, offset: number, bits: number, visit: (bit: number) => void): void {
  const rowBytes = bytesPerShot(bits);
  const mask = lastByteMask(bits);
  for (let b = 0; b < rowBytes; b++) {
    let v = rows[offset + b]!;
    if (b === rowBytes - 1) v &= mask;
    for (; v !== 0; v &= v - 1) visit(b * 8 + 31 - Math.clz32(v & -v));
  }
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

function encodeR8(rows: Uint8Array, bits: number, rowBytes: number, shots: number): Uint8Array {
  const out: number[] = [];
  const run = (gap: number) => {
    for (; gap >= 255; gap -= 255) out.push(255);
    out.push(gap);
  };
  for (let shot = 0; shot < shots; shot++) {
    let next = 0;
    forEachSetBit(rows, shot * rowBytes, bits, (bit) => {
      run(bit - next);
      next = bit + 1;
    });
    run(bits - next);
  }
  return Uint8Array.from(out);
}

function encodePtb64(rows: Uint8Array, bits: number, rowBytes: number, shots: number): Uint8Array {
  if (shots % PTB64_GROUP_SHOTS !== 0) throw new RangeError(`ptb64 needs a multiple of 64 shots, got ${shots}`);
  // 8 bytes per bit per group of 64 shots: one byte per bit per 8 shots.
  const out = new Uint8Array((shots / 8) * bits);
  for (let group = 0; group < shots; group += PTB64_GROUP_SHOTS) {
    const base = (group / 8) * bits;
    for (let s = 0; s < PTB64_GROUP_SHOTS; s++) {
      const byte = s >>> 3;
      const bit = 1 << (s & 7);
      forEachSetBit(rows, (group + s) * rowBytes, bits, (k) => {
        out[base + k * 8 + byte]! |= bit;
      });
    }
  }
  return out;
}

function encodeText(rows: Uint8Array, bits: number, rowBytes: number, shots: number, line: (hits: number[]) => string): Uint8Array {
  const lines: string[] = [];
  const hits: number[] = [];
  for (let shot = 0; shot < shots; shot++) {
    hits.length = 0;
    forEachSetBit(rows, shot * rowBytes, bits, (bit) => hits.push(bit));
    lines.push(line(hits) + '\n');
  }
  const text = lines.join('');
  // The text is ASCII: one byte per character.
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
