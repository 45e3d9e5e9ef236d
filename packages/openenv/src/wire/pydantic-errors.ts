import type { z } from 'zod';

/**
 * Validation errors in pydantic v2's shape (`ValidationError.errors()`), because OpenEnv
 * clients and FastAPI users read them: `{type, loc, msg, input[, ctx][, url]}` with pydantic's
 * type names and messages (pydantic-core's `ErrorType` table). FastAPI's own 422 bodies leave
 * out `url`; OpenEnv's action errors keep it (openenv.md §1.4, §1.5).
 */
export type Loc = readonly (string | number)[];

export interface PydanticError {
  readonly type: string;
  readonly loc: Loc;
  readonly msg: string;
  readonly input: unknown;
  readonly ctx?: Readonly<Record<string, unknown>>;
  readonly url?: string;
}

export const PYDANTIC_ERRORS_URL = 'https://errors.pydantic.dev/2.13/v/';

export interface ConvertOptions {
  /** Prepended to every `loc`, e.g. `["body"]` for FastAPI request bodies. */
  readonly locPrefix?: Loc;
  readonly withUrl: boolean;
}

/** Builds one error; `url` is added when asked, as pydantic does. */
export function pydanticError(
  type: string,
  loc: Loc,
  msg: string,
  input: unknown,
  withUrl: boolean,
  ctx?: Record<string, unknown>,
): PydanticError {
  return {
    type,
    loc,
    msg,
    input: input === undefined ? null : input,
    ...(ctx === undefined ? {} : { ctx }),
    ...(withUrl ? { url: `${PYDANTIC_ERRORS_URL}${type}` } : {}),
  };
}

/**
 * Converts zod issues (parsed with `reportInput: true`) for the value `root`. A missing field's
 * `input` is its parent object, as in pydantic.
 */
export function toPydanticErrors(
  issues: readonly z.core.$ZodIssue[],
  root: unknown,
  options: ConvertOptions,
): PydanticError[] {
  const prefix = options.locPrefix ?? [];
  const out: PydanticError[] = [];
  const visit = (issue: z.core.$ZodIssue, base: Loc) => {
    const path = [...base, ...issue.path.map((key) => (typeof key === 'number' ? key : String(key)))];
    const loc = [...prefix, ...path];
    const make = (type: string, msg: string, ctx?: Record<string, unknown>, input: unknown = issue.input) =>
      out.push(pydanticError(type, loc, msg, input, options.withUrl, ctx));
    if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) {
      make('missing', 'Field required', undefined, valueAt(root, path.slice(0, -1)));
      return;
    }
    switch (issue.code) {
      case 'invalid_type': {
        const [type, msg] = typeError(issue.expected, issue.input);
        make(type, msg);
        return;
      }
      case 'unrecognized_keys':
        for (const key of issue.keys) {
          out.push(
            pydanticError('extra_forbidden', [...loc, key], 'Extra inputs are not permitted', valueAt(root, [...path, key]), options.withUrl),
          );
        }
        return;
      case 'too_small':
        make(...boundError('min', issue.origin, Number(issue.minimum), issue.inclusive !== false, issue.input));
        return;
      case 'too_big':
        make(...boundError('max', issue.origin, Number(issue.maximum), issue.inclusive !== false, issue.input));
        return;
      case 'invalid_union':
        // pydantic reports each failed member; zod's branches carry their own issues.
        if (issue.errors.length === 0) make('union_tag_invalid', issue.message);
        for (const branch of issue.errors) for (const inner of branch) visit(inner, path);
        return;
      case 'invalid_value': {
        const expected = issue.values.map(pythonRepr).join(' or ');
        make('literal_error', `Input should be ${expected}`, { expected });
        return;
      }
      default:
        make('value_error', `Value error, ${issue.message}`, { error: issue.message });
    }
  };
  for (const issue of issues) visit(issue, []);
  return dedupe(out);
}

function typeError(expected: string, input: unknown): [string, string] {
  switch (expected) {
    case 'string':
      return ['string_type', 'Input should be a valid string'];
    case 'int':
      return typeof input === 'number' && Number.isFinite(input) && !Number.isInteger(input)
        ? ['int_from_float', 'Input should be a valid integer, got a number with a fractional part']
        : ['int_type', 'Input should be a valid integer'];
    case 'number':
      return ['float_type', 'Input should be a valid number'];
    case 'boolean':
      return ['bool_type', 'Input should be a valid boolean'];
    case 'array':
      return ['list_type', 'Input should be a valid list'];
    case 'object':
    case 'record':
      return ['dict_type', 'Input should be a valid dictionary'];
    case 'null':
      return ['none_required', 'Input should be None'];
    default:
      return ['value_error', `Input should be a valid ${expected}`];
  }
}

function boundError(
  side: 'min' | 'max',
  origin: string,
  bound: number,
  inclusive: boolean,
  input: unknown,
): [string, string, Record<string, unknown>] {
  if (origin === 'string') {
    const noun = bound === 1 ? 'character' : 'characters';
    return side === 'min'
      ? ['string_too_short', `String should have at least ${bound} ${noun}`, { min_length: bound }]
      : ['string_too_long', `String should have at most ${bound} ${noun}`, { max_length: bound }];
  }
  if (origin === 'array') {
    const actual = Array.isArray(input) ? input.length : 0;
    const noun = bound === 1 ? 'item' : 'items';
    return side === 'min'
      ? ['too_short', `List should have at least ${bound} ${noun} after validation, not ${actual}`, { field_type: 'List', min_length: bound, actual_length: actual }]
      : ['too_long', `List should have at most ${bound} ${noun} after validation, not ${actual}`, { field_type: 'List', max_length: bound, actual_length: actual }];
  }
  if (side === 'min') {
    return inclusive
      ? ['greater_than_equal', `Input should be greater than or equal to ${bound}`, { ge: bound }]
      : ['greater_than', `Input should be greater than ${bound}`, { gt: bound }];
  }
  return inclusive
    ? ['less_than_equal', `Input should be less than or equal to ${bound}`, { le: bound }]
    : ['less_than', `Input should be less than ${bound}`, { lt: bound }];
}

function valueAt(root: unknown, path: Loc): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Python's repr of a literal, as pydantic's messages print it. */
function pythonRepr(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

function dedupe(errors: PydanticError[]): PydanticError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.type}\u0000${error.loc.join('\u0000')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
