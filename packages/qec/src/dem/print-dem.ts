/**
 * Writes the DEM model as Stim writes it (quantumlib/Stim src/stim/dem/detector_error_model.cc,
 * `print_detector_error_model`): one instruction per line, `repeat n {` blocks indented by four
 * spaces, numbers through a C++ stream at precision `numeric_limits<long double>::digits10 + 1`
 * (19 on x86-64), i.e. `%.19g` — hence `error(0.002332035441684078298)` and `6.6697…e-05`.
 * The text ends with a newline, as `stim analyze_errors` output does.
 */
import type { DemItem, DemTarget, DetectorErrorModel } from './dem.ts';
import type { CompactDem } from './compact-dem.ts';
import { observableCode, SEPARATOR_CODE } from './parse-dem.ts';
import { formatG } from '@verilab/core';

const PRECISION = 19;
const ZERO_TEXT = formatG(0, PRECISION);
const MINUS_ZERO_TEXT = formatG(-0, PRECISION);

export function printDem(dem: DetectorErrorModel): string {
  return asciiText(printDemChunks(dem));
}

/**
 * printDem's text as its bytes (DEM text is ASCII: keywords, ids and numbers), in chunks of a
 * mebibyte (a line may run across two) written straight from the model: a large model's text
 * is megabytes, and a caller that hashes it (a level's DEM digest) needs no string, no UTF-8
 * copy of one, and no buffer grown by copying (each copy left for the garbage collector, with
 * the text itself, at the level build's memory peak).
 */
export function printDemChunks(dem: DetectorErrorModel): Uint8Array[] {
  const out = new AsciiChunks();
  writeItems(dem.items, '', out, { numbers: new Map(), detectors: [] });
  return out.chunks();
}

/** The text printDemChunks writes for the compact model's DemItems, written from its arrays (its chunks may end early, at a line's end). */
export function printCompactDemChunks(model: CompactDem): Uint8Array[] {
  const out = new AsciiChunks();
  const known: TextCache = { numbers: new Map(), detectors: [] };
  const { probabilities, targetStarts, targetCodes } = model;
  // Each line's `error(p)` as bytes, made once per probability (strings of several kinds, from
  // literals and from number formatting, would make the writes see several string shapes).
  const heads = new Map<number, Uint8Array>();
  // Every detector's ` D<id>`, copied rather than written digit by digit: a model names each
  // detector about a hundred times (d = 25, 13 rounds: 714k targets, 8112 detectors).
  const detectors = detectorTexts(targetCodes);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    // A Map takes -0 for 0, which prints differently.
    let head = p === 0 ? undefined : heads.get(p);
    if (head === undefined) {
      head = Uint8Array.from(`error(${numberText(p, known)})`, (c) => c.charCodeAt(0));
      if (p !== 0) heads.set(p, head);
    }
    const from = targetStarts[i]!;
    const to = targetStarts[i + 1]!;
    out.reserve(head.length + MAX_TARGET_BYTES * (to - from) + 1);
    out.putBytes(head, 0, head.length);
    for (let c = from; c < to; c++) {
      const code = targetCodes[c]!;
      if (code >= 0) out.putBytes(detectors.bytes, detectors.starts[code]!, detectors.starts[code + 1]!);
      else out.putTarget(code);
    }
    out.put(CHAR_NEWLINE);
  }
  writeItems(model.otherItems, '', out, known);
  return out.chunks();
}

/** ` D<id>` for the ids 0 to the largest detector of `targetCodes`: that of id k is bytes[starts[k], starts[k + 1]). */
function detectorTexts(targetCodes: Float64Array): { bytes: Uint8Array; starts: Int32Array } {
  let largest = -1;
  for (let c = 0; c < targetCodes.length; c++) largest = Math.max(largest, targetCodes[c]!);
  const texts = Array.from({ length: largest + 1 }, (_, id) => ` D${id}`);
  const starts = new Int32Array(texts.length + 1);
  texts.forEach((text, id) => (starts[id + 1] = starts[id]! + text.length));
  const bytes = new Uint8Array(starts[texts.length]!);
  texts.forEach((text, id) => {
    for (let k = 0; k < text.length; k++) bytes[starts[id]! + k] = text.charCodeAt(k);
  });
  return { bytes, starts };
}

