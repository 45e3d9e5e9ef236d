import { err, ok } from '@verilab/core';
import { bytesPerShot } from './row-bits.ts';
import type { ShotDecodeIssue, ShotDecodeResult } from './shot-decoder.ts';
import { PTB64_GROUP_SHOTS, type DetsLayout } from './shot-encoder.ts';

/**
 * Incremental readers for Stim's `r8`, `ptb64`, `hits` and `dets` shot formats (layouts:
 * shot-encoder.ts), behind ShotDecoder's push/finish interface. Each reader consumes bytes as
 * they come, builds the current shot's packed row and hands out the rows completed by a chunk,
 * so memory stays bounded by the chunk size. Malformed data becomes an issue naming the shot
 * and, for the text formats, the line and column (for the binary ones, the byte offset).
 */
export abstract class RowReader {
  protected readonly bits: number;
  protected readonly rowBytes: number;
  /** The shot being read. */
  protected readonly current: Uint8Array;
  private buffer: Uint8Array;
  private buffered = 0;
  /** Shots completed so far, including buffered ones. */
  protected done = 0;
  private failure: ShotDecodeResult | undefined;

  constructor(bits: number) {
    this.bits = bits;
    this.rowBytes = bytesPerShot(bits);
    this.current = new Uint8Array(this.rowBytes);
    this.buffer = new Uint8Array(64 * this.rowBytes);
  }

  get shots(): number {
    return this.done;
  }

  push(chunk: Uint8Array): ShotDecodeResult {
    if (this.failure !== undefined) return this.failure;
    const issue = this.consume(chunk);
    return issue === undefined ? this.flush() : this.fail(issue);
  }

  finish(): ShotDecodeResult {
    if (this.failure !== undefined) return this.failure;
    const issue = this.end();
    return issue === undefined ? this.flush() : this.fail(issue);
  }

  /** Reads a chunk; returns the first problem found, if any. */
  protected abstract consume(chunk: Uint8Array): ShotDecodeIssue | undefined;
  /** The data ended; a shot left half-read is a problem. */
  protected abstract end(): ShotDecodeIssue | undefined;

  protected setBit(bit: number): void {
    this.current[bit >>> 3]! |= 1 << (bit & 7);
  }

  /** Completes the current shot (its row is `current`, cleared for the next shot). */
  protected endShot(): void {
    this.reserve(1);
    this.buffer.set(this.current, this.buffered * this.rowBytes);
    this.current.fill(0);
    this.buffered++;
    this.done++;
  }

  /** Completes `shots` shots whose packed rows are given. */
  protected endShots(rows: Uint8Array, shots: number): void {
    this.reserve(shots);
    this.buffer.set(rows.subarray(0, shots * this.rowBytes), this.buffered * this.rowBytes);
    this.buffered += shots;
    this.done += shots;
  }

  private reserve(shots: number): void {
    const need = (this.buffered + shots) * this.rowBytes;
    if (need <= this.buffer.length) return;
    const grown = new Uint8Array(Math.max(need, 2 * this.buffer.length));
    grown.set(this.buffer.subarray(0, this.buffered * this.rowBytes));
    this.buffer = grown;
  }

  private flush(): ShotDecodeResult {
    const rows = this.buffer.slice(0, this.buffered * this.rowBytes);
    this.buffer.fill(0, 0, rows.length);
    const shots = this.buffered;
    this.buffered = 0;
    return ok({ rows, shots });
  }

  private fail(issue: ShotDecodeIssue): ShotDecodeResult {
    this.failure = err([issue]);
    return this.failure;
  }
}

/** `r8`: run lengths of zeros, each followed by a 1 unless it is 255; a 1 just past the last bit ends the shot. */
export class R8Reader extends RowReader {
  /** Next bit position in the current shot. */
  private position = 0;
  /** Bytes consumed so far (for positions in messages). */
  private offset = 0;

  protected consume(chunk: Uint8Array): ShotDecodeIssue | undefined {
    for (let i = 0; i < chunk.length; i++, this.offset++) {
      const run = chunk[i]!;
      this.position += run;
      if (this.position > this.bits) {
        return {
          shot: this.done,
          message:
            `r8 byte ${this.offset} (shot ${this.done}): a run of ${run} zeros reaches bit ${this.position}, ` +
            `past the end of the ${this.bits}-bit shot — is the bit count right?`,
        };
      }
      if (run === 255) continue;
      if (this.position === this.bits) {
        this.endShot();
        this.position = 0;
      } else {
        this.setBit(this.position++);
      }
    }
    return undefined;
  }

