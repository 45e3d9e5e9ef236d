/**
 * Writes the DEM model as Stim writes it (quantumlib/Stim src/stim/dem/detector_error_model.cc,
 * `print_detector_error_model`): one instruction per line, `repeat n {` blocks indented by four
 * spaces, numbers through a C++ stream at precision `numeric_limits<long double>::digits10 + 1`
 * (19 on x86-64), i.e. `%.19g` — hence `error(0.002332035441684078298)` and `6.6697…e-05`.
 * The text ends with a newline, as `stim analyze_errors` output does.
 */
import type { DemItem, DemTarget, DetectorErrorModel } from './dem.ts';
import { formatG } from '@verilab/core';

const PRECISION = 19;

export function printDem(dem: DetectorErrorModel): string {
  return asciiText(printDemBytes(dem));
}

/**
 * printDem's text as its bytes (DEM text is ASCII: keywords, ids and numbers), written straight
 * into one buffer: a large model's text is megabytes, and a caller that hashes it (a level's
 * DEM digest) needs no string and no UTF-8 copy of one.
 */
export function printDemBytes(dem: DetectorErrorModel): Uint8Array {
  const out = new AsciiBytes();
  writeItems(dem.items, '', out, { numbers: new Map(), detectors: [] });
  return out.bytes();
}

/** The text of ASCII bytes (printDemBytes's), built from chunks of a few thousand characters each. */
export function asciiText(bytes: Uint8Array): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += CHUNK_UNITS) {
    // A typed array serves as the arguments' array-like.
    text += String.fromCharCode.apply(null, bytes.subarray(start, start + CHUNK_UNITS) as unknown as number[]);
  }
  return text;
}

/** A growing byte buffer of text whose characters are all ASCII (as everything printDem writes is). */
class AsciiBytes {
  private buffer = new Uint8Array(1 << 16);
  private length = 0;

  write(text: string): void {
    if (this.length + text.length > this.buffer.length) this.grow(this.length + text.length);
    const buffer = this.buffer;
    let at = this.length;
    for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i);
    this.length = at;
  }

  /** The bytes written, in a buffer of their exact size. */
  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private grow(needed: number): void {
    const grown = new Uint8Array(Math.max(needed, 2 * this.buffer.length));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

/** Characters per String.fromCharCode call: well under engines' argument-count limits. */
const CHUNK_UNITS = 1 << 13;

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

function writeItems(items: readonly DemItem[], indent: string, out: AsciiBytes, known: TextCache): void {
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
      out.write(`${indent}${instructionText(item, known)}\n`);
    }
  }
}

function instructionText(item: Exclude<DemItem, { kind: 'repeat' | 'error' }>, known: TextCache): string {
  switch (item.kind) {
    case 'detector':
      return `detector${args(item.coords, known)}${item.ids.map((id) => ` D${id}`).join('')}`;
    case 'logical_observable':
      return `logical_observable${item.ids.map((id) => ` L${id}`).join('')}`;
    case 'shift_detectors':
      return `shift_detectors${args(item.coordShift, known)} ${item.detectorShift}`;
  }
}

const args = (values: readonly number[], known: TextCache): string =>
  values.length === 0 ? '' : `(${values.map((v) => numberText(v, known)).join(', ')})`;

function numberText(value: number, known: TextCache): string {
  // A Map takes -0 for 0, which prints differently.
  if (value === 0) return formatG(value, PRECISION);
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
