import type { z } from 'zod';
import { boundedInput, MAX_MESSAGE_CHARS, MAX_REPORTED_ERRORS, shortText } from './bounded-echo.ts';
import { defOf, kindOf, peel, schemaAt, titleOf, type Schema } from './zod-nodes.ts';

/**
 * Validation errors in pydantic v2's shape (`ValidationError.errors()`), because OpenEnv
 * clients and FastAPI users read them: `{type, loc, msg, input[, ctx][, url]}` with pydantic's
 * type names and messages (pydantic-core's `ErrorType` table, checked against pydantic 2.13 in
 * Python mode, which is how FastAPI and OpenEnv validate). FastAPI's own 422 bodies leave out
 * `url`; OpenEnv's action errors keep it (docs/wire-contract.md#reset, #step).
 *
 * zod's issues do not say which pydantic type failed (an int given "x" is `expected: "number"`),
 * so each issue is read against the model: the field's declared type and the client's original
 * input decide the error, e.g. `int_parsing` for a string, `int_from_float` for 2.5.
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
  /** FastAPI validates bodies with `from_attributes`, which renames a nested model's type error. */
  readonly fromAttributes?: boolean;
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
    loc: loc.map((part) => (typeof part === 'string' ? shortText(part) : part)),
    msg: shortText(msg, MAX_MESSAGE_CHARS),
    input: input === undefined ? null : boundedInput(input),
    ...(ctx === undefined ? {} : { ctx }),
    ...(withUrl ? { url: `${PYDANTIC_ERRORS_URL}${type}` } : {}),
  };
}

type Found = [type: string, msg: string, ctx?: Record<string, unknown>];

/** Where an issue sits: in the input (`path`), in the reported `loc` (union members add a tag) and in the model. */
interface Scope {
  readonly path: Loc;
  readonly loc: Loc;
  readonly schema: Schema | undefined;
}

/**
 * Converts the zod issues of validating `root` (the client's input, before lax coercion) against
 * `model`. A missing field's `input` is its parent object, as in pydantic.
 */
export function toPydanticErrors(issues: readonly z.core.$ZodIssue[], root: unknown, model: Schema, options: ConvertOptions): PydanticError[] {
  const prefix = options.locPrefix ?? [];
  const out: PydanticError[] = [];
  const visit = (issue: z.core.$ZodIssue, scope: Scope) => {
    const relative = issue.path.filter((key) => typeof key !== 'symbol');
    const path = [...scope.path, ...relative];
    const loc = [...prefix, ...scope.loc, ...relative];
    const node = schemaAt(scope.schema, relative);
    const input = valueAt(root, path);
    const make = ([type, msg, ctx]: Found, at: Loc = loc, value: unknown = input) => out.push(pydanticError(type, at, msg, value, options.withUrl, ctx));
    if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined && input === undefined) {
      make(['missing', 'Field required'], loc, valueAt(root, path.slice(0, -1)));
      return;
    }
    switch (issue.code) {
      case 'invalid_type':
        make(typeError(node, issue.expected, input, options.fromAttributes === true));
        return;
      case 'unrecognized_keys':
        for (const key of issue.keys) make(['extra_forbidden', 'Extra inputs are not permitted'], [...loc, key], valueAt(root, [...path, key]));
        return;
      case 'too_small':
        make(boundError('min', issue.origin, Number(issue.minimum), issue.inclusive !== false, input));
        return;
      case 'too_big':
        make(boundError('max', issue.origin, Number(issue.maximum), issue.inclusive !== false, input));
        return;
      case 'invalid_union':
        visitUnion(issue, node, { path, loc: [...scope.loc, ...relative], schema: node }, visit);
        if (issue.errors.length === 0) make(['union_tag_invalid', issue.message]);
        return;
      case 'invalid_value': {
        const expected = listOr(issue.values.map((value) => JSON.stringify(value) ?? String(value)));
        make(['literal_error', `Input should be ${expected}`, { expected }]);
        return;
      }
      case 'not_multiple_of':
        make(['multiple_of', `Input should be a multiple of ${String(issue.divisor)}`, { multiple_of: issue.divisor }]);
        return;
      case 'invalid_format':
        if (issue.format === 'regex' && 'pattern' in issue) {
          make(['string_pattern_mismatch', `String should match pattern '${String(issue.pattern)}'`, { pattern: issue.pattern }]);
          return;
        }
        make(['value_error', `Value error, ${issue.message}`, { error: issue.message }]);
        return;
      default:
        make(['value_error', `Value error, ${issue.message}`, { error: issue.message }]);
    }
  };
  for (const issue of issues) visit(issue, { path: [], loc: [], schema: model });
  return dedupe(out).slice(0, MAX_REPORTED_ERRORS);
}

