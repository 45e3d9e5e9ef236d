/**
 * Reads an LLM's answer `X_ERRORS=[..] Z_ERRORS=[..]` out of free text.
 *
 * Accepts every form the original Qubit-Medic parser accepts: key spellings
 * `X_ERRORS`, `X-ERRORS`, `X ERRORS`, `XERRORS` in any case, `=` or `:`, `[..]` or `(..)`,
 * markdown bold and `\boxed{}` wrappers, chain-of-thought before the answer, in-prompt
 * examples echoed earlier (the last X part anchors the answer). Two of its flaws are fixed:
 * a `Z_ERRORS` part written before its `X_ERRORS` part is paired with it, and an answer
 * written after a fenced block is not ignored. List items must be plain decimal integers
 * (the original's Python `int()` also took `+3` and `1_0`). Two readings a careful reader would
 * not make are not made either: a key inside a word (`MAX_ERRORS`, `syntax errors`) is no key,
 * and a lenient part whose brackets hold prose (`the Z errors: (none visible)`, written after the
 * answer) is prose, not a broken list that would void the answer before it.
 *
 * The scanner is a single left-to-right pass plus one precomputed "next closing bracket"
 * table, so any input, 100 KB of garbage included, parses in linear time (regular
 * expressions such as `\[([^\]]*)\]` rescan to the end of the text from every failed start).
 */

export interface ParsedAnswer {
  /** LLM data-qubit ids in [0, numDataQubits), sorted and deduplicated. */
  readonly xErrors: readonly number[];
  readonly zErrors: readonly number[];
  /** The X list was found and every item in it is a data-qubit id (`xErrors` is the whole list). */
  readonly xValid: boolean;
  /** The same for the Z list. */
  readonly zValid: boolean;
  /** Both lists found and clean. */
  readonly parseSuccess: boolean;
  /** Exactly one list found clean, or both found but not both clean. */
  readonly parsePartial: boolean;
  /** Success with the canonical spelling `X_ERRORS=[..]` and `Z_ERRORS=[..]` on both axes. */
  readonly strictFormat: boolean;
  readonly rawResponse: string;
}

/**
 * 1 for a strict answer, 0.5 for a lenient one or one with a single valid list, 0 when no list
 * is valid (two lists that are both broken are no answer at all).
 */
export function formatScore(answer: ParsedAnswer): 1 | 0.5 | 0 {
  if (answer.parseSuccess && answer.strictFormat) return 1;
  if (answer.xValid || answer.zValid) return 0.5;
  return 0;
}

/** The canonical completion text for an answer: sorted, deduplicated, no spaces. */
export function formatCompletion(xErrors: readonly number[], zErrors: readonly number[]): string {
  return formatStatedLists(xErrors, zErrors);
}

/** The canonical text of the lists stated (undefined: not stated, so left out of the text). */
export function formatStatedLists(xErrors: readonly number[] | undefined, zErrors: readonly number[] | undefined): string {
  const list = (key: string, ids: readonly number[] | undefined) =>
    ids === undefined ? [] : [`${key}=[${[...new Set(ids)].sort((a, b) => a - b).join(',')}]`];
  return [...list('X_ERRORS', xErrors), ...list('Z_ERRORS', zErrors)].join(' ');
}

type Axis = 'X' | 'Z';

/** One `KEY sep [list]` occurrence in the text. */
interface AnswerPart {
  readonly axis: Axis;
  readonly strict: boolean;
  readonly content: string;
}

export function parseAnswer(raw: unknown, numDataQubits: number): ParsedAnswer {
  if (typeof raw !== 'string') {
    return {
      xErrors: [],
      zErrors: [],
      xValid: false,
      zValid: false,
      parseSuccess: false,
      parsePartial: false,
      strictFormat: false,
      rawResponse: '',
    };
  }
  const parts = findAnswerParts(raw.replaceAll('*', ''));
  const { x, z } = pickAnswer(parts);
  const xList = x === undefined ? undefined : parseIdList(x.content, numDataQubits);
  const zList = z === undefined ? undefined : parseIdList(z.content, numDataQubits);
  const xPresent = xList?.clean === true;
  const zPresent = zList?.clean === true;
  const parseSuccess = xPresent && zPresent;
  return {
    xErrors: xList?.ids ?? [],
    zErrors: zList?.ids ?? [],
    xValid: xPresent,
    zValid: zPresent,
    parseSuccess,
    parsePartial: xPresent !== zPresent || (x !== undefined && z !== undefined && !parseSuccess),
    strictFormat: parseSuccess && x?.strict === true && z?.strict === true,
    rawResponse: raw,
  };
}

