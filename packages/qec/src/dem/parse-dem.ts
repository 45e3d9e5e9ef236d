/**
 * Reads Stim's detector-error-model text
 * (https://github.com/quantumlib/Stim/blob/main/doc/file_format_dem_detector_error_model.md)
 * into the DEM model, reporting every problem as a line/column issue.
 *
 * The rules are Stim's (src/stim/dem/detector_error_model.cc and dem_instruction.cc): one
 * instruction per line, names case-insensitive, `#` comments, `repeat n {` ... `}` blocks;
 * `error(p)` takes one probability in [0, 1] and targets `D#`, `L#` and `^` (never first, last
 * or doubled); `detector(coords...)` takes exactly one `D#`; `logical_observable` takes no
 * arguments and exactly one `L#`; `shift_detectors(coords...)` takes one non-negative integer.
 * Not supported: instruction tags (`error[tag](p)`), which this model has no place for.
 */
import { SEPARATOR, type DemItem, type DemTarget, type DetectorErrorModel } from './dem.ts';
import { err, ok, type Result, type TextIssue } from '@verilab/core';
import { ColumnIssue, parseRealNumber } from '../circuit/instruction-syntax.ts';
import { grown } from '../matching/search/grown-array.ts';

const INTEGER = /^\d+$/;
/** Stim reads counts and ids as integers below 2^60; we keep them exact doubles. */
const MAX_INTEGER = Number.MAX_SAFE_INTEGER;
const INSTRUCTIONS = ['error', 'detector', 'logical_observable', 'shift_detectors', 'repeat'] as const;
type InstructionName = (typeof INSTRUCTIONS)[number];

/** A whitespace-separated word and the 1-based column it starts at. */
interface Token {
  readonly text: string;
  readonly column: number;
}

interface OpenBlock {
  readonly repetitions: number;
  readonly items: DemItem[];
  readonly line: number;
  readonly column: number;
  /** Opened only to recover from a bad `repeat` line, so its `}` is not reported too. */
  readonly recovered: boolean;
}

export function parseDem(text: string): Result<DetectorErrorModel, TextIssue> {
  const issues: TextIssue[] = [];
  const root: DemItem[] = [];
  const stack: OpenBlock[] = [];
  const targets = new TargetTable();
  for (const lines = new DemLines(text); lines.next(); ) {
    const { content, start, line } = lines;
    const current = stack.length > 0 ? stack[stack.length - 1]!.items : root;
    try {
      if (isBlockEnd(content, start)) {
        const block = stack.pop();
        if (block === undefined) throw new ColumnIssue(start + 1, "unexpected '}' without an open repeat block");
        const items = stack.length > 0 ? stack[stack.length - 1]!.items : root;
        items.push({ kind: 'repeat', repetitions: block.repetitions, body: { items: block.items } });
        continue;
      }
      const item = parseInstruction(content, start, targets);
      if (item.kind === 'repeat') {
        stack.push({ repetitions: item.repetitions, items: [], line, column: start + 1, recovered: false });
      } else {
        current.push(item);
      }
    } catch (error) {
      if (!(error instanceof ColumnIssue)) throw error;
      issues.push({ line, column: error.column, message: error.message });
      if (/^repeat\b/i.test(content.slice(start))) {
        stack.push({ repetitions: 0, items: [], line, column: start + 1, recovered: true });
      }
    }
  }
  for (const block of stack.filter((b) => !b.recovered)) {
    issues.push({ line: block.line, column: block.column, message: "repeat block is never closed with '}'" });
  }
  return issues.length > 0 ? err(issues) : ok({ items: root });
}

/** An instruction of a DEM as scanDem hands it over: anything but a repeat block (whose body is read again per repetition). */
export type DemInstruction = Exclude<DemItem, { kind: 'repeat' }>;

/** A target as a number in scanDem's codes: a detector's id, −1 for `^`, −2 − id for observable id. */
export const SEPARATOR_CODE = -1;
/** Observable `id`'s code; being its own inverse, also the id of an observable's code. */
export const observableCode = (id: number): number => -2 - id;
export const targetCode = (target: DemTarget): number =>
  target.type === 'detector' ? target.id : target.type === 'observable' ? observableCode(target.id) : SEPARATOR_CODE;

