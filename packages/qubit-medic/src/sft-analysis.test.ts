import { err, ok } from '@verilab/core';
import { describe, expect, it } from 'vitest';
import { analyzeSftLines, sftOverlap, type SftLine, type SftRecord } from './sft-analysis.ts';

const record = (fields: Partial<SftRecord>): SftRecord => ({ level: 'L2_target', numDataQubits: 9, prompt: '', completion: '', ...fields });
const lines = (records: readonly (SftRecord | string)[]): SftLine[] =>
  records.map((r, i) => ({ line: i + 1, record: typeof r === 'string' ? err([r]) : ok(r) }));

describe('analyzeSftLines', () => {
  const train = analyzeSftLines(
    lines([
      record({ prompt: 'p1', completion: 'X_ERRORS=[] Z_ERRORS=[]', syndromeBits: [0, 0] }),
      record({ prompt: 'p2', completion: 'X_ERRORS=[3] Z_ERRORS=[1,4]', syndromeBits: [1, 0] }),
      record({ prompt: 'p2', completion: 'X_ERRORS=[3] Z_ERRORS=[1,4]', syndromeBits: [1, 0] }),
      'not valid JSON',
      { level: 'L1_warmup', prompt: 'p3', completion: 'x_errors: [2] Z_ERRORS=[]', nontrivialSyndrome: true },
      'no "prompt" and "completion" strings (or "messages")',
      'not a JSON object',
    ]),
  );

  it('counts rows, levels, duplicates and targets like the original report', () => {
    const a = train.analysis;
    expect(a.rows).toBe(4);
    expect(a.levels).toEqual({ L2_target: 3, L1_warmup: 1 });
    expect(a.levelPct).toEqual({ L2_target: 75, L1_warmup: 25 });
    expect(a.duplicatePromptRows).toBe(1);
    expect(a.duplicateRecordRows).toBe(1);
    expect(a.uniquePrompts).toBe(3);
    expect(a.uniqueCompletions).toBe(3);
    expect(a.uniqueSyndromes).toBe(2);
    expect(a.nonempty).toBe(3);
    expect(a.nontrivialSyndromes).toBe(3);
    // The lenient answer parses but is not in the canonical format.
    expect(a.formatOk).toBe(3);
    expect(a.perLevel['L2_target']).toEqual({
      rows: 3,
      nonempty: 2,
      nonemptyPct: 66.67,
      syndrome: 2,
      syndromePct: 66.67,
      errorCountHist: { '0': 1, '3': 2 },
    });
    expect(a.xQubits).toEqual({ '2': 1, '3': 2 });
    expect(a.zQubits).toEqual({ '1': 2, '4': 2 });
    expect(a.totalErrorCountHist).toEqual({ '0': 1, '1': 1, '3': 2 });
    expect(a.completionLen.min).toBe(23);
    expect(a.evalWindows.first30.levelCounts).toEqual({ L2_target: 3, L1_warmup: 1 });
  });

  it('lists invalid rows with their line numbers', () => {
    expect(train.analysis.invalidCount).toBe(3);
    expect(train.analysis.invalidExamples).toEqual([
      { line: 4, reason: 'not valid JSON' },
      { line: 6, reason: 'no "prompt" and "completion" strings (or "messages")' },
      { line: 7, reason: 'not a JSON object' },
    ]);
  });

  it('measures the overlap between files by prompt, record and syndrome', () => {
    const val = analyzeSftLines(
      lines([
        record({ prompt: 'p2', completion: 'X_ERRORS=[] Z_ERRORS=[]', syndromeBits: [1, 0] }),
        record({ prompt: 'p9', completion: 'X_ERRORS=[] Z_ERRORS=[]', syndromeBits: [1, 1] }),
      ]),
    );
    expect(sftOverlap(train.keys, val.keys)).toEqual({
      promptOverlapCount: 1,
      recordOverlapCount: 0,
      syndromeOverlapCount: 1,
      promptOverlapPct: 50,
      syndromeOverlapPct: 50,
    });
  });
});