/**
 * pydantic reports every member of a failed union, each under a tag naming the member
 * (`id.str`, `id.int`); `Optional[...]`'s None member is no member of its own.
 */
function visitUnion(issue: z.core.$ZodIssueInvalidUnion, node: Schema | undefined, scope: Scope, visit: (issue: z.core.$ZodIssue, scope: Scope) => void): void {
  const options = node !== undefined && kindOf(node) === 'union' ? (defOf(peel(node)).options ?? []) : [];
  const members = issue.errors.map((errors, index) => ({ errors, schema: options[index] }));
  const real = members.filter((member) => member.schema === undefined || kindOf(member.schema) !== 'null');
  for (const member of real) {
    const tag = real.length > 1 && member.schema !== undefined ? [unionTag(member.schema)] : [];
    for (const inner of member.errors) visit(inner, { path: scope.path, loc: [...scope.loc, ...tag], schema: member.schema });
  }
}

/** pydantic's name for a union member in `loc`: the Python type, or a model's class name. */
function unionTag(schema: Schema): string {
  const kind = kindOf(schema);
  switch (kind) {
    case 'model':
      return titleOf(schema) ?? 'dict';
    case 'list': {
      const element = defOf(peel(schema)).element;
      return `list[${element === undefined ? 'any' : unionTag(element)}]`;
    }
    default:
      return kind;
  }
}

function typeError(node: Schema | undefined, expected: string, input: unknown, fromAttributes: boolean): Found {
  const kind = node === undefined ? zodKind(expected) : kindOf(node);
  switch (kind) {
    case 'int':
      if (typeof input === 'string') return ['int_parsing', 'Input should be a valid integer, unable to parse string as an integer'];
      if (typeof input === 'number' && Number.isFinite(input) && !Number.isInteger(input)) {
        return ['int_from_float', 'Input should be a valid integer, got a number with a fractional part'];
      }
      return ['int_type', 'Input should be a valid integer'];
    case 'float':
      return typeof input === 'string' ? ['float_parsing', 'Input should be a valid number, unable to parse string as a number'] : ['float_type', 'Input should be a valid number'];
    case 'bool':
      // A string, or a whole number other than 0/1, "cannot be interpreted"; 1.5 is no boolean at all.
      return typeof input === 'string' || (typeof input === 'number' && Number.isInteger(input))
        ? ['bool_parsing', 'Input should be a valid boolean, unable to interpret input']
        : ['bool_type', 'Input should be a valid boolean'];
    case 'str':
      return ['string_type', 'Input should be a valid string'];
    case 'list':
      return ['list_type', 'Input should be a valid list'];
    case 'model': {
      if (fromAttributes) return ['model_attributes_type', 'Input should be a valid dictionary or object to extract fields from'];
      const name = titleOf(node as Schema) ?? 'Model';
      return ['model_type', `Input should be a valid dictionary or instance of ${name}`, { class_name: name }];
    }
    case 'dict':
      return ['dict_type', 'Input should be a valid dictionary'];
    case 'null':
      return ['none_required', 'Input should be None'];
    default:
      return ['value_error', `Value error, ${expected}`, { error: expected }];
  }
}

/** Without the model, zod's `expected` is all there is. */
function zodKind(expected: string): string {
  const kinds: Record<string, string> = { int: 'int', number: 'float', boolean: 'bool', string: 'str', array: 'list', object: 'dict', record: 'dict', null: 'null' };
  return kinds[expected] ?? expected;
}

function boundError(side: 'min' | 'max', origin: string, bound: number, inclusive: boolean, input: unknown): Found {
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

/**
 * The errors as one line for a message (JSON-RPC's "Invalid request: …"): each error's dotted
 * location, message and type code, e.g. "jsonrpc: Field required [missing]; id: …".
 */
export function errorsText(errors: readonly PydanticError[]): string {
  return errors.map((e) => `${e.loc.length > 0 ? `${e.loc.join('.')}: ` : ''}${e.msg} [${e.type}]`).join('; ');
}

/** A list of choices as pydantic words it: `"a", "b" or "c"`. */
function listOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function valueAt(root: unknown, path: Loc): unknown {
  let node = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
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