/** What scanDem hands the instructions it reads to, with their 1-based lines. */
export interface DemScanSink {
  /** `error(p)` whose targets are codes[start, end) (see SEPARATOR_CODE); `codes` is reused. */
  error(p: number, codes: Float64Array, start: number, end: number, line: number): void;
  /** Any other instruction but a repeat block. */
  instruction(instruction: OtherInstruction, line: number): void;
}

type OtherInstruction = Exclude<DemInstruction, { kind: 'error' }>;

/**
 * Reads `text` as parseDem does, handing each instruction to `sink` as it is read, in execution
 * order — a repeat block's body is handed over once per repetition (and read once, unvisited, for
 * zero) — instead of building the model: a caller that only folds the instructions (the matching
 * graph of `verilab predict`) keeps nothing per line. Errors (nearly every line) arrive as target
 * codes: an `error(p)` line of plain decimal p and D#, L#, ^ targets is read without making a
 * string or object per target, and any other line the way parseDem reads it. The repetitions of a
 * block that holds no block are handed over from a record of its first reading; others are read
 * again. Returns false at the first problem without describing it (parseDem lists them); `sink`
 * may have had earlier instructions.
 */
export function scanDem(text: string, sink: DemScanSink): boolean {
  const targets = new TargetTable();
  const plain = new PlainErrorReader();
  const blocks: ScannedBlock[] = [];
  let visited = true;
  for (const lines = new DemLines(text); lines.next(); ) {
    const { content, start, line } = lines;
    const count = plain.read(content, start);
    if (count >= 0) {
      if (!visited) continue;
      sink.error(plain.probability, plain.codes, 0, count, line);
      blocks[blocks.length - 1]?.record?.error(plain.probability, plain.codes, count, line);
      continue;
    }
    if (isBlockEnd(content, start)) {
      const block = blocks.pop();
      if (block === undefined) return false;
      if (--block.left > 0 && block.record === undefined) {
        // Read the body again, from the line after the header.
        blocks.push(block);
        lines.from = block.from;
        lines.line = block.line;
        continue;
      }
      for (; block.left > 0; block.left--) block.record!.replay(sink);
      visited = blocks.length === 0 || blocks[blocks.length - 1]!.visited;
      continue;
    }
    let instruction: Parsed;
    try {
      instruction = parseInstruction(content, start, targets);
    } catch (error) {
      if (error instanceof ColumnIssue) return false;
      throw error;
    }
    const innermost = blocks[blocks.length - 1];
    if (instruction.kind === 'repeat') {
      // A block holding a block is read again rather than recorded.
      if (innermost !== undefined) innermost.record = undefined;
      visited &&= instruction.repetitions > 0;
      blocks.push({ from: lines.from, line, left: instruction.repetitions, visited, record: visited ? new BodyRecord() : undefined });
    } else if (!visited) {
      continue;
    } else if (instruction.kind === 'error') {
      const { probability, targets: list } = instruction;
      if (list.length > plain.codes.length) plain.codes = new Float64Array(list.length);
      for (let k = 0; k < list.length; k++) plain.codes[k] = targetCode(list[k]!);
      sink.error(probability, plain.codes, 0, list.length, line);
      innermost?.record?.error(probability, plain.codes, list.length, line);
    } else {
      sink.instruction(instruction, line);
      innermost?.record?.instruction(instruction, line);
    }
  }
  return blocks.length === 0;
}

/** An open repeat block of scanDem. */
interface ScannedBlock {
  /** Where the body starts in the text, and the header's line. */
  readonly from: number;
  readonly line: number;
  /** Readings of the body left, this one included. */
  left: number;
  /** Whether its instructions are handed over (not in a block repeated zero times). */
  readonly visited: boolean;
  /** Its first reading, while the body holds no block. */
  record: BodyRecord | undefined;
}

/** A repeat body's instructions as first read, to hand over again without reading the text. */
class BodyRecord {
  /** Per instruction: its line, then p, the number of target codes and the codes for an error, or the index in `others` and −1. */
  private data = new Float64Array(256);
  private length = 0;
  private readonly others: OtherInstruction[] = [];

