import { describe, expect, it } from 'vitest';
import { pythonFloatRepr, pythonRepr, pythonStringRepr, pythonTypeName, truncateRepr } from './python-repr.ts';

// Expected texts printed by CPython 3.11 (repr, str(ValidationError) of pydantic 2.13).
describe('pythonFloatRepr', () => {
  it('writes floats as repr(float) does', () => {
    const cases: [number, string][] = [
      [1, '1.0'], [0.5, '0.5'], [0.1, '0.1'], [1e-5, '1e-05'], [0.0001, '0.0001'], [1e16, '1e+16'], [1e15, '1000000000000000.0'],
      [123.456, '123.456'], [-2.5, '-2.5'], [1.5e-7, '1.5e-07'], [1.7976931348623157e308, '1.7976931348623157e+308'], [5e-324, '5e-324'],
      [0.30000000000000004, '0.30000000000000004'], [2 ** 53, '9007199254740992.0'], [1e22, '1e+22'], [-0, '-0.0'],
      [9999999999999998, '9999999999999998.0'], [1234567890123456.8, '1234567890123456.8'], [Number.NaN, 'nan'], [-Infinity, '-inf'],
    ];
    for (const [value, text] of cases) expect(pythonFloatRepr(value), String(value)).toBe(text);
  });
});

describe('pythonRepr', () => {
  it('quotes and escapes strings as repr(str) does', () => {
    const cases: [string, string][] = [
      ['plain', "'plain'"], ["it's", `"it's"`], ['say "hi"', `'say "hi"'`], [`both ' and "`, `'both \\' and "'`],
      ['tab\tnew\nret\r', "'tab\\tnew\\nret\\r'"], ['back\\slash', "'back\\\\slash'"], ['\x00\x1f\x7f', "'\\x00\\x1f\\x7f'"],
      ['\x80\xa0é', "'\\x80\\xa0é'"], ['\u2028\u200b😀', "'\\u2028\\u200b😀'"], ['\ud800', "'\\ud800'"], [' space', "' space'"],
    ];
    for (const [value, text] of cases) expect(pythonStringRepr(value), JSON.stringify(value)).toBe(text);
  });

  it('prints JSON values as Python objects, integral numbers as ints', () => {
    expect(pythonRepr({ a: [1, 2.5, true, null], b: { c: "it's" } })).toBe(`{'a': [1, 2.5, True, None], 'b': {'c': "it's"}}`);
    expect(pythonRepr(1e21)).toBe('1000000000000000000000');
    expect([null, true, 3, 3.5, 's', [], {}].map(pythonTypeName)).toEqual(['NoneType', 'bool', 'int', 'float', 'str', 'list', 'dict']);
  });

  it('shortens long reprs as pydantic-core does: first 25 and last 24 characters', () => {
    expect(truncateRepr(pythonRepr('x'.repeat(60)))).toBe(`'${'x'.repeat(24)}...${'x'.repeat(23)}'`);
    expect(truncateRepr(pythonRepr('z'.repeat(48)))).toBe(`'${'z'.repeat(48)}'`);
    expect(truncateRepr(pythonRepr(Array.from({ length: 30 }, (_, i) => i)))).toBe('[0, 1, 2, 3, 4, 5, 6, 7, ... 24, 25, 26, 27, 28, 29]');
  });
});
