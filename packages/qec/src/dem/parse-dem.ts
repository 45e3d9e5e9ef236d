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
import type { DemItem, DemTarget, DetectorErrorModel } from './dem.ts';
import { err, ok, type Result, type TextIssue } from '@verilab/core';
import { ColumnIssue, parseRealNumber } from '../circuit/instruction-syntax.ts';

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
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const content = stripComment(raw);
    const start = content.search(/\S/);
    if (start < 0) return;
    const current = stack.length > 0 ? stack[stack.length - 1]!.items : root;
    try {
      if (content.trim() === '}') {
        const block = stack.pop();
        if (block === undefined) throw new ColumnIssue(start + 1, "unexpected '}' without an open repeat block");
        const items = stack.length > 0 ? stack[stack.length - 1]!.items : root;
        items.push({ kind: 'repeat', repetitions: block.repetitions, body: { items: block.items } });
        return;
      }
      const item = parseInstruction(content, start);
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
  });
  for (const block of stack.filter((b) => !b.recovered)) {
    issues.push({ line: block.line, column: block.column, message: "repeat block is never closed with '}'" });
  }
  return issues.length > 0 ? err(issues) : ok({ items: root });
}

function stripComment(raw: string): string {
  const hash = raw.indexOf('#');
  return (hash < 0 ? raw : raw.slice(0, hash)).replace(/\r$/, '');
}

/** An instruction, or for `repeat` the header of a block whose body follows. */
type Parsed = Exclude<DemItem, { kind: 'repeat' }> | { readonly kind: 'repeat'; readonly repetitions: number };

function parseInstruction(content: string, start: number): Parsed {
  const nameMatch = /^[A-Za-z0-9_]+/.exec(content.slice(start));
  if (nameMatch === null) throw new ColumnIssue(start + 1, `expected an instruction name, got '${content[start]}'`);
  const nameText = nameMatch[0];
  const name = nameText.toLowerCase();
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
  const targets = tokenize(content, cursor);
  return build(name as Exclude<InstructionName, 'repeat'>, args, targets, start);
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
  name: Exclude<InstructionName, 'repeat'>,
  args: Arguments,
  tokens: readonly Token[],
  start: number,
): Parsed {
  switch (name) {
    case 'error': {
      if (args.values.length !== 1) {
        throw new ColumnIssue(args.column, `'error' takes exactly one probability argument, got ${args.values.length}`);
      }
      const p = args.values[0]!;
      if (!(p >= 0 && p <= 1)) throw new ColumnIssue(args.columns[0]!, `probability must be in [0, 1], got ${p}`);
      const targets = tokens.map(parseErrorTarget);
      checkSeparators(targets, tokens);
      return { kind: 'error', probability: p, targets };
    }
    case 'detector': {
      const id = single(tokens, 'detector', 'a detector target (D#)', start);
      const target = parseErrorTarget(id);
      if (target.type !== 'detector') throw new ColumnIssue(id.column, `'detector' takes a detector target (D#), got '${id.text}'`);
      return { kind: 'detector', coords: args.values, ids: [target.id] };
    }
    case 'logical_observable': {
      if (args.values.length > 0) throw new ColumnIssue(args.column, "'logical_observable' takes no arguments");
      const id = single(tokens, 'logical_observable', 'an observable target (L#)', start);
      const target = parseErrorTarget(id);
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

function parseErrorTarget(token: Token): DemTarget {
  if (token.text === '^') return { type: 'separator' };
  const prefix = token.text[0]!.toUpperCase();
  const digits = token.text.slice(1);
  if ((prefix === 'D' || prefix === 'L') && INTEGER.test(digits) && Number(digits) <= MAX_INTEGER) {
    return prefix === 'D' ? { type: 'detector', id: Number(digits) } : { type: 'observable', id: Number(digits) };
  }
  throw new ColumnIssue(token.column, `'${token.text}' is not a target (expected D#, L# or ^)`);
}

function checkSeparators(targets: readonly DemTarget[], tokens: readonly Token[]): void {
  targets.forEach((t, k) => {
    if (t.type !== 'separator') return;
    const column = tokens[k]!.column;
    if (k === 0) throw new ColumnIssue(column, "an error's targets cannot start with '^'");
    if (k === targets.length - 1) throw new ColumnIssue(column, "an error's targets cannot end with '^'");
    if (targets[k + 1]?.type === 'separator') throw new ColumnIssue(tokens[k + 1]!.column, "adjacent separators '^ ^'");
  });
}