  error(p: number, codes: Float64Array, count: number, line: number): void {
    const at = this.reserve(3 + count);
    const data = this.data;
    data[at] = line;
    data[at + 1] = p;
    data[at + 2] = count;
    for (let k = 0; k < count; k++) data[at + 3 + k] = codes[k]!;
  }

  instruction(instruction: OtherInstruction, line: number): void {
    const at = this.reserve(3);
    this.data[at] = line;
    this.data[at + 1] = this.others.length;
    this.data[at + 2] = -1;
    this.others.push(instruction);
  }

  replay(sink: DemScanSink): void {
    const data = this.data;
    for (let at = 0; at < this.length; ) {
      const line = data[at]!;
      const count = data[at + 2]!;
      at += 3;
      if (count < 0) {
        sink.instruction(this.others[data[at - 2]!]!, line);
      } else {
        sink.error(data[at - 2]!, data, at, at + count, line);
        at += count;
      }
    }
  }

  /** Where `size` more entries start, growing the record if needed. */
  private reserve(size: number): number {
    const at = this.length;
    this.length += size;
    if (this.length > this.data.length) this.data = grown(this.data, Math.max(2 * this.data.length, this.length));
    return at;
  }
}

/**
 * Reads lines `error(p) t1 t2 …` whose p is a plain decimal (as Stim writes it) in [0, 1] and
 * whose targets are D#, L# and ^ (not first, last or doubled), separated by ASCII blanks, into
 * `probability` and target `codes`. Any other line — valid or not — is left to parseInstruction;
 * what this accepts, parseInstruction reads to the same values.
 */
class PlainErrorReader {
  probability = 0;
  codes = new Float64Array(16);

  /** Reads `content` from `start`; returns the number of target codes, or −1 if the line is not such an error. */
  read(content: string, start: number): number {
    if (!content.startsWith('error(', start)) return -1;
    const open = start + 5;
    const close = content.indexOf(')', open);
    if (close < 0) return -1;
    const p = plainDecimal(content.slice(open + 1, close));
    if (p === undefined || !(p <= 1)) return -1;
    const length = content.length;
    if (close + 1 < length && !isAsciiBlank(content.charCodeAt(close + 1))) return -1;
    // At most one target per character.
    if (length - close > this.codes.length) this.codes = new Float64Array(length - close);
    const codes = this.codes;
    let count = 0;
    for (let i = close + 1; ; ) {
      while (i < length && isAsciiBlank(content.charCodeAt(i))) i++;
      if (i === length) break;
      const first = content.charCodeAt(i++);
      if (first === 94 /* ^ */) {
        if (count === 0 || codes[count - 1] === SEPARATOR_CODE || (i < length && !isAsciiBlank(content.charCodeAt(i)))) return -1;
        codes[count++] = SEPARATOR_CODE;
        continue;
      }
      const detector = first === 68 || first === 100; // D, d
      if (!detector && first !== 76 && first !== 108) return -1; // L, l
      const digitsFrom = i;
      let id = 0;
      for (; i < length; i++) {
        const code = content.charCodeAt(i);
        const digit = code - 48;
        if (digit < 0 || digit > 9) {
          if (isAsciiBlank(code)) break;
          return -1;
        }
        id = id * 10 + digit;
      }
      // Exact up to MAX_INTEGER; past it the running value only needs to stay above it.
      if (i === digitsFrom || id > MAX_INTEGER) return -1;
      codes[count++] = detector ? id : observableCode(id);
    }
    if (count > 0 && codes[count - 1] === SEPARATOR_CODE) return -1;
    this.probability = p;
    return count;
  }
}

/** A blank of the ASCII range (space, tab, line feed, vertical tab, form feed, carriage return). */
const isAsciiBlank = (code: number): boolean => code === 32 || (code >= 9 && code <= 13);

/**
 * A DEM text's non-blank lines in turn, without splitting the whole text first (a d = 17 model is
 * ~30k lines): each line's content (its comment and a trailing \r cut off), 1-based number and
 * first non-blank column (0-based). `from` and `line` may be set back to read lines again.
 */
