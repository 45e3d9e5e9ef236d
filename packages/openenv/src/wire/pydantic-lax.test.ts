import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { laxInput } from './pydantic-lax.ts';
import { validateModel } from './pydantic-validate.ts';

// What pydantic 2.13 accepts in lax mode, and what it turns it into.
const Model = z.strictObject({
  i: z.int().nullable().optional(),
  f: z.number().optional(),
  b: z.boolean().optional(),
  s: z.string().optional(),
  ids: z.array(z.int()).optional(),
  weights: z.record(z.string(), z.number()).optional(),
  id: z.union([z.string(), z.int()]).nullable().optional(),
  nested: z.strictObject({ n: z.int() }).optional(),
});

const value = (input: Record<string, unknown>) => {
  const checked = validateModel(Model, input, { withUrl: false });
  return checked.ok ? checked.value : checked.issues.map((e) => e.type);
};

describe('laxInput', () => {
  it('coerces int fields from booleans and integer strings', () => {
    const accepted: [unknown, number][] = [['5', 5], [' 7 ', 7], ['+5', 5], ['-0', 0], ['1_000', 1000], ['00012', 12], ['5.0000', 5], ['-5.0', -5], [true, 1], [false, 0]];
    for (const [input, output] of accepted) expect(value({ i: input }), JSON.stringify(input)).toEqual({ i: output });
    for (const input of ['5.5', '5.', '.5', '1e3', '0x10', '1 000', 'abc', '']) expect(value({ i: input }), input).toEqual(['int_parsing']);
    expect(value({ i: 5.5 })).toEqual(['int_from_float']);
    expect(Object.is((value({ i: '-0' }) as { i: number }).i, 0)).toBe(true);
  });

  it('coerces float fields from booleans and decimal strings, but refuses non-finite ones', () => {
    const accepted: [unknown, number][] = [['1.5', 1.5], ['5.', 5], ['.5', 0.5], ['1e2', 100], ['1e-2', 0.01], ['1_000', 1000], [' 7 ', 7], [true, 1]];
    for (const [input, output] of accepted) expect(value({ f: input }), JSON.stringify(input)).toEqual({ f: output });
    for (const input of ['x', '0x10', 'inf', 'nan', '1e400']) expect(value({ f: input }), input).toEqual(['float_parsing']);
  });

  it('coerces bool fields from 0/1 and pydantic’s words, in any case', () => {
    for (const input of [1, '1', 'T', 'On', 'Y', 'yes', 'true']) expect(value({ b: input }), String(input)).toEqual({ b: true });
    for (const input of [0, '0', 'off', 'n', 'no', 'FALSE', 'f']) expect(value({ b: input }), String(input)).toEqual({ b: false });
    for (const input of [2, '0.0', '', ' true']) expect(value({ b: input }), String(input)).toEqual(['bool_parsing']);
  });

  it('leaves strings strict and coerces inside lists, dicts, nested models and unions', () => {
    expect(value({ s: 5 })).toEqual(['string_type']);
    expect(value({ ids: [1, '2', true], weights: { a: '0.5' }, nested: { n: '3' } })).toEqual({ ids: [1, 2, 1], weights: { a: 0.5 }, nested: { n: 3 } });
    // Union[str, int]: a member the input already matches wins ("5" stays a string).
    expect([value({ id: '5' }), value({ id: 5 }), value({ id: true })]).toEqual([{ id: '5' }, { id: 5 }, { id: 1 }]);
  });

  it('never mutates its input and returns it unchanged when nothing needs coercing', () => {
    const input = { i: '5', ids: ['1'] };
    const coerced = laxInput(Model, input);
    expect(input).toEqual({ i: '5', ids: ['1'] });
    expect(coerced).toEqual({ i: 5, ids: [1] });
    const clean = { i: 5, ids: [1] };
    expect(laxInput(Model, clean)).toBe(clean);
  });
});

describe('laxInput on hostile keys', () => {
  it('keeps a "__proto__" key a plain property', () => {
    const input = JSON.parse('{"__proto__": ["1"], "a": ["2"]}') as Record<string, unknown>;
    const coerced = laxInput(z.record(z.string(), z.array(z.int())), input) as Record<string, unknown>;
    expect(Object.getPrototypeOf(coerced)).toBe(Object.prototype);
    expect(Object.entries(coerced)).toEqual([['__proto__', [1]], ['a', [2]]]);
  });
});
