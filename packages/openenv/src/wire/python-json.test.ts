import { describe, expect, it } from 'vitest';
import { pythonJsonDumps } from './python-json.ts';

describe('pythonJsonDumps', () => {
  it('writes what json.dumps writes: spaced separators, ASCII escapes, surrogate pairs, float reprs', () => {
    const value = {
      s: ['plain', "it's", 'say "hi"', 'tab\tnew\nret\r', 'back\\slash', '\x00\x1f\x7f', '\x80\xa0é', '\u2028\u200b😀', '\ud800'],
      f: [0.5, 1e-5, 1.5e-7],
      i: [1, -3, 1e21],
      n: null,
      b: [true, false],
      e: {},
      l: [],
      nested: { a: [{ b: 'c' }] },
      skipped: undefined,
    };
    // Printed by CPython 3.11's json.dumps for the same value.
    expect(pythonJsonDumps(value)).toBe(
      '{"s": ["plain", "it\'s", "say \\"hi\\"", "tab\\tnew\\nret\\r", "back\\\\slash", "\\u0000\\u001f\\u007f", "\\u0080\\u00a0\\u00e9", "\\u2028\\u200b\\ud83d\\ude00", "\\ud800"], ' +
        '"f": [0.5, 1e-05, 1.5e-07], "i": [1, -3, 1000000000000000000000], "n": null, "b": [true, false], "e": {}, "l": [], "nested": {"a": [{"b": "c"}]}}',
    );
    expect(pythonJsonDumps({ nan: Number.NaN, inf: [Infinity, -Infinity] })).toBe('{"nan": NaN, "inf": [Infinity, -Infinity]}');
  });

  it('round-trips through JSON.parse', () => {
    const value = { text: 'ünïcødé 😀 \u0007', list: [1, 2.25, null, { deep: [false] }] };
    expect(JSON.parse(pythonJsonDumps(value))).toEqual(value);
  });
});