class DemLines {
  private readonly text: string;
  /** Where the next line starts, and the number of the current one. */
  from = 0;
  line = 0;
  content = '';
  start = 0;

  constructor(text: string) {
    this.text = text;
  }

  /** Moves to the next line that is not blank; false at the end of the text. */
  next(): boolean {
    const text = this.text;
    while (this.from <= text.length) {
      const newline = text.indexOf('\n', this.from);
      const end = newline < 0 ? text.length : newline;
      const content = stripComment(text.slice(this.from, end));
      this.from = end + 1;
      this.line++;
      let start = 0;
      while (start < content.length && isSpace(content.charCodeAt(start))) start++;
      if (start === content.length) continue;
      this.content = content;
      this.start = start;
      return true;
    }
    return false;
  }
}

/** Whether the line, non-blank from `start`, is a block's closing `}`. */
const isBlockEnd = (content: string, start: number): boolean => content.charCodeAt(start) === 125 /* } */ && content.trim() === '}';

function stripComment(raw: string): string {
  const hash = raw.indexOf('#');
  const line = hash < 0 ? raw : raw.slice(0, hash);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/**
 * One shared, immutable target object per detector or observable id of a parse: a large model
 * names each detector in many errors, and one object per mention was most of its memory.
 */
class TargetTable {
  /** Ids past this get their own objects rather than a huge sparse table. */
  private static readonly SHARED_IDS = 1 << 22;
  private readonly detectors: DemTarget[] = [];
  private readonly observables: DemTarget[] = [];

  detector(id: number): DemTarget {
    if (id >= TargetTable.SHARED_IDS) return { type: 'detector', id };
    return (this.detectors[id] ??= { type: 'detector', id });
  }

  observable(id: number): DemTarget {
    if (id >= TargetTable.SHARED_IDS) return { type: 'observable', id };
    return (this.observables[id] ??= { type: 'observable', id });
  }
}

/** An instruction, or for `repeat` the header of a block whose body follows. */
type Parsed = Exclude<DemItem, { kind: 'repeat' }> | { readonly kind: 'repeat'; readonly repetitions: number };

const NAME = /[A-Za-z0-9_]+/y;

function parseInstruction(content: string, start: number, targets: TargetTable): Parsed {
  // Nearly every line of a model starts `error(`: that name needs no pattern match.
  const common = content.startsWith('error(', start);
  NAME.lastIndex = start;
  const nameMatch = common ? null : NAME.exec(content);
  if (!common && nameMatch === null) throw new ColumnIssue(start + 1, `expected an instruction name, got '${content[start]}'`);
  const nameText = nameMatch === null ? 'error' : nameMatch[0];
  const name = common ? nameText : nameText.toLowerCase();
  if (!(INSTRUCTIONS as readonly string[]).includes(name)) {
    throw new ColumnIssue(start + 1, `unknown instruction '${nameText}' (expected one of: ${INSTRUCTIONS.join(', ')})`);
  }
  let cursor = start + nameText.length;
  if (content[cursor] === '[') throw new ColumnIssue(cursor + 1, 'instruction tags are not supported');
  if (name === 'repeat') return parseRepeatHeader(content, cursor);
  let args: Arguments = { values: [], columns: [], column: cursor + 1 };
  if (content[cursor] === '(') {
    const close = content.indexOf(')', cursor);
    if (close < 0) throw new ColumnIssue(cursor + 1, "unterminated '(': missing ')'");
    args = parseArguments(content.slice(cursor + 1, close), cursor + 1);
    cursor = close + 1;
  }
  if (cursor < content.length && !/\s/.test(content[cursor]!)) {
    throw new ColumnIssue(cursor + 1, `unexpected '${content[cursor]}' after the instruction name`);
  }
  if (name === 'error') return parseError(args, content, cursor, targets);
  return build(name as Exclude<InstructionName, 'repeat' | 'error'>, args, tokenize(content, cursor), start, targets);
}

/**
 * An `error` line's probability and targets. The targets are read straight from the text
 * (errors are nearly every line of a model) with the same checks and messages as the other
 * instructions' tokens: the first bad target, else the first misplaced `^`.
 */
function parseError(args: Arguments, content: string, from: number, table: TargetTable): Parsed {
  if (args.values.length !== 1) {
    throw new ColumnIssue(args.column, `'error' takes exactly one probability argument, got ${args.values.length}`);
  }
  const p = args.values[0]!;
  if (!(p >= 0 && p <= 1)) throw new ColumnIssue(args.columns[0]!, `probability must be in [0, 1], got ${p}`);
  const targets: DemTarget[] = [];
  let separatorIssue: ColumnIssue | undefined;
  let lastColumn = 0;
  for (let i = from; ; ) {
    while (i < content.length && isSpace(content.charCodeAt(i))) i++;
    if (i >= content.length) break;
    const begin = i;
    while (i < content.length && !isSpace(content.charCodeAt(i))) i++;
    const column = begin + 1;
    // parseErrorTarget only runs (and throws) when the text is not a target.
    const target = readTarget(content, begin, i, table) ?? parseErrorTarget({ text: content.slice(begin, i), column }, table);
    if (target === SEPARATOR && separatorIssue === undefined) {
      if (targets.length === 0) separatorIssue = new ColumnIssue(column, "an error's targets cannot start with '^'");
      else if (targets[targets.length - 1] === SEPARATOR) separatorIssue = new ColumnIssue(column, "adjacent separators '^ ^'");
    }
    targets.push(target);
    lastColumn = column;
  }
  if (separatorIssue === undefined && targets.length > 0 && targets[targets.length - 1] === SEPARATOR) {
    separatorIssue = new ColumnIssue(lastColumn, "an error's targets cannot end with '^'");
  }
  if (separatorIssue !== undefined) throw separatorIssue;
  return { kind: 'error', probability: p, targets };
}

/** Whitespace as the `\s` of the other instructions' tokens. */
function isSpace(code: number): boolean {
  if (code === 32 || (code >= 9 && code <= 13)) return true;
  return code > 127 && /\s/.test(String.fromCharCode(code));
}

/** The target `content[begin, end)` names (`D#`, `L#` or `^`), or undefined when it is none. */
function readTarget(content: string, begin: number, end: number, table: TargetTable): DemTarget | undefined {
  const first = content.charCodeAt(begin);
  if (first === 94 /* ^ */) return end === begin + 1 ? SEPARATOR : undefined;
  const detector = first === 68 || first === 100; // D, d
  if (!detector && first !== 76 && first !== 108) return undefined; // L, l
  if (end === begin + 1) return undefined;
  let id = 0;
  for (let i = begin + 1; i < end; i++) {
    const digit = content.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    id = id * 10 + digit;
  }
  // Exact up to MAX_INTEGER; past it the running value only needs to stay above it.
  if (id > MAX_INTEGER) return undefined;
  return detector ? table.detector(id) : table.observable(id);
}

function parseRepeatHeader(content: string, cursor: number): Parsed {
  if (cursor < content.length && !/\s/.test(content[cursor]!)) {
    throw new ColumnIssue(cursor + 1, `unexpected '${content[cursor]}' after 'repeat'`);
  }
  // Like Stim, accept the brace glued to the count (`repeat 5{`).
  const tokens = tokenize(content, cursor).flatMap((t) =>
    t.text.length > 1 && t.text.endsWith('{')
      ? [{ text: t.text.slice(0, -1), column: t.column }, { text: '{', column: t.column + t.text.length - 1 }]
      : [t],
  );
  const count = tokens[0];
  if (count === undefined || count.text === '{') throw new ColumnIssue(cursor + 1, 'repeat needs a repetition count');
  const repetitions = parseInteger(count, 'repetition count');
  const brace = tokens[1];
  if (brace === undefined) throw new ColumnIssue(content.length + 1, "expected '{' after the repetition count");
  if (brace.text !== '{') throw new ColumnIssue(brace.column, `expected '{' after the repetition count, got '${brace.text}'`);
  const extra = tokens[2];
  if (extra !== undefined) throw new ColumnIssue(extra.column, `unexpected '${extra.text}' after '{'`);
  return { kind: 'repeat', repetitions };
}

function build(
  name: Exclude<InstructionName, 'repeat' | 'error'>,
  args: Arguments,
  tokens: readonly Token[],
  start: number,
  table: TargetTable,
): Parsed {
  switch (name) {
    case 'detector': {
      const id = single(tokens, 'detector', 'a detector target (D#)', start);
      const target = parseErrorTarget(id, table);
      if (target.type !== 'detector') throw new ColumnIssue(id.column, `'detector' takes a detector target (D#), got '${id.text}'`);
      return { kind: 'detector', coords: args.values, ids: [target.id] };
    }
    case 'logical_observable': {
      if (args.values.length > 0) throw new ColumnIssue(args.column, "'logical_observable' takes no arguments");
      const id = single(tokens, 'logical_observable', 'an observable target (L#)', start);
      const target = parseErrorTarget(id, table);
      if (target.type !== 'observable') {
        throw new ColumnIssue(id.column, `'logical_observable' takes an observable target (L#), got '${id.text}'`);
      }
      return { kind: 'logical_observable', ids: [target.id] };
    }
    case 'shift_detectors': {
      const shift = single(tokens, 'shift_detectors', 'a detector shift (a non-negative integer)', start);
      return { kind: 'shift_detectors', coordShift: args.values, detectorShift: parseInteger(shift, 'detector shift') };
    }
  }
}

function single(tokens: readonly Token[], name: string, what: string, start: number): Token {
  if (tokens.length === 0) throw new ColumnIssue(start + 1, `'${name}' needs ${what}`);
  if (tokens.length > 1) throw new ColumnIssue(tokens[1]!.column, `'${name}' takes exactly one target`);
  return tokens[0]!;
}

/** Parenthesised arguments with the column of each, and of the `(` (or where it would be). */
interface Arguments {
  readonly values: readonly number[];
  readonly columns: readonly number[];
  readonly column: number;
}

function parseArguments(inner: string, column: number): Arguments {
  const single = plainDecimal(inner);
  if (single !== undefined) return { values: [single], columns: [column + 1], column };
  const values: number[] = [];
  const columns: number[] = [];
  if (inner.trim() !== '') {
    let offset = column + 1;
    for (const piece of inner.split(',')) {
      const at = offset + piece.length - piece.trimStart().length;
      const text = piece.trim();
      const value = parseRealNumber(text);
      if (value === undefined) throw new ColumnIssue(at, text === '' ? 'missing argument' : `'${text}' is not a number`);
      values.push(value);
      columns.push(at);
      offset += piece.length + 1;
    }
  }
  return { values, columns, column };
}

/**
 * `inner` as a number when it is one plain decimal — digits with at most one '.', no sign,
 * exponent, space or comma (an error's probability, as Stim writes it) — else undefined (and
 * parseArguments reads it in full). Such text matches parseRealNumber's syntax, so its value
 * is parseRealNumber's: Number(inner), when finite.
 */
function plainDecimal(inner: string): number | undefined {
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < inner.length; i++) {
    const code = inner.charCodeAt(i);
    if (code >= 48 && code <= 57) digits++;
    else if (code === 46 /* . */ && dots === 0) dots++;
    else return undefined;
  }
  const value = Number(inner);
  return digits > 0 && Number.isFinite(value) ? value : undefined;
}

function tokenize(content: string, from: number): Token[] {
  const tokens: Token[] = [];
  const pattern = /\S+/g;
  pattern.lastIndex = from;
  for (let m = pattern.exec(content); m !== null; m = pattern.exec(content)) {
    tokens.push({ text: m[0], column: m.index + 1 });
  }
  return tokens;
}

function parseInteger(token: Token, what: string): number {
  if (!INTEGER.test(token.text) || Number(token.text) > MAX_INTEGER) {
    throw new ColumnIssue(token.column, `${what} must be a non-negative integer, got '${token.text}'`);
  }
  return Number(token.text);
}

function parseErrorTarget(token: Token, table: TargetTable): DemTarget {
  const target = readTarget(token.text, 0, token.text.length, table);
  if (target === undefined) throw new ColumnIssue(token.column, `'${token.text}' is not a target (expected D#, L# or ^)`);
  return target;
}