/**
 * The text of ASCII bytes in chunks (printDemChunks's). ASCII is its own UTF-8, and the
 * platform's UTF-8 decoder makes a mebibyte chunk of it into a string at memory speed: the 9 MB
 * DEM of d = 25, r = 13 in ~7 ms, where String.fromCharCode over slices of it took ~45 ms.
 */
export function asciiText(chunks: readonly Uint8Array[]): string {
  let text = '';
  for (const bytes of chunks) text += UTF8.decode(bytes);
  return text;
}

/** TextDecoder is a global of every runtime this runs on (Node, browsers), but not in the ES library's types. */
const UTF8 = new (globalThis as unknown as { TextDecoder: new () => { decode(bytes: Uint8Array): string } }).TextDecoder();

/**
 * Text whose characters are all ASCII (as everything printDem writes is), as bytes in chunks of
 * up to CHUNK_BYTES. `write` reserves room for its text; a caller that knows a bound on what it
 * writes next reserves that much once and puts the bytes unchecked (a chunk is then closed
 * early, at its length). Chunks start at FIRST_CHUNK_BYTES and double: a large model's printing
 * is optimised by the engine while it runs, and the path that opens a chunk, first taken only
 * after a whole mebibyte, sent the optimised loop back to be compiled again (the engine had no
 * record of that path: it starts recording a function's paths only after its first calls).
 */
class AsciiChunks {
  private readonly full: Uint8Array[] = [];
  private chunk = new Uint8Array(0);
  private length = 0;
  /** Scratch for putId: an id's digits, last first. */
  private readonly digits = new Uint8Array(20);