/**
 * The answer is anchored on the last X part (earlier ones are usually echoed examples); its Z
 * part is the last Z part after it, or else a Z part written just before it that no earlier X
 * part has already claimed (parts are paired greedily left to right, so in
 * `X=[1] Z=[2] … X=[3]` the Z belongs to the first answer and the last answer has no Z).
 */
function pickAnswer(parts: readonly AnswerPart[]): { x?: AnswerPart; z?: AnswerPart } {
  let anchor = -1;
  for (let i = parts.length - 1; i >= 0; i--) {
    if (parts[i]?.axis === 'X') {
      anchor = i;
      break;
    }
  }
  if (anchor < 0) {
    const lastZ = [...parts].reverse().find((part) => part.axis === 'Z');
    return lastZ === undefined ? {} : { z: lastZ };
  }
  const x = parts[anchor];
  for (let i = parts.length - 1; i > anchor; i--) {
    if (parts[i]?.axis === 'Z') return { x, z: parts[i] };
  }
  // Greedy left-to-right pairing decides whether the part before the anchor is its partner.
  let open: number | undefined;
  let partnerOfAnchor: AnswerPart | undefined;
  for (let i = 0; i <= anchor; i++) {
    const part = parts[i] as AnswerPart;
    if (open !== undefined && parts[open]?.axis !== part.axis) {
      if (i === anchor) partnerOfAnchor = parts[open];
      open = undefined;
    } else {
      open = i;
    }
  }
  return partnerOfAnchor === undefined ? { x } : { x, z: partnerOfAnchor };
}

/*
 * The answer grammar, one part: KEY SEPARATOR OPENER items CLOSER, where
 *   KEY       = X or Z (either case), any run of JOINERs, then ERRORS (any case);
 *   JOINER    = a space character, '_' or '-';
 *   SEPARATOR = '=' or ':', with spaces around it;
 *   OPENER    = '[' or '(';
 *   CLOSER    = the first ']' after the opener for a strict part, else the first ']' or ')'.
 * The key's letter starts a word: it follows no ASCII letter or digit. A part is strict when it
 * is spelled `X_ERRORS=[..]` exactly (one '_', '=', '['); a lenient part counts only when its
 * items are written as a list (`isListCode`), so its key words in
 * prose don't make one. A strict part counts whatever it holds (the original's partial parse:
 * `X_ERRORS=[a]` is a broken X list). Spaces are
 * the ASCII ones (space, tab, line feed, vertical tab, form feed, carriage return) and letters
 * compare in ASCII case only, so no Unicode case mapping turns another letter into a key.
 * The scanner reads UTF-16 codes, named here, so no string is made per character.
 */
const code = (character: string): number => character.charCodeAt(0);
const UNDERSCORE = code('_');
const HYPHEN = code('-');
const EQUALS = code('=');
const COLON = code(':');
const OPEN_SQUARE = code('[');
const OPEN_ROUND = code('(');
const CLOSE_SQUARE = code(']');
const CLOSE_ROUND = code(')');
const SPACE = code(' ');
const TAB = code('\t');
const CARRIAGE_RETURN = code('\r');
const LOWER_A = code('a');
const LOWER_Z = code('z');
const CASE_OFFSET = LOWER_A - code('A');
const UPPER_X = code('X');
const UPPER_Z = code('Z');
const UPPER_A = code('A');
const DIGIT_0 = code('0');
const DIGIT_9 = code('9');
const COMMA = code(',');
const LAST_ASCII = 0x7f;
const KEY_WORD = 'ERRORS';

/** Space, or tab through carriage return (tab, line feed, vertical tab, form feed, carriage return). */
const isSpace = (c: number): boolean => c === SPACE || (c >= TAB && c <= CARRIAGE_RETURN);
const isJoiner = (c: number): boolean => isSpace(c) || c === UNDERSCORE || c === HYPHEN;
const isSeparator = (c: number): boolean => c === EQUALS || c === COLON;
const isOpener = (c: number): boolean => c === OPEN_SQUARE || c === OPEN_ROUND;
/** ASCII letters to upper case; every other code as it is. */
const asciiUpper = (c: number): number => (c >= LOWER_A && c <= LOWER_Z ? c - CASE_OFFSET : c);
const isDigit = (c: number): boolean => c >= DIGIT_0 && c <= DIGIT_9;
/**
 * What a list is written with: digits, commas and the separators `parseIdList` splits on (every
 * Unicode space), its items in range or not (that is `parseIdList`'s rule).
 */
