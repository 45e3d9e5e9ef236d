import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCompletion, formatScore, parseAnswer } from './answer-parser.ts';

type Row = [input: string, x: number[], z: number[], success: boolean, partial: boolean, strict: boolean, score: number];

// docs/original-qubit-medic.md#parser-table (the original parser's behaviour table, n = 9), rows kept as they are …
const ORIGINAL_TABLE: Row[] = [
  ['X_ERRORS=[1,3,5] Z_ERRORS=[2]', [1, 3, 5], [2], true, false, true, 1],
  ['Let me think.\nThe stabilisers 2 and 3 fired.\nFinal answer:\nX_ERRORS=[4] Z_ERRORS=[]', [4], [], true, false, true, 1],
  ['X_ERRORS=[1]\nZ_ERRORS=[2]', [1], [2], true, false, true, 1],
  ['X_ERRORS = [ ] Z_ERRORS = [ 8 ]', [], [8], true, false, true, 1],
  ['X_ERRORS=[1 2, 3] Z_ERRORS=[]', [1, 2, 3], [], true, false, true, 1],
  ['X_ERRORS: [1,3] Z_ERRORS: [2]', [1, 3], [2], true, false, false, 0.5],
  ['X-ERRORS=[1] Z-ERRORS=[2]', [1], [2], true, false, false, 0.5],
  ['X ERRORS=[1] Z ERRORS=[2]', [1], [2], true, false, false, 0.5],
  ['XERRORS=[1] ZERRORS=[2]', [1], [2], true, false, false, 0.5],
  ['x errors: [1] z errors: (2)', [1], [2], true, false, false, 0.5],
  ['X_ERRORS=[1,2]', [1, 2], [], false, true, false, 0.5],
  ['X_ERRORS=[9] Z_ERRORS=[]', [], [], false, true, false, 0.5],
  ['X_ERRORS=[-1] Z_ERRORS=[]', [], [], false, true, false, 0.5],
  ['X_ERRORS=[a] Z_ERRORS=[]', [], [], false, true, false, 0.5],
  ['X_ERRORS=[1] Z_ERRORS=[2] then X_ERRORS=[3]', [3], [], false, true, false, 0.5],
  ['the qubits are around 3 and 7', [], [], false, false, false, 0],
  ['<answer>X: 1,2 | Z: 3</answer>', [], [], false, false, false, 0],
  // Wrappers the original normalises.
  ['**X_ERRORS=[1] Z_ERRORS=[2]**', [1], [2], true, false, true, 1],
  ['\\boxed{X_ERRORS=[0] Z_ERRORS=[5]}', [0], [5], true, false, true, 1],
  ['```\nX_ERRORS=[2] Z_ERRORS=[5,6]\n```', [2], [5, 6], true, false, true, 1],
  // Echoed prompt examples before the answer: the last X part anchors.
  ['Examples: X_ERRORS=[] Z_ERRORS=[4]. Mine: X_ERRORS=[7] Z_ERRORS=[]', [7], [], true, false, true, 1],
  ['X_ERRORS=[1,99,3] Z_ERRORS=[]', [1, 3], [], false, true, false, 0.5],
  ['X_ERRORS=[1,1,2] Z_ERRORS=[2,2]', [1, 2], [2], true, false, true, 1],
];

// … and the two flaws the issue asks us to fix.
const FIXED_FLAWS: Row[] = [
  ['Z_ERRORS=[1] X_ERRORS=[2]', [2], [1], true, false, true, 1],
  ['```\nX_ERRORS=[1] Z_ERRORS=[]\n```\nOn reflection: X_ERRORS=[4] Z_ERRORS=[0]', [4], [0], true, false, true, 1],
];

// Edges of the grammar (answer-parser.ts): which spaces and letters count, and where a list ends.
const GRAMMAR_EDGES: Row[] = [
  // Spaces are ASCII only: a no-break space before '=' breaks the X key; \v \f \r \t \n are spaces.
  ['X_ERRORS\u00a0=[1] Z_ERRORS=[2]', [], [2], false, true, false, 0.5],
  ['X_ERRORS\v=\f[1] Z_ERRORS\r\n=\t[2]', [1], [2], true, false, true, 1],
  // Case is ASCII only: the long s (which upper-cases to S in Unicode) does not spell ERRORS.
  ['x_errorſ=[1] Z_ERRORS=[2]', [], [2], false, true, false, 0.5],
  // Any run of joiners makes a lenient key.
  ['X _-ERRORS=[1] Z__ERRORS=[2]', [1], [2], true, false, false, 0.5],
  // A lenient list ends at the first ']' or ')', whichever bracket opened it; a strict one only at ']'.
  ['X_ERRORS:[1,2) Z_ERRORS=[3]', [1, 2], [3], true, false, false, 0.5],
  ['X_ERRORS=(1] Z_ERRORS=[2]', [1], [2], true, false, false, 0.5],
  ['X_ERRORS=[1)2] Z_ERRORS=[]', [], [], false, true, false, 0.5],
  // An unclosed list is no part; one closed only by a later part's bracket swallows that part.
  ['X_ERRORS=[1, 2', [], [], false, false, false, 0],
  ['X_ERRORS=[1 Z_ERRORS=[2]', [1], [], false, false, false, 0],
  // No separator, no part.
  ['X_ERRORS[1] Z_ERRORS=[2]', [], [2], false, true, false, 0.5],
  // A key starts a word: the X of MAX_ERRORS or matrix errors is no key (a '-' or '_' before it is no letter).
  ['MAX_ERRORS=[1] Z_ERRORS=[2]', [], [2], false, true, false, 0.5],
  ['X_ERRORS=[1] Z_ERRORS=[2] (matrix errors: (0) none)', [1], [2], true, false, true, 1],
  ['prefix-X errors=[4] Z_ERRORS=[2]', [4], [2], true, false, false, 0.5],
  // A lenient part holding prose is prose, so an explanation after the answer leaves it whole; a
  // lenient list is still read, out-of-range ids and all, and a strict part counts whatever it holds.
  ['X_ERRORS=[1] Z_ERRORS=[2]\nThe Z errors: (none visible) cancel', [1], [2], true, false, true, 1],
  ['X_ERRORS=[4] Z_ERRORS=[]\nWhy: x errors: [qubit 4] flips Z1', [4], [], true, false, true, 1],
  ['x errors: (1, 99) z errors: (2)', [1], [2], false, true, false, 0.5],
  ['x errors: (1\u00a02) z errors: (3)', [1, 2], [3], true, false, false, 0.5],
  ['X_ERRORS=[4] Z_ERRORS=[]\nX_ERRORS=[qubit 4]', [4], [], false, false, false, 0],
];

