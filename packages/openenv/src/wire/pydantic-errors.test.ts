import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toPydanticErrors } from './pydantic-errors.ts';

const Model = z.strictObject({
  name: z.string(),
  seed: z.int().min(0).nullable().optional(),
  ids: z.array(z.int()).max(2).optional(),
  rate: z.number().gt(0).optional(),
  kind: z.literal('reset').optional(),
});

const errorsOf = (input: unknown, withUrl = false) => {
  const parsed = Model.safeParse(input, { reportInput: true });
  if (parsed.success) throw new Error('expected a validation failure');
  return toPydanticErrors(parsed.error.issues, input, { withUrl });
};

describe('toPydanticErrors', () => {
  it('reports a missing field with its parent as input, like pydantic', () => {
    expect(errorsOf({})).toEqual([{ type: 'missing', loc: ['name'], msg: 'Field required', input: {} }]);
  });

  it('writes FastAPI’s example for a negative seed byte for byte', () => {
    const [error] = toPydanticErrors(
      z.object({ seed: z.int().min(0) }).safeParse({ seed: -1 }, { reportInput: true }).error?.issues ?? [],
      { seed: -1 },
      { locPrefix: ['body'], withUrl: false },
    );
    expect(JSON.stringify({ detail: [error] })).toBe(
      '{"detail":[{"type":"greater_than_equal","loc":["body","seed"],"msg":"Input should be greater than or equal to 0","input":-1,"ctx":{"ge":0}}]}',
    );
  });

  it('splits unknown keys into one extra_forbidden each, with url when asked', () => {
    expect(errorsOf({ name: 'a', x: 1, y: [2] }, true)).toEqual([
      { type: 'extra_forbidden', loc: ['x'], msg: 'Extra inputs are not permitted', input: 1, url: 'https://errors.pydantic.dev/2.13/v/extra_forbidden' },
      { type: 'extra_forbidden', loc: ['y'], msg: 'Extra inputs are not permitted', input: [2], url: 'https://errors.pydantic.dev/2.13/v/extra_forbidden' },
    ]);
  });

  it('names pydantic’s type errors and bounds', () => {
    const errors = errorsOf({ name: 3, seed: 1.5, ids: [1, 2.5], rate: 0, kind: 'step' });
    expect(errors.map((e) => [e.type, e.loc.join('.'), e.msg])).toEqual([
      ['string_type', 'name', 'Input should be a valid string'],
      ['int_from_float', 'seed', 'Input should be a valid integer, got a number with a fractional part'],
      ['int_from_float', 'ids.1', 'Input should be a valid integer, got a number with a fractional part'],
      ['greater_than', 'rate', 'Input should be greater than 0'],
      ['literal_error', 'kind', "Input should be 'reset'"],
    ]);
    expect(errorsOf({ name: 'a', ids: [1, 2, 3] })[0]).toMatchObject({
      type: 'too_long',
      msg: 'List should have at most 2 items after validation, not 3',
      ctx: { field_type: 'List', max_length: 2, actual_length: 3 },
    });
  });
});
