/**
 * Where and why Python's `json.loads` fails on a text, so that our errors for malformed JSON
 * read like upstream's: FastAPI's 422 `json_invalid` (`loc: ["body", e.pos]`,
 * `ctx.error: e.msg`), `/ws`'s "Invalid JSON: {e}" and WebSocket `/mcp`'s "Parse error: {e}",
 * where `str(e)` is "msg: line L column C (char P)".
 *
 * A transcription of CPython 3.11's C scanner (Modules/_json.c: scan_once_unicode,
 * _parse_object_unicode, _parse_array_unicode, scanstring_unicode, _match_number_unicode) and
 * `json.decoder.JSONDecoder.decode` ("Extra data"), reporting its first error with the same
 * message and position. Positions count code points, as Python strings do. Two deliberate
 * differences: NaN/Infinity are refused ("Expecting value"), since our JSON parser refuses
 * them; and texts nested beyond MAX_DEPTH get no Python description (Python itself gives up
 * with a RecursionError near 1000 levels).
 */
export interface PythonJsonError {
  /** `JSONDecodeError.msg`, e.g. "Expecting value". */
  readonly message: string;
  /** `JSONDecodeError.pos`, in code points. */
  readonly position: number;
  /** `str(JSONDecodeError)`: "Expecting value: line 1 column 1 (char 0)". */
  readonly text: string;
}

const MAX_DEPTH = 512;

class DecodeError {
  readonly message: string;
  readonly index: number;
  constructor(message: string, index: number) {
    this.message = message;
    this.index = index;
  }
}

class TooDeep {}

/** The error `json.loads(text)` raises, or undefined if Python would parse it (or we cannot say). */
export function pythonJsonError(text: string): PythonJsonError | undefined {
  try {
    if (text.startsWith('\ufeff')) throw new DecodeError('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
    const end = skipSpace(text, scanValue(text, skipSpace(text, 0), 0));
    if (end !== text.length) throw new DecodeError('Extra data', end);
    return undefined;
  } catch (error) {
    if (error instanceof TooDeep) return undefined;
    if (!(error instanceof DecodeError)) throw error;
    const before = [...text.slice(0, error.index)];
    const position = before.length;
    const lastNewline = before.lastIndexOf('\n');
    const line = before.filter((char) => char === '\n').length + 1;
    const column = position - lastNewline;
    return { message: error.message, position, text: `${error.message}: line ${line} column ${column} (char ${position})` };
  }
}

function skipSpace(s: string, index: number): number {
  let i = index;
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
  return i;
}

/** scan_once_unicode: the end of the value at `index`; a failure to start one is "Expecting value" there. */
function scanValue(s: string, index: number, depth: number): number {
  if (depth > MAX_DEPTH) throw new TooDeep();
  switch (s[index]) {
    case '"':
      return scanString(s, index + 1);
    case '{':
      return scanObject(s, index + 1, depth + 1);
    case '[':
      return scanArray(s, index + 1, depth + 1);
    case 'n':
      if (s.startsWith('null', index)) return index + 4;
      break;
    case 't':
      if (s.startsWith('true', index)) return index + 4;
      break;
    case 'f':
      if (s.startsWith('false', index)) return index + 5;
      break;
  }
  return scanNumber(s, index);
}

function scanObject(s: string, start: number, depth: number): number {
  let i = skipSpace(s, start);
  if (s[i] === '}') return i + 1;
  for (;;) {
    if (s[i] !== '"') throw new DecodeError('Expecting property name enclosed in double quotes', i);
    i = skipSpace(s, scanString(s, i + 1));
    if (s[i] !== ':') throw new DecodeError("Expecting ':' delimiter", i);
    i = skipSpace(s, scanValue(s, skipSpace(s, i + 1), depth));
    if (s[i] === '}') return i + 1;
    if (s[i] !== ',') throw new DecodeError("Expecting ',' delimiter", i);
    i = skipSpace(s, i + 1);
  }
}

function scanArray(s: string, start: number, depth: number): number {
  let i = skipSpace(s, start);
  if (s[i] === ']') return i + 1;
  for (;;) {
    i = skipSpace(s, scanValue(s, i, depth));
    if (s[i] === ']') return i + 1;
    if (s[i] !== ',') throw new DecodeError("Expecting ',' delimiter", i);
    i = skipSpace(s, i + 1);
  }
}

const isDigit = (char: string | undefined) => char !== undefined && char >= '0' && char <= '9';

/** _match_number_unicode: the longest JSON number at `start`; a fraction or exponent without digits is left unread. */
function scanNumber(s: string, start: number): number {
  let i = start;
  if (s[i] === '-') i++;
  if (s[i] === '0') {
    i++;
  } else if (isDigit(s[i])) {
    while (isDigit(s[i])) i++;
  } else {
    throw new DecodeError('Expecting value', start);
  }
  if (s[i] === '.' && isDigit(s[i + 1])) {
    i += 2;
    while (isDigit(s[i])) i++;
  }
  if (s[i] === 'e' || s[i] === 'E') {
    const exponentStart = i++;
    if (s[i] === '-' || s[i] === '+') i++;
    while (isDigit(s[i])) i++;
    if (!isDigit(s[i - 1])) i = exponentStart;
  }
  return i;
}

const SIMPLE_ESCAPES = '"\\/bfnrt';

/** scanstring_unicode, strict: from just after the opening quote to just after the closing one. */
function scanString(s: string, afterQuote: number): number {
  const begin = afterQuote - 1;
  let end = afterQuote;
  for (;;) {
    let next = end;
    while (next < s.length && s[next] !== '"' && s[next] !== '\\') {
      if (s.charCodeAt(next) <= 0x1f) throw new DecodeError('Invalid control character at', next);
      next++;
    }
    if (next >= s.length) throw new DecodeError('Unterminated string starting at', begin);
    if (s[next] === '"') return next + 1;
    next++; // past the backslash
    if (next === s.length) throw new DecodeError('Unterminated string starting at', begin);
    if (s[next] !== 'u') {
      end = next + 1;
      if (!SIMPLE_ESCAPES.includes(s[next] as string)) throw new DecodeError('Invalid \\escape', end - 2);
      continue;
    }
    next++;
    end = next + 4;
    if (end >= s.length) throw new DecodeError('Invalid \\uXXXX escape', next - 1);
    const code = hexQuad(s, next, end);
    // A high surrogate may be followed by the escape of its low half; C reads it the same way.
    if (code >= 0xd800 && code <= 0xdbff && end + 6 < s.length && s[end] === '\\' && s[end + 1] === 'u') {
      const low = hexQuad(s, end + 2, end + 6);
      end = low >= 0xdc00 && low <= 0xdfff ? end + 6 : end;
    }
  }
}

function hexQuad(s: string, from: number, to: number): number {
  let code = 0;
  for (let i = from; i < to; i++) {
    const digit = parseInt(s[i] as string, 16);
    if (Number.isNaN(digit)) throw new DecodeError('Invalid \\uXXXX escape', to - 5);
    code = code * 16 + digit;
  }
  return code;
}
