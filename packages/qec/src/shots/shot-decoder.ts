import { err, ok, type Result } from '@verilab/core';
import { bytesPerShot, lastByteMask } from './row-bits.ts';
import type { DetsLayout, ShotFormat } from './shot-encoder.ts';
import { DetsReader, HitsReader, Ptb64Reader, R8Reader, type RowReader } from './shot-readers.ts';

/** Where and why shot data is malformed; `shot` is 0-based, `line` and `column` 1-based (text formats only). */
export interface ShotDecodeIssue {
  readonly shot: number;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** Packed rows (row-bits.ts layout) of the shots one push or finish completed. */
export interface DecodedShots {
  readonly rows: Uint8Array;
  readonly shots: number;
}

/** A decoder stops at the first malformed byte, so a failure holds exactly one issue. */
export type ShotDecodeResult = Result<DecodedShots, ShotDecodeIssue>;

const ZERO = 0x30;
const ONE = 0x31;
const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Incremental decoder for Stim's shot formats (shot-encoder.ts; `01` and `b8` here, the others
 * in shot-readers.ts). Feed it chunks as they arrive; each
 * `push` returns the packed rows (row-bits.ts layout) of the shots completed by that chunk and
 * keeps any partial shot for the next one, so memory stays bounded by the chunk size whatever
 * the file size. Malformed data comes back as an issue (errors as data), after which the decoder
 * keeps returning that issue.
 *
 * Strictness follows Stim's readers (src/stim/io/measure_record_reader.inl): a 01 line must have
 * exactly `bitsPerShot` characters, each '0' or '1', then '\n' (or "\r\n"); the final newline is
 * required, as Stim requires it. A b8 file must be a whole number of rows. Set padding bits in b8
 * are rejected, as PyMatching's reader (Stim's sparse reader) rejects them ("Hit index from data
 * is too large"): they almost always mean the bit count is wrong. With 0 bits per shot a b8 shot
 * is empty, so b8 data holds no shots (Stim reads none either) and must be empty.
 */
export class ShotDecoder {
  readonly format: ShotFormat;
  readonly bitsPerShot: number;
  private readonly rowBytes: number;
  /** Shots completed by earlier pushes. */
  private done = 0;
  /** 01: characters of '0'/'1' seen on the current line (may exceed bitsPerShot: an overlong line). */
  private column = 0;
  /** 01: the current line's '\r' was seen; a '\n' must follow. */
  private carriageReturn = false;
  /** The in-progress shot: its bits so far (01) or its first `partialBytes` bytes (b8). */
  private readonly partial: Uint8Array;
  private partialBytes = 0;
  private failure: ShotDecodeResult | undefined;
  private finished = false;
  /** The reader of the other formats. */
  private readonly reader: RowReader | undefined;

  /** `layout` names the bits for the `dets` format (required there, ignored otherwise). */
  constructor(format: ShotFormat, bitsPerShot: number, layout?: DetsLayout) {
    if (!Number.isSafeInteger(bitsPerShot) || bitsPerShot < 0) {
      throw new RangeError(`bits per shot must be a non-negative integer, got ${bitsPerShot}`);
    }
    this.format = format;
    this.bitsPerShot = bitsPerShot;
    this.rowBytes = bytesPerShot(bitsPerShot);
    this.partial = new Uint8Array(this.rowBytes);
    this.reader = otherFormatReader(format, bitsPerShot, layout);
  }

  /** Shots decoded so far (over all pushes). */
  get shots(): number {
    return this.reader?.shots ?? this.done;
  }

  /**
   * Decodes the next chunk. b8 rows that begin at the chunk's start (no partial shot pending) are
   * a view of the chunk itself, so the chunk must not change while they are in use.
   */
  push(chunk: Uint8Array): ShotDecodeResult {
    if (this.finished) throw new Error('ShotDecoder.push called after finish');
    if (this.reader !== undefined) return this.reader.push(chunk);
    if (this.failure !== undefined) return this.failure;
    return this.format === '01' ? this.push01(chunk) : this.pushB8(chunk);
  }

  /** Ends the data: any partial shot left is an error. Returns no further rows when ok. */
  finish(): ShotDecodeResult {
    this.finished = true;
    if (this.reader !== undefined) return this.reader.finish();
    if (this.failure !== undefined) return this.failure;
    const shot = this.done;
    if (this.format === '01') {
      if (this.column === 0 && !this.carriageReturn) return this.ok(new Uint8Array(0), 0);
      if (this.column !== this.bitsPerShot) return this.fail(this.lengthIssue(shot, this.column));
      return this.fail({ ...this.where(shot, this.column + 1), message: `${this.label(shot)} does not end with a newline` });
    }
    if (this.partialBytes === 0) return this.ok(new Uint8Array(0), 0);
    return this.fail({
      shot,
      message:
        `b8 data ended in the middle of shot ${shot}: ${this.partialBytes} of ${this.rowBytes} bytes ` +
        `(${this.bitsPerShot} bits padded to whole bytes)`,
    });
  }

  private push01(chunk: Uint8Array): ShotDecodeResult {
    const bits = this.bitsPerShot;
    const rowBytes = this.rowBytes;
    let k = this.column;
    let carriageReturn = this.carriageReturn;
    // A completed line takes at least bits + 1 characters, counting those already consumed.
    const maxComplete = Math.floor((k + (carriageReturn ? 1 : 0) + chunk.length) / (bits + 1));
    const out = new Uint8Array((maxComplete + 1) * rowBytes);
    out.set(this.partial);
    let shots = 0;
    let base = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (carriageReturn) {
        if (c !== NEWLINE) {
          return this.fail({
            ...this.where(this.done + shots, k + 2),
            message: `${this.label(this.done + shots)} has a carriage return not followed by a newline`,
          });
        }
      } else if (c === ZERO || c === ONE) {
        if (c === ONE && k < bits) out[base + (k >>> 3)]! |= 1 << (k & 7);
        k++;
        continue;
      } else if (c === NEWLINE || c === CARRIAGE_RETURN) {
        if (k !== bits) return this.fail(this.lengthIssue(this.done + shots, k));
        if (c === CARRIAGE_RETURN) {
          carriageReturn = true;
          continue;
        }
      } else {
        return this.fail({
          ...this.where(this.done + shots, k + 1),
          message: `${this.label(this.done + shots)} has ${describeByte(c)} at column ${k + 1}; 01 data holds only '0' and '1', one line per shot`,
        });
      }
      // A newline ends a complete shot.
      shots++;
      base += rowBytes;
      k = 0;
      carriageReturn = false;
    }
    this.partial.set(out.subarray(base, base + rowBytes));
    this.column = k;
    this.carriageReturn = carriageReturn;
    return this.ok(out.subarray(0, base), shots);
  }

  private pushB8(chunk: Uint8Array): ShotDecodeResult {
    const rowBytes = this.rowBytes;
    if (rowBytes === 0) {
      if (chunk.length === 0) return this.ok(new Uint8Array(0), 0);
      return this.fail({ shot: 0, message: 'b8 data with 0 bits per shot holds no bytes, but the data is not empty' });
    }
    const shots = Math.floor((this.partialBytes + chunk.length) / rowBytes);
    if (shots === 0) {
      this.partial.set(chunk, this.partialBytes);
      this.partialBytes += chunk.length;
      return this.ok(new Uint8Array(0), 0);
    }
    const used = shots * rowBytes - this.partialBytes;
    // With no partial shot pending the rows are the chunk's own bytes: a view, not a copy.
    let out = chunk.subarray(0, used);
    if (this.partialBytes > 0) {
      out = new Uint8Array(shots * rowBytes);
      out.set(this.partial.subarray(0, this.partialBytes));
      out.set(chunk.subarray(0, used), this.partialBytes);
    }
    const rest = chunk.subarray(used);
    this.partial.set(rest);
    this.partialBytes = rest.length;
    const padding = ~lastByteMask(this.bitsPerShot) & 0xff;
    if (padding !== 0) {
      for (let shot = 0; shot < shots; shot++) {
        if ((out[(shot + 1) * rowBytes - 1]! & padding) !== 0) {
          const at = this.done + shot;
          return this.fail({
            shot: at,
            message:
              `b8 shot ${at} has padding bits set in its last byte (byte ${rowBytes} of ${rowBytes}); ` +
              `with ${this.bitsPerShot} bits per shot they must be 0 — is the bit count right?`,
          });
        }
      }
    }
    return this.ok(out, shots);
  }

  private ok(rows: Uint8Array, shots: number): ShotDecodeResult {
    this.done += shots;
    return ok({ rows, shots });
  }

  private fail(issue: ShotDecodeIssue): ShotDecodeResult {
    this.failure = err([issue]);
    return this.failure;
  }

  private label(shot: number): string {
    return `shot ${shot} (line ${shot + 1})`;
  }

  private where(shot: number, column: number): { shot: number; line: number; column: number } {
    return { shot, line: shot + 1, column };
  }

  private lengthIssue(shot: number, count: number): ShotDecodeIssue {
    return {
      ...this.where(shot, count + 1),
      message: `${this.label(shot)} has ${count} bits, expected ${this.bitsPerShot}`,
    };
  }
}

function otherFormatReader(format: ShotFormat, bits: number, layout: DetsLayout | undefined): RowReader | undefined {
  switch (format) {
    case '01':
    case 'b8':
      return undefined;
    case 'r8':
      return new R8Reader(bits);
    case 'ptb64':
      return new Ptb64Reader(bits);
    case 'hits':
      return new HitsReader(bits);
    case 'dets':
      if (layout === undefined) throw new RangeError('the dets format needs a layout naming the bits (M, D or L)');
      return new DetsReader(bits, layout);
  }
}

function describeByte(c: number): string {
  if (c >= 0x21 && c <= 0x7e) return `unexpected character '${String.fromCharCode(c)}'`;
  if (c === 0x20) return 'an unexpected space';
  if (c === 0x09) return 'an unexpected tab';
  return `unexpected byte 0x${c.toString(16).padStart(2, '0')}`;
}
