/**
 * How Python prints JSON values, for the texts OpenEnv's server builds with Python: pydantic's
 * `str(ValidationError)` (`input_value=…, input_type=…`), literal lists in error messages, and
 * float literals (`repr(float)`, which `json.dumps` and FastAPI's responses use).
 *
 * A JSON number whose value is integral reads as a Python int, any other as a float: that is
 * what `json.loads` makes of the text a client sends (JavaScript cannot tell `1.0` from `1`).
 */
import { pythonFloatRepr } from '@verilab/core';

export { pythonFloatRepr };

/** Python's `repr()` of a parsed JSON value. */
export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? pythonInt(value) : pythonFloatRepr(value);
  if (typeof value === 'string') return pythonStringRepr(value);
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value).map(([key, item]) => `${pythonStringRepr(key)}: ${pythonRepr(item)}`).join(', ')}}`;
  }
  return String(value);
}

/** Python's `str()`: strings as they are, everything else as its repr. */
export function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

/** The name of the Python type `json.loads` makes of a value (`type(x).__name__`). */
export function pythonTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  return Array.isArray(value) ? 'list' : 'dict';
}

/** An integral number as Python prints the int (all digits, where JavaScript switches to 1e+21). */
export function pythonInt(value: number): string {
  return Math.abs(value) < 1e21 ? String(value === 0 ? 0 : value) : BigInt(value).toString();
}

/** Characters `str.isprintable()` rejects (besides the ASCII ones handled first). */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/** `repr(str)` (CPython `unicode_repr`): single quotes unless only double quotes avoid escaping. */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\t') out += '\\t';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${hex(code, 2)}`;
    else if (code < 0x7f || !NOT_PRINTABLE.test(char)) out += char;
    else if (code <= 0xff) out += `\\x${hex(code, 2)}`;
    else if (code <= 0xffff) out += `\\u${hex(code, 4)}`;
    else out += `\\U${hex(code, 8)}`;
  }
  return out + quote;
}

/** pydantic-core shortens `input_value` reprs over 50 characters to their first 25 and last 24. */
export function truncateRepr(repr: string): string {
  const chars = [...repr];
  return chars.length > 50 ? `${chars.slice(0, 25).join('')}...${chars.slice(-24).join('')}` : repr;
}

function hex(code: number, width: number): string {
  return code.toString(16).padStart(width, '0');
}