  write(text: string): void {
    this.reserve(text.length);
    const chunk = this.chunk;
    let at = this.length;
    for (let i = 0; i < text.length; i++) chunk[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** Room for n more bytes in the current chunk, opening a new one (larger, for a line longer than a chunk) if need be. */
  reserve(n: number): void {
    if (this.length + n > this.chunk.length) this.open(n);
  }

  /** The following put the bytes of reserved room. */
  put(value: number): void {
    this.chunk[this.length++] = value;
  }

  /** bytes[from, to). */
  putBytes(bytes: Uint8Array, from: number, to: number): void {
    const chunk = this.chunk;
    let at = this.length;
    for (let i = from; i < to; i++) chunk[at++] = bytes[i]!;
    this.length = at;
  }

  /** A scanDem target code as DEM text: ` D<id>`, ` L<id>` or ` ^` (at most MAX_TARGET_BYTES). */
  putTarget(code: number): void {
    if (code >= 0) this.putId(CHAR_D, code);
    else if (code === SEPARATOR_CODE) this.putBytes(SPACED_SEPARATOR, 0, SPACED_SEPARATOR.length);
    else this.putId(CHAR_L, observableCode(code));
  }

  /** The chunks written, the last cut to its length. */
  chunks(): Uint8Array[] {
    // The first chunk opened replaced the empty one, which is left out here.
    return [...this.full.slice(1), this.chunk.slice(0, this.length)];
  }

  /** ` D<id>` (letter = D's code) or ` L<id>`, for an integer id ≥ 0, written digit by digit. */
  private putId(letter: number, id: number): void {
    const digits = this.digits;
    let n = 0;
    do {
      const next = Math.floor(id / 10);
      digits[n++] = 48 + id - 10 * next;
      id = next;
    } while (id > 0);
    const chunk = this.chunk;
    let at = this.length;
    chunk[at++] = CHAR_SPACE;
    chunk[at++] = letter;
    while (n > 0) chunk[at++] = digits[--n]!;
    this.length = at;
  }

  private open(room: number): void {
    this.full.push(this.chunk.subarray(0, this.length));
    this.chunk = new Uint8Array(Math.max(Math.min(CHUNK_BYTES, 2 * this.chunk.length), FIRST_CHUNK_BYTES, room));
    this.length = 0;
  }
}

const CHUNK_BYTES = 1 << 20;
const FIRST_CHUNK_BYTES = 1 << 10;
const CHAR_SPACE = 32;
const CHAR_D = 68;
const CHAR_L = 76;
const SPACED_SEPARATOR = Uint8Array.from(' ^', (c) => c.charCodeAt(0));
const CHAR_NEWLINE = 10;
/** The most bytes a target takes: a space, its letter and an id below 2^53 (16 digits). */
const MAX_TARGET_BYTES = 18;

/**
 * Texts already written: a large model has hundreds of thousands of error lines and thousands
 * of detector coordinates but far fewer distinct numbers (%.19g formatting is the slow part),
 * and names each detector many times.
 */
interface TextCache {
  /** formatG(v, PRECISION) by v. */
  readonly numbers: Map<number, string>;
  /** ` D<id>` by id. */
  readonly detectors: string[];
}

function writeItems(items: readonly DemItem[], indent: string, out: AsciiChunks, known: TextCache): void {
  for (const item of items) {
    if (item.kind === 'repeat') {
      out.write(`${indent}repeat ${item.repetitions} {\n`);
      // Stim writes an empty body as an empty line.
      if (item.body.items.length === 0) out.write('\n');
      writeItems(item.body.items, `${indent}    `, out, known);
      out.write(`${indent}}\n`);
    } else if (item.kind === 'error') {
      out.write(indent);
      out.write('error(');
      out.write(numberText(item.probability, known));
      out.write(')');
      for (const target of item.targets) {
        out.write(target.type === 'detector' ? (known.detectors[target.id] ??= ` D${target.id}`) : ` ${targetText(target)}`);
      }
      out.write('\n');
    } else {
      out.write(indent);
      writeInstruction(item, out, known);
      out.write('\n');
    }
  }
}

/**
 * Written piece by piece, not as one string made of pieces: a level's model has a detector
 * line per detector (8112 at d = 25, 13 rounds), and a string built by concatenation is a
 * chain of pieces that reading its characters copies flat first.
 */
function writeInstruction(item: Exclude<DemItem, { kind: 'repeat' | 'error' }>, out: AsciiChunks, known: TextCache): void {
  switch (item.kind) {
    case 'detector':
      out.write('detector');
      writeArgs(item.coords, out, known);
      for (const id of item.ids) out.write((known.detectors[id] ??= ` D${id}`));
      return;
    case 'logical_observable':
      out.write('logical_observable');
      for (const id of item.ids) out.write(` L${id}`);
      return;
    case 'shift_detectors':
      out.write('shift_detectors');
      writeArgs(item.coordShift, out, known);
      out.write(` ${item.detectorShift}`);
      return;
  }
}

function writeArgs(values: readonly number[], out: AsciiChunks, known: TextCache): void {
  if (values.length === 0) return;
  values.forEach((value, k) => {
    out.write(k === 0 ? '(' : ', ');
    out.write(numberText(value, known));
  });
  out.write(')');
}

function numberText(value: number, known: TextCache): string {
  // A Map takes -0 for 0, which prints differently; zeros (a third of a level's detector
  // coordinates: every first-round time and first-column x) have their own two texts.
  if (value === 0) return Object.is(value, -0) ? MINUS_ZERO_TEXT : ZERO_TEXT;
  let text = known.numbers.get(value);
  if (text === undefined) known.numbers.set(value, (text = formatG(value, PRECISION)));
  return text;
}

function targetText(target: DemTarget): string {
  switch (target.type) {
    case 'detector':
      return `D${target.id}`;
    case 'observable':
      return `L${target.id}`;
    case 'separator':
      return '^';
  }
}