describe('parseAnswer', () => {
  it.each([...ORIGINAL_TABLE, ...FIXED_FLAWS, ...GRAMMAR_EDGES])('%j', (input, x, z, success, partial, strict, score) => {
    const answer = parseAnswer(input, 9);
    expect({
      x: answer.xErrors,
      z: answer.zErrors,
      success: answer.parseSuccess,
      partial: answer.parsePartial,
      strict: answer.strictFormat,
      score: formatScore(answer),
    }).toEqual({ x, z, success, partial, strict, score });
    expect(answer.rawResponse).toBe(input);
  });

  it('says which lists are valid, and gives no format credit when neither is', () => {
    const validity = (text: string) => {
      const answer = parseAnswer(text, 9);
      return { x: answer.xValid, z: answer.zValid, score: formatScore(answer) };
    };
    expect(validity('X_ERRORS=[1] Z_ERRORS=[2]')).toEqual({ x: true, z: true, score: 1 });
    expect(validity('X_ERRORS=[1]')).toEqual({ x: true, z: false, score: 0.5 });
    expect(validity('X_ERRORS=[9] Z_ERRORS=[]')).toEqual({ x: false, z: true, score: 0.5 });
    // Both lists found, neither valid: the original called this a partial parse worth 0.5.
    expect(validity('X_ERRORS=[9] Z_ERRORS=[a]')).toEqual({ x: false, z: false, score: 0 });
    expect(parseAnswer('X_ERRORS=[9] Z_ERRORS=[a]', 9).parsePartial).toBe(true);
    expect(validity('hello')).toEqual({ x: false, z: false, score: 0 });
  });

  it('takes only plain decimal integers (the original accepted Python int() forms like +3 and 1_0)', () => {
    expect(parseAnswer('X_ERRORS=[+3] Z_ERRORS=[]', 9).parseSuccess).toBe(false);
    expect(parseAnswer('X_ERRORS=[1_0] Z_ERRORS=[]', 90).parseSuccess).toBe(false);
  });

  it('returns nothing for non-string input', () => {
    const answer = parseAnswer(42, 9);
    expect(answer.rawResponse).toBe('');
    expect(formatScore(answer)).toBe(0);
  });

  it('round-trips every canonical completion', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 81 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }),
            fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }),
          ),
        ),
        ([n, x, z]) => {
          const answer = parseAnswer(formatCompletion(x, z), n);
          expect(answer.strictFormat).toBe(true);
          expect(answer.xErrors).toEqual([...x].sort((a, b) => a - b));
          expect(answer.zErrors).toEqual([...z].sort((a, b) => a - b));
        },
      ),
    );
  });

  it('stays linear on 100 KB of adversarial text', () => {
    const attacks = [
      'X_ERRORS=['.repeat(10_000),
      'x errors: ('.repeat(9_000),
      'x errors: (1 '.repeat(9_000) + ')',
      `x errors: (${' 1,'.repeat(30_000)}) `.repeat(3),
      'X'.repeat(100_000),
      'X' + ' '.repeat(100_000),
      'Z_ERRORS=[1'.repeat(9_000) + ']',
      '*'.repeat(100_000),
    ];
    for (const text of attacks) {
      // A quadratic scan of 100 KB would not finish within the test timeout.
      const answer = parseAnswer(text, 25);
      expect(answer.rawResponse.length).toBe(text.length);
    }
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const answer = parseAnswer(text, 9);
        expect(answer.xErrors.every((id) => id >= 0 && id < 9)).toBe(true);
      }),
    );
  });
});

describe('formatCompletion', () => {
  it('sorts, deduplicates and joins without spaces', () => {
    expect(formatCompletion([], [])).toBe('X_ERRORS=[] Z_ERRORS=[]');
    expect(formatCompletion([5, 1, 3, 3], [2])).toBe('X_ERRORS=[1,3,5] Z_ERRORS=[2]');
  });
});
