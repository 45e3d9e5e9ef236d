import type { Span } from './ast.ts';
import { clip, quote } from './issues.ts';

export type TokenKind =
  'number' | 'name' | '+' | '-' | '*' | '/' | '^' | '(' | ')' | '=' | ',' | 'separator' | 'end';

export interface Token extends Span {
  readonly kind: TokenKind;
  /** The source text (`**` and `^` both have kind '^'). */
  readonly text: string;
}

export type LexResult =
  | { readonly ok: true; readonly tokens: readonly Token[] }
  | { readonly ok: false; readonly span: Span; readonly message: string };

const SINGLE: ReadonlyMap<string, TokenKind> = new Map([
  ['+', '+'],
  ['-', '-'],
  ['/', '/'],
  ['^', '^'],
  ['(', '('],
  [')', ')'],
  ['=', '='],
  [',', ','],
]);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isNameStart = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isNamePart = (c: number) => isNameStart(c) || isDigit(c);

/**
 * Splits equation text into tokens. `;` and newlines separate equations, except that a newline
 * inside parentheses is ordinary space (a model wrapping a long right side). Characters outside
 * the language get a specific message: LaTeX, primes, brackets, library prefixes, non-ASCII.
 */
export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  let depth = 0;
  let i = 0;
  const push = (kind: TokenKind, start: number, end: number) =>
    tokens.push({ kind, start, end, text: text.slice(start, end) });
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const ch = text[i]!;
    if (c === 32 || c === 9 || c === 13 || (c === 10 && depth > 0)) {
      i++;
    } else if (c === 10 || ch === ';') {
      push('separator', i, i + 1);
      i++;
    } else if (isDigit(c) || (ch === '.' && isDigit(text.charCodeAt(i + 1)))) {
      const end = scanNumber(text, i);
      push('number', i, end);
      i = end;
    } else if (isNameStart(c)) {
      let end = i + 1;
      while (end < text.length && isNamePart(text.charCodeAt(end))) end++;
      push('name', i, end);
      i = end;
    } else if (ch === '*') {
      const double = text[i + 1] === '*';
      push(double ? '^' : '*', i, i + (double ? 2 : 1));
      i += double ? 2 : 1;
    } else if (SINGLE.has(ch)) {
      if (ch === '(') depth++;
      if (ch === ')') depth = Math.max(0, depth - 1);
      push(SINGLE.get(ch)!, i, i + 1);
      i++;
    } else {
      return {
        ok: false,
        span: { start: i, end: i + 1 },
        message: explainCharacter(text, i, tokens),
      };
    }
  }
  push('end', text.length, text.length);
  return { ok: true, tokens };
}

/** Python float literal syntax: 12, 1.5, .5, 1., 1e-3, 2.5E+10. */
function scanNumber(text: string, start: number): number {
  let i = start;
  while (isDigit(text.charCodeAt(i))) i++;
  if (text[i] === '.') {
    i++;
    while (isDigit(text.charCodeAt(i))) i++;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    let j = i + 1;
    if (text[j] === '+' || text[j] === '-') j++;
    if (isDigit(text.charCodeAt(j))) {
      while (isDigit(text.charCodeAt(j))) j++;
      i = j;
    }
  }
  return i;
}

/** LaTeX commands starting with \n; any other `\n…` is a JSON-escaped newline typed literally. */
const LATEX_N_COMMANDS: ReadonlySet<string> = new Set([
  '\\nu',
  '\\neq',
  '\\nabla',
  '\\not',
  '\\ne',
]);

function explainCharacter(text: string, i: number, tokens: readonly Token[]): string {
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  const previous = tokens[tokens.length - 1];
  if (ch === '\\') {
    const command = /^\\[A-Za-z]*/.exec(text.slice(i, i + 32))?.[0] ?? '\\';
    if (command.startsWith('\\n') && !LATEX_N_COMMANDS.has(command))
      return "separate equations with ';' or a real newline, not the two characters \\n";
    return `LaTeX is not supported (found ${quote(command)}); write plain ASCII such as (a)/(b) or sqrt(x)`;
  }
  if (ch === "'" || ch === '’' || ch === '′') {
    return 'primes are not supported; write dx/dt or d2x/dt2 on the left side and vx for a velocity on the right';
  }
  if (ch === '[' || ch === ']' || ch === '{' || ch === '}') {
    return `${quote(ch)} is not allowed: use ( ) for grouping; indexing and sets are not supported`;
  }
  if (ch === '.' && previous?.kind === 'name' && previous.end === i) {
    return `library prefixes are not allowed: write sin(x), not ${clip(previous.text)}.sin(x)`;
  }
  if (ch === '²' || ch === '³') return `write ^${ch === '²' ? 2 : 3} instead of ${quote(ch)}`;
  if (ch === '−' || ch === '–' || ch === '×' || ch === '·' || ch === '÷') {
    return `non-ASCII operator ${quote(ch)}; use - * / instead`;
  }
  const code = ch.codePointAt(0)!;
  if (code > 127) {
    const hex = code.toString(16).toUpperCase().padStart(4, '0');
    return `non-ASCII character ${quote(ch)} (U+${hex}); use ASCII names such as theta and operators + - * / ^`;
  }
  return `unexpected character ${quote(ch)}; allowed are numbers, names, + - * / ^ ** ( ) = and ; or newlines between equations`;
}
