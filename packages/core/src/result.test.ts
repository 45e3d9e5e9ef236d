import { describe, expect, it } from 'vitest';
import { formatIssues, formatPath, type Issue, type TextIssue } from './issue.ts';
import { err, firstIssue, ok, unwrap, type Result } from './result.ts';

describe('Result', () => {
  const half = (n: number): Result<number> =>
    n % 2 === 0 ? ok(n / 2) : err([{ code: 'odd', path: ['n'], message: `${n} is odd` }]);

  it('carries a value or the issues that stopped it', () => {
    expect(half(4)).toEqual({ ok: true, value: 2 });
    expect(half(3)).toEqual({ ok: false, issues: [{ code: 'odd', path: ['n'], message: '3 is odd' }] });
  });

  it('unwraps a success and throws every issue of a failure, after its context', () => {
    expect(unwrap(half(4))).toBe(2);
    expect(() => unwrap(half(3))).toThrow(/^n: 3 is odd$/);
    const text: Result<string, TextIssue> = err([
      { line: 2, column: 5, message: 'unknown gate "FOO"' },
      { line: 3, column: 1, message: 'unclosed block' },
    ]);
    expect(() => unwrap(text, 'circuit.stim')).toThrow('circuit.stim\nline 2, column 5: unknown gate "FOO"\nline 3, column 1: unclosed block');
    expect(() => unwrap(err([{ kind: 'validation', errors: [] }]))).toThrow('{"kind":"validation","errors":[]}');
  });

  it("reads a single failure's one issue", () => {
    const failed = err([{ kind: 'timeout', message: 'no answer' }]);
    expect(firstIssue(failed)).toEqual({ kind: 'timeout', message: 'no answer' });
    expect(() => firstIssue(err([]))).toThrow('a failed result carries no issue');
  });
});

describe('formatIssues', () => {
  it('names a path when there is one, else the text position, else nothing', () => {
    const issues = [
      { code: 'bad', path: ['params', 'k'], message: 'must be positive' },
      { line: 1, column: 12, message: "unknown symbol 'G'" },
      { code: 'empty', path: [], message: 'no equation' },
    ];
    expect(formatIssues(issues, 'in')).toBe("in:params.k: must be positive\nin:line 1, column 12: unknown symbol 'G'\nin:no equation");
  });

  it('writes paths in accessor notation', () => {
    expect(formatPath(['rows', 2, 'name'])).toBe('rows[2].name');
    expect(formatPath(['params', 'odd key'])).toBe('params["odd key"]');
    expect(formatPath([0, 'x'])).toBe('[0].x');
  });

  it('accepts the Issue type itself', () => {
    const issue: Issue = { code: 'too-long', path: ['equation'], message: 'longer than 2000 characters' };
    expect(formatIssues([issue])).toBe('equation: longer than 2000 characters');
  });
});