const isListCode = (c: number): boolean => isDigit(c) || c === COMMA || isSpace(c) || (c > LAST_ASCII && /\s/.test(String.fromCharCode(c)));
/** An ASCII letter or digit: a key letter after one is inside a word. */
const isWordCode = (c: number): boolean => {
  const upper = asciiUpper(c);
  return (upper >= UPPER_A && upper <= UPPER_Z) || isDigit(c);
};

/** The axis a key starting with this code names, if any. */
function axisOf(c: number): Axis | undefined {
  const letter = asciiUpper(c);
  return letter === UPPER_X ? 'X' : letter === UPPER_Z ? 'Z' : undefined;
}

/** The first index at or after `from` whose code is not in the class (the text's length if none). */
function skipWhile(text: string, from: number, inClass: (c: number) => boolean): number {
  let i = from;
  while (i < text.length && inClass(text.charCodeAt(i))) i++;
  return i;
}

/** `word` (upper case) is at `at` in the text, in any ASCII case. */
function hasWordAt(text: string, at: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    if (asciiUpper(text.charCodeAt(at + k)) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * For every index i, the first closing bracket at or after i: `square` counts only ']', `any`
 * also ')'; the text's length where there is none. Built once, so finding a part's end never
 * rescans the text.
 */
function closingBrackets(text: string): { readonly square: Int32Array; readonly any: Int32Array } {
  const n = text.length;
  const square = new Int32Array(n + 1).fill(n);
  const any = new Int32Array(n + 1).fill(n);
  for (let i = n - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    square[i] = c === CLOSE_SQUARE ? i : (square[i + 1] as number);
    any[i] = c === CLOSE_SQUARE || c === CLOSE_ROUND ? i : (any[i + 1] as number);
  }
  return { square, any };
}

/** Every answer part, left to right; scanning resumes after each part's closing bracket. */
function findAnswerParts(text: string): AnswerPart[] {
  const closers = closingBrackets(text);
  const parts: AnswerPart[] = [];
  for (let i = 0; i < text.length; i++) {
    const found = readAnswerPart(text, i, closers);
    if (found === undefined) continue;
    parts.push(found.part);
    i = found.close;
  }
  return parts;
}

/** The part whose key starts at `start`, if one does, with the index of its closing bracket. */
function readAnswerPart(
  text: string,
  start: number,
  closers: ReturnType<typeof closingBrackets>,
): { readonly part: AnswerPart; readonly close: number } | undefined {
  const axis = axisOf(text.charCodeAt(start));
  if (axis === undefined || (start > 0 && isWordCode(text.charCodeAt(start - 1)))) return undefined;
  const word = skipWhile(text, start + 1, isJoiner);
  if (!hasWordAt(text, word, KEY_WORD)) return undefined;
  const canonicalKey = word === start + 2 && text.charCodeAt(start + 1) === UNDERSCORE;
  const separatorAt = skipWhile(text, word + KEY_WORD.length, isSpace);
  const separator = text.charCodeAt(separatorAt);
  if (!isSeparator(separator)) return undefined;
  const openerAt = skipWhile(text, separatorAt + 1, isSpace);
  const opener = text.charCodeAt(openerAt);
  if (!isOpener(opener)) return undefined;
  const strict = canonicalKey && separator === EQUALS && opener === OPEN_SQUARE;
  const close = (strict ? closers.square : closers.any)[openerAt + 1] as number;
  if (close >= text.length) return undefined;
  if (!strict && skipWhile(text, openerAt + 1, isListCode) < close) return undefined;
  return { part: { axis, strict, content: text.slice(openerAt + 1, close) }, close };
}

function parseIdList(content: string, numDataQubits: number): { ids: number[]; clean: boolean } {
  const ids = new Set<number>();
  let clean = true;
  for (const token of content.split(/[\s,]+/)) {
    if (token === '') continue;
    if (!/^\d+$/.test(token)) {
      clean = false;
      continue;
    }
    const id = Number(token);
    if (id < numDataQubits) ids.add(id);
    else clean = false;
  }
  return { ids: [...ids].sort((a, b) => a - b), clean };
}
