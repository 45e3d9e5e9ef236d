import { z } from 'zod';

/**
 * Reading zod models as pydantic field types, for lax coercion (pydantic-lax.ts) and for naming
 * validation errors (pydantic-errors.ts): zod's own issues say `expected: "number"` for an int
 * given a string, where pydantic says `int_parsing`, so both need the field's declared type.
 */
export type Schema = z.core.$ZodType;

/** The pydantic type a zod schema stands for. */
export type FieldKind = 'int' | 'float' | 'bool' | 'str' | 'null' | 'list' | 'dict' | 'model' | 'union' | 'literal' | 'other';

/** The parts of zod's internal definitions read here (zod 4 `_zod.def`). */
interface Def {
  readonly type: string;
  readonly innerType?: Schema;
  readonly in?: Schema;
  readonly getter?: () => Schema;
  readonly shape?: Readonly<Record<string, Schema>>;
  readonly catchall?: Schema;
  readonly element?: Schema;
  readonly valueType?: Schema;
  readonly options?: readonly Schema[];
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'nonoptional', 'readonly', 'catch']);

export function defOf(schema: Schema): Def {
  return schema._zod.def as unknown as Def;
}

/** The schema a present, non-null value is checked against: optional/nullable/default etc. peeled. */
export function peel(schema: Schema): Schema {
  let node = schema;
  for (;;) {
    const def = defOf(node);
    if (WRAPPERS.has(def.type) && def.innerType !== undefined) node = def.innerType;
    else if (def.type === 'pipe' && def.in !== undefined) node = def.in;
    else if (def.type === 'lazy' && def.getter !== undefined) node = def.getter();
    else return node;
  }
}

export function kindOf(schema: Schema): FieldKind {
  const node = peel(schema);
  const def = defOf(node);
  switch (def.type) {
    case 'number':
      // zod classic's `isInt`: z.int(), z.number().int() and the fixed-width int formats.
      return (node as { readonly isInt?: boolean }).isInt === true ? 'int' : 'float';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'str';
    case 'null':
      return 'null';
    case 'array':
      return 'list';
    case 'record':
      return 'dict';
    case 'object':
      return titleOf(node) === undefined ? 'dict' : 'model';
    case 'union':
      return 'union';
    case 'literal':
    case 'enum':
      return 'literal';
    default:
      return 'other';
  }
}

/** A model's class name: its `.meta({ title })`. */
export function titleOf(schema: Schema): string | undefined {
  const title = z.globalRegistry.get(peel(schema))?.title;
  return typeof title === 'string' ? title : undefined;
}

/** The schema of `key` inside `schema` (an object field, a record value, an array item). */
export function childOf(schema: Schema, key: string | number): Schema | undefined {
  const node = peel(schema);
  const def = defOf(node);
  switch (def.type) {
    case 'object':
      return (typeof key === 'string' && def.shape !== undefined && Object.hasOwn(def.shape, key) ? def.shape[key] : undefined) ?? def.catchall;
    case 'record':
      return def.valueType;
    case 'array':
      return def.element;
    default:
      return undefined;
  }
}

export function schemaAt(schema: Schema | undefined, path: readonly (string | number)[]): Schema | undefined {
  let node = schema;
  for (const key of path) {
    if (node === undefined) return undefined;
    node = childOf(node, key);
  }
  return node;
}