  protected end(): ShotDecodeIssue | undefined {
    if (this.position === 0) return undefined;
    return { shot: this.done, message: `r8 data ended in the middle of shot ${this.done} (no run reaches its end, bit ${this.bits})` };
  }
}

/** `ptb64`: groups of 64 shots, 8 bytes per bit (bit-major). */
export class Ptb64Reader extends RowReader {
  private readonly group: Uint8Array;
  private filled = 0;
  private readonly rows: Uint8Array;

  constructor(bits: number) {
    super(bits);
    this.group = new Uint8Array(8 * bits);
    this.rows = new Uint8Array(PTB64_GROUP_SHOTS * this.rowBytes);
  }

  protected consume(chunk: Uint8Array): ShotDecodeIssue | undefined {
    if (this.group.length === 0) {
      return chunk.length === 0 ? undefined : { shot: 0, message: 'ptb64 data with 0 bits per shot holds no bytes, but the data is not empty' };
    }
    for (let i = 0; i < chunk.length; ) {
      const take = Math.min(chunk.length - i, this.group.length - this.filled);
      this.group.set(chunk.subarray(i, i + take), this.filled);
      this.filled += take;
      i += take;
      if (this.filled === this.group.length) this.transposeGroup();
    }
    return undefined;
  }

  private transposeGroup(): void {
    const rows = this.rows;
    rows.fill(0);
    for (let k = 0; k < this.bits; k++) {
      const byte = k >>> 3;
      const bit = 1 << (k & 7);
      for (let j = 0; j < 8; j++) {
        for (let v = this.group[k * 8 + j]!; v !== 0; v &= v - 1) {
          const shot = j * 8 + 31 - Math.clz32(v & -v);
          rows[shot * this.rowBytes + byte]! |= bit;
        }
      }
    }
    this.endShots(rows, PTB64_GROUP_SHOTS);
    this.filled = 0;
  }

  protected end(): ShotDecodeIssue | undefined {
    if (this.filled === 0) return undefined;
    return {
      shot: this.done,
      message:
        `ptb64 data ended in the middle of the group of 64 shots starting at shot ${this.done}: ` +
        `${this.filled} of ${this.group.length} bytes (ptb64 holds a multiple of 64 shots)`,
    };
  }
}

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === CARRIAGE_RETURN;

/** Text formats: tracks line and column and reports issues there. */
abstract class TextReader extends RowReader {
  protected line = 1;
  protected column = 1;
  /** The number being read and how many digits it has. */
  protected value = 0;
  protected digits = 0;

  protected issue(message: string): ShotDecodeIssue {
    return { shot: this.done, line: this.line, column: this.column, message: `shot ${this.done} (line ${this.line}): ${message}` };
  }

  protected describe(c: number): string {
    if (c >= 0x21 && c <= 0x7e) return `unexpected character '${String.fromCharCode(c)}'`;
    return c === 0x20 ? 'an unexpected space' : `unexpected byte 0x${c.toString(16).padStart(2, '0')}`;
  }

  protected addDigit(c: number): ShotDecodeIssue | undefined {
    this.value = this.value * 10 + (c - 0x30);
    this.digits++;
    return this.value > 2 ** 40 ? this.issue('index too large') : undefined;
  }

  protected consume(chunk: Uint8Array): ShotDecodeIssue | undefined {
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      const issue = this.consumeByte(c);
      if (issue !== undefined) return issue;
      if (c === NEWLINE) {
        this.line++;
        this.column = 1;
      } else {
        this.column++;
      }
    }
    return undefined;
  }

  protected abstract consumeByte(c: number): ShotDecodeIssue | undefined;
}

/** `hits`: comma-separated indices of set bits, one line per shot (an empty line is a shot with none). */
export class HitsReader extends TextReader {
  /** A comma was read since the last number (so a number must follow). */
  private comma = false;

