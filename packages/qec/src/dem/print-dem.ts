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
  const out = { text: '' };
  writeItems(dem.items, '', out, { numbers: new Map(), detectors: [] });
  return out.text;
}

/**
 * The text so far, each line appended with its newline: V8 keeps the appends as a rope and lays
 * it out once when first read, cheaper than an array of a few hundred thousand lines joined.
 */
interface TextOut {
  text: string;
}

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

function writeItems(items: readonly DemItem[], indent: string, out: TextOut, known: TextCache): void {
  for (const item of items) {
    if (item.kind === 'repeat') {
      out.text += `${indent}repeat ${item.repetitions} {\n`;
      // Stim writes an empty body as an empty line.
      if (item.body.items.length === 0) out.text += '\n';
      writeItems(item.body.items, `${indent}    `, out, known);
      out.text += `${indent}}\n`;
    } else if (item.kind === 'error') {
      let text = `${indent}error(${numberText(item.probability, known)})`;
      for (const target of item.targets) {
        text += target.type === 'detector' ? (known.detectors[target.id] ??= ` D${target.id}`) : ` ${targetText(target)}`;
      }
      out.text += `${text}\n`;
    } else {
      out.text += `${indent}${instructionText(item, known)}\n`;
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
