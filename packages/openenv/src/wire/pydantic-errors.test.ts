import type { Result } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorsText } from './pydantic-errors.ts';
import { validateModel } from './pydantic-validate.ts';

// Expected errors are what pydantic 2.13 reports (Python mode, as FastAPI and OpenEnv validate)
// for the same inputs against the equivalent pydantic model.
const Sub = z.strictObject({ x: z.int() }).meta({ title: 'Sub' });
const Model = z.strictObject({
  name: z.string(),
  seed: z.int().min(0).nullable().optional(),
  ids: z.array(z.int()).max(2).optional(),
  rate: z.number().gt(0).optional(),
  flag: z.boolean().optional(),
  kind: z.literal('reset').optional(),
  mode: z.enum(['a', 'b', 'c']).optional(),
  extra_data: z.record(z.string(), z.unknown()).optional(),
  sub: Sub.nullable().optional(),
  either: z.union([z.string(), z.int()]).nullable().optional(),
});

/** The errors of a validation that must fail (the test fails when it passes). */
function issuesOf<T, E>(checked: Result<T, E>): readonly E[] {
  if (checked.ok) throw new Error(`expected a validation failure, got ${JSON.stringify(checked.value)}`);
  return checked.issues;
}
const errorsOf = (input: unknown, withUrl = false) => issuesOf(validateModel(Model, input, { withUrl }));
const brief = (input: unknown) => errorsOf(input).map((e) => [e.type, e.loc.join('.'), e.msg]);

describe('pydantic errors', () => {
  it('reports a missing field with its parent as input, like pydantic', () => {
    expect(errorsOf({})).toEqual([{ type: 'missing', loc: ['name'], msg: 'Field required', input: {} }]);
  });

  it('writes FastAPI’s example for a negative seed byte for byte', () => {
    const detail = issuesOf(validateModel(z.object({ seed: z.int().min(0) }), { seed: -1 }, { locPrefix: ['body'], withUrl: false }));
    expect(JSON.stringify({ detail })).toBe(
      '{"detail":[{"type":"greater_than_equal","loc":["body","seed"],"msg":"Input should be greater than or equal to 0","input":-1,"ctx":{"ge":0}}]}',
    );
  });

  it('splits unknown keys into one extra_forbidden each, with url when asked', () => {
    expect(errorsOf({ name: 'a', x: 1, y: [2] }, true)).toEqual([
      { type: 'extra_forbidden', loc: ['x'], msg: 'Extra inputs are not permitted', input: 1, url: 'https://errors.pydantic.dev/2.13/v/extra_forbidden' },
      { type: 'extra_forbidden', loc: ['y'], msg: 'Extra inputs are not permitted', input: [2], url: 'https://errors.pydantic.dev/2.13/v/extra_forbidden' },
    ]);
  });

  it('names type errors by the declared field type, not by what zod expected', () => {
    expect(brief({ name: 3, seed: 'abc', ids: [1, 2.5], rate: 'x', flag: 2, kind: 'step' })).toEqual([
      ['string_type', 'name', 'Input should be a valid string'],
      ['int_parsing', 'seed', 'Input should be a valid integer, unable to parse string as an integer'],
      ['int_from_float', 'ids.1', 'Input should be a valid integer, got a number with a fractional part'],
      ['float_parsing', 'rate', 'Input should be a valid number, unable to parse string as a number'],
      ['bool_parsing', 'flag', 'Input should be a valid boolean, unable to interpret input'],
      ['literal_error', 'kind', 'Input should be "reset"'],
    ]);
    expect(brief({ name: 'a', seed: 5.5, ids: 'x', rate: [1], flag: 1.5, extra_data: [1] })).toEqual([
      ['int_from_float', 'seed', 'Input should be a valid integer, got a number with a fractional part'],
      ['list_type', 'ids', 'Input should be a valid list'],
      ['float_type', 'rate', 'Input should be a valid number'],
      ['bool_type', 'flag', 'Input should be a valid boolean'],
      ['dict_type', 'extra_data', 'Input should be a valid dictionary'],
    ]);
    expect(brief({ name: 'a', seed: [1], flag: 'maybe', mode: 'd' })).toEqual([
      ['int_type', 'seed', 'Input should be a valid integer'],
      ['bool_parsing', 'flag', 'Input should be a valid boolean, unable to interpret input'],
      ['literal_error', 'mode', 'Input should be "a", "b" or "c"'],
    ]);
  });

  it('reports bounds with the client’s own input, after lax coercion', () => {
    expect(errorsOf({ name: 'a', seed: '-1' })).toEqual([
      { type: 'greater_than_equal', loc: ['seed'], msg: 'Input should be greater than or equal to 0', input: '-1', ctx: { ge: 0 } },
    ]);
    expect(errorsOf({ name: 'a', ids: [1, 2, 3] })[0]).toMatchObject({
      type: 'too_long',
      msg: 'List should have at most 2 items after validation, not 3',
      ctx: { field_type: 'List', max_length: 2, actual_length: 3 },
    });
  });

  it('names nested models by class and tags union members, as pydantic does', () => {
    expect(errorsOf({ name: 'a', sub: 5 })).toEqual([
      { type: 'model_type', loc: ['sub'], msg: 'Input should be a valid dictionary or instance of Sub', input: 5, ctx: { class_name: 'Sub' } },
    ]);
    expect(brief({ name: 'a', sub: { x: 'a', y: 1 } })).toEqual([
      ['int_parsing', 'sub.x', 'Input should be a valid integer, unable to parse string as an integer'],
      ['extra_forbidden', 'sub.y', 'Extra inputs are not permitted'],
    ]);
    expect(brief({ name: 'a', either: 5.5 })).toEqual([
      ['string_type', 'either.str', 'Input should be a valid string'],
      ['int_from_float', 'either.int', 'Input should be a valid integer, got a number with a fractional part'],
    ]);
    const fastapi = issuesOf(validateModel(Model, { name: 'a', sub: [1] }, { withUrl: false, fromAttributes: true }));
    expect(fastapi[0]?.type).toBe('model_attributes_type');
  });
});

describe('errorsText', () => {
  it('names each error by location, message and type code on one line', () => {
    const issues = issuesOf(validateModel(z.strictObject({ jsonrpc: z.literal('2.0'), method: z.string() }), { jsonrpc: 1 }, { withUrl: false }));
    expect(errorsText(issues)).toBe('jsonrpc: Input should be "2.0" [literal_error]; method: Field required [missing]');
  });
});
