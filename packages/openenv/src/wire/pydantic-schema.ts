import { z } from 'zod';

/**
 * JSON Schemas in the style of pydantic v2's `model_json_schema()`, which OpenEnv's `/schema`
 * serves and clients (and the web UI) render: every property titled from its name
 * (`raw_response` → "Raw Response"), `additionalProperties` from the model's `extra` policy,
 * keys sorted as pydantic sorts them (alphabetically, except the order of `properties`, which
 * is field order), plain `{"type": "integer"}` for ints and `true` for free-form dicts.
 *
 * Built from the same zod models that validate requests, so schema and validation cannot drift.
 */
export type JsonSchema = { [key: string]: unknown };

const SAFE_INT_BOUNDS = new Set([Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]);

export function pydanticSchema(model: z.ZodType): JsonSchema {
  const raw = z.toJSONSchema(model, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete raw.$schema;
  return sortKeys(normalize(raw)) as JsonSchema;
}

/** pydantic's field title: `snake_case` → "Snake Case" (str.title() after replacing "_"). */
export function fieldTitle(name: string): string {
  return name
    .split('_')
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join(' ');
}

function normalize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalize);
  if (node === null || typeof node !== 'object') return node;
  const schema: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    schema[key] = key === 'default' || key === 'examples' || key === 'const' ? value : normalize(value);
  }
  if (Array.isArray(schema.type)) splitTypeList(schema);
  if (schema.type === 'integer') {
    if (SAFE_INT_BOUNDS.has(schema.minimum as number)) delete schema.minimum;
    if (SAFE_INT_BOUNDS.has(schema.maximum as number)) delete schema.maximum;
  }
  if (schema.type === 'object' && !('properties' in schema)) {
    // A free-form dict (zod record of string → unknown): pydantic writes additionalProperties: true.
    delete schema.propertyNames;
    if (isEmpty(schema.additionalProperties)) schema.additionalProperties = true;
  }
  if (isObject(schema.properties)) {
    for (const [name, property] of Object.entries(schema.properties)) {
      if (isObject(property) && !('title' in property)) property.title = fieldTitle(name);
    }
    if (isEmpty(schema.additionalProperties)) schema.additionalProperties = true;
  }
  if (Array.isArray(schema.anyOf)) schema.anyOf = flattenAnyOf(schema.anyOf);
  return schema;
}

/** Annotations stay outside a union; everything else belongs to its type (pydantic's layout). */
const ANNOTATIONS = new Set(['default', 'description', 'title', 'examples']);

/** zod writes `{"type": ["string", "null"]}`; pydantic writes `anyOf` with one type each. */
function splitTypeList(schema: JsonSchema): void {
  const types = schema.type as string[];
  const constraints: JsonSchema = {};
  for (const key of Object.keys(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    if (key !== 'type') constraints[key] = schema[key];
    delete schema[key];
  }
  schema.anyOf = types.map((type) => (type === 'null' ? { type } : normalize({ ...constraints, type })));
}

/** `Optional[Union[a, b]]` is one flat `anyOf` in pydantic, nested ones in zod. */
function flattenAnyOf(options: unknown[]): unknown[] {
  return options.flatMap((option) =>
    isObject(option) && Array.isArray(option.anyOf) && Object.keys(option).length === 1 ? flattenAnyOf(option.anyOf) : [option],
  );
}

function sortKeys(node: unknown, keepOrder = false): unknown {
  if (Array.isArray(node)) return node.map((item) => sortKeys(item));
  if (node === null || typeof node !== 'object') return node;
  const keys = Object.keys(node);
  if (!keepOrder) keys.sort();
  const out: JsonSchema = {};
  for (const key of keys) {
    const value = (node as JsonSchema)[key];
    if (key === 'default' || key === 'examples' || key === 'const') out[key] = value;
    else out[key] = sortKeys(value, !keepOrder && (key === 'properties' || key === '$defs'));
  }
  return out;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmpty(value: unknown): boolean {
  return isObject(value) && Object.keys(value).length === 0;
}
