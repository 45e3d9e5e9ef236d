import { pythonFloatRepr, pythonInt } from './python-repr.ts';

/**
 * JSON as Python's `json.dumps(value)` writes it with its defaults: `", "` and `": "`
 * separators, ASCII only (`\uXXXX` with lowercase hex, astral characters as surrogate pairs),
 * floats as `repr(float)`, NaN and infinities as `NaN`/`Infinity` (allow_nan). OpenEnv's
 * WebSocket `/mcp` endpoint sends its replies this way (`JsonRpcResponse.model_dump_json` is
 * overridden to call `json.dumps`, docs/wire-contract.md#mcp), unlike every other endpoint.
 *
 * Keys with an undefined value are left out and undefined array items written `null`, as
 * JSON.stringify does, so the same values serialise the same way on every transport.
 */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return pythonJsonNumber(value);
    case 'string':
      return asciiString(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
      return `{${Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => `${asciiString(key)}: ${pythonJsonDumps(item)}`)
        .join(', ')}}`;
    default:
      return 'null';
  }
}

function pythonJsonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return Number.isInteger(value) ? pythonInt(value) : pythonFloatRepr(value);
}

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `json.encoder.encode_basestring_ascii`: everything outside printable ASCII escaped, per UTF-16 unit. */
function asciiString(text: string): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    const code = text.charCodeAt(i);
    const short = SHORT_ESCAPES[char];
    if (short !== undefined) out += short;
    else if (code >= 0x20 && code <= 0x7e) out += char;
    else out += `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}