  protected consumeByte(c: number): ShotDecodeIssue | undefined {
    if (isDigit(c)) return this.addDigit(c);
    if (c === CARRIAGE_RETURN) return undefined;
    if (c === 0x2c || c === NEWLINE) {
      if (this.digits === 0 && (c === 0x2c || this.comma)) return this.issue('an empty entry between commas');
      if (this.digits > 0) {
        const issue = this.hit();
        if (issue !== undefined) return issue;
      }
      this.comma = c === 0x2c;
      if (c === NEWLINE) this.endShot();
      return undefined;
    }
    return this.issue(`${this.describe(c)} at column ${this.column}; hits data holds comma-separated bit indices, one line per shot`);
  }

  private hit(): ShotDecodeIssue | undefined {
    const k = this.value;
    this.value = 0;
    this.digits = 0;
    if (k >= this.bits) return this.issue(`hit ${k} is out of range: shots have ${this.bits} bits — is the bit count right?`);
    this.setBit(k);
    return undefined;
  }

  protected end(): ShotDecodeIssue | undefined {
    return this.column === 1 ? undefined : this.issue('the last line does not end with a newline');
  }
}

type DetsState = 'line-start' | 'keyword' | 'between' | 'token';

/** `dets`: lines `shot D1 D5 L0`; the layout says which prefixes exist and where their bits go in the row. */
export class DetsReader extends TextReader {
  private readonly segments: ReadonlyMap<string, { start: number; count: number }>;
  private state: DetsState = 'line-start';
  /** Characters of "shot" matched so far. */
  private matched = 0;
  private prefix = '';

  constructor(bits: number, layout: DetsLayout) {
    super(bits);
    const segments = new Map<string, { start: number; count: number }>();
    let start = 0;
    for (const { prefix, count } of layout) {
      segments.set(prefix, { start, count });
      start += count;
    }
    if (start !== bits) throw new RangeError(`dets layout names ${start} bits, rows have ${bits}`);
    this.segments = segments;
  }

  protected consumeByte(c: number): ShotDecodeIssue | undefined {
    const blank = isBlank(c);
    const newline = c === NEWLINE;
    switch (this.state) {
      case 'line-start':
        if (blank || newline) return undefined; // blank lines hold no shot
        if (c === 0x73) {
          this.state = 'keyword';
          this.matched = 1;
          return undefined;
        }
        return this.issue(`${this.describe(c)} at column ${this.column}; each dets line starts with 'shot'`);
      case 'keyword':
        if (this.matched < 4) {
          if (c === 'shot'.charCodeAt(this.matched)) {
            this.matched++;
            return undefined;
          }
          return this.issue(`${this.describe(c)} at column ${this.column}; each dets line starts with 'shot'`);
        }
        if (blank) this.state = 'between';
        else if (newline) this.endLine();
        else return this.issue(`${this.describe(c)} at column ${this.column}; expected a space after 'shot'`);
        return undefined;
      case 'between':
        if (blank) return undefined;
        if (newline) return this.endLine();
        if (this.segments.has(String.fromCharCode(c))) {
          this.prefix = String.fromCharCode(c);
          this.state = 'token';
          return undefined;
        }
        return this.issue(`${this.describe(c)} at column ${this.column}; expected a value like ${this.expected()}`);
      case 'token':
        if (isDigit(c)) return this.addDigit(c);
        if (!blank && !newline) return this.issue(`${this.describe(c)} at column ${this.column} in a ${this.prefix} value`);
        if (this.digits === 0) return this.issue(`'${this.prefix}' at column ${this.column - 1} has no index`);
        {
          const issue = this.token();
          if (issue !== undefined) return issue;
        }
        this.state = 'between';
        return newline ? this.endLine() : undefined;
    }
  }

  private expected(): string {
    return [...this.segments.keys()].map((p) => `${p}0`).join(' or ');
  }

  private token(): ShotDecodeIssue | undefined {
    const segment = this.segments.get(this.prefix)!;
    const k = this.value;
    this.value = 0;
    this.digits = 0;
    if (k >= segment.count) {
      return this.issue(`${this.prefix}${k} is out of range: the data has ${segment.count} ${this.prefix} values — is the bit count right?`);
    }
    this.setBit(segment.start + k);
    return undefined;
  }

  private endLine(): undefined {
    this.endShot();
    this.state = 'line-start';
    return undefined;
  }

  protected end(): ShotDecodeIssue | undefined {
    return this.state === 'line-start' ? undefined : this.issue('the last line does not end with a newline');
  }
}
