import { z } from 'zod';
import { isPlainObject } from './json-body.ts';
import { defOf, kindOf, peel, type Schema } from './zod-nodes.ts';

/**
 * pydantic v2's lax mode, which OpenEnv's models validate in (FastAPI bodies, `model_validate`
 * of actions, the WebSocket envelopes): before zod checks a value, the inputs pydantic would
 * accept for a field are converted to the field's type (checked against pydantic 2.13):
 *
 * - int: `true`/`false` → 1/0; a string of digits, optionally signed, `_`-grouped, with
 *   surrounding whitespace or a fraction of zeros (`" 5 "`, `"1_000"`, `"5.00"`) → the number.
 *   (`"5.5"`, `"1e3"` and `"0x10"` stay strings and fail as `int_parsing`.)
 * - float: booleans → 1/0; a decimal string (`"1.5"`, `".5"`, `"5."`, `"1e-3"`) → the number.
 *   pydantic would also take `"inf"` and `"nan"`; we refuse non-finite numbers (they fail as
 *   `float_parsing`), because no environment here can use one.
 * - bool: 0/1 and the strings 0/1, false/true, f/t, no/yes, n/y, off/on in any case → boolean.
 * - str, list, dict, literal: no coercion (pydantic's lax mode has none from JSON inputs).
 * - `Union[str, int]`: a member the value already matches wins, else the first member it can
 *   be coerced into (pydantic's "smart" union mode).
 *
 * Values that cannot be converted are left as they are, so zod rejects them and
 * pydantic-errors.ts names the failure the way pydantic would. The input is never mutated.
 */
export function laxInput(schema: Schema, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const node = peel(schema);
  const def = defOf(node);
  switch (def.type) {
    case 'number':
      return kindOf(node) === 'int' ? laxInt(value) : laxFloat(value);
    case 'boolean':
      return laxBool(value);
    case 'object':
      return isPlainObject(value) ? laxEntries(value, (key) => (def.shape !== undefined && Object.hasOwn(def.shape, key) ? def.shape[key] : def.catchall)) : value;
    case 'record':
      return isPlainObject(value) && def.valueType !== undefined ? laxEntries(value, () => def.valueType) : value;
    case 'array': {
      if (!Array.isArray(value) || def.element === undefined) return value;
      const element = def.element;
      const items = value.map((item) => laxInput(element, item));
      return items.some((item, index) => item !== value[index]) ? items : value;
    }
    case 'union':
      return laxUnion(def.options ?? [], value);
    default:
      return value;
  }
}

function laxEntries(value: Record<string, unknown>, fieldSchema: (key: string) => Schema | undefined): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const schema = fieldSchema(key);
    if (schema === undefined) continue;
    const coerced = laxInput(schema, item);
    if (coerced === item) continue;
    copy ??= { ...value };
    // Defined, not assigned: a "__proto__" key from JSON.parse stays a plain property.
    Object.defineProperty(copy, key, { value: coerced, enumerable: true, writable: true, configurable: true });
  }
  return copy ?? value;
}

function laxUnion(options: readonly Schema[], value: unknown): unknown {
  if (options.some((option) => z.safeParse(option, value).success)) return value;
  for (const option of options) {
    const coerced = laxInput(option, value);
    if (coerced !== value && z.safeParse(option, coerced).success) return coerced;
  }
  return value;
}

const INT_TEXT = /^\s*([+-]?\d+(?:_\d+)*)(?:\.0+)?\s*$/;
const FLOAT_TEXT = /^\s*[+-]?(?:\d+(?:_\d+)*(?:\.(?:\d+(?:_\d+)*)?)?|\.\d+(?:_\d+)*)(?:[eE][+-]?\d+(?:_\d+)*)?\s*$/;
const TRUE_TEXT = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_TEXT = new Set(['0', 'off', 'f', 'false', 'n', 'no']);

function laxInt(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string') return value;
  const digits = INT_TEXT.exec(value)?.[1];
  return digits === undefined ? value : Number(digits.replaceAll('_', '')) + 0; // + 0 turns "-0" into 0, as Python's int does
}

function laxFloat(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value !== 'string' || !FLOAT_TEXT.test(value)) return value;
  const number = Number(value.replaceAll('_', '').trim());
  return Number.isFinite(number) ? number : value;
}

function laxBool(value: unknown): unknown {
  if (value === 0 || value === 1) return value === 1;
  if (typeof value !== 'string') return value;
  const text = value.toLowerCase();
  return TRUE_TEXT.has(text) ? true : FALSE_TEXT.has(text) ? false : value;
}
