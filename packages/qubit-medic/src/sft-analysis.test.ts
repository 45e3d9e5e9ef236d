import { describe, expect, it } from 'vitest';
import { analyzeSftLines, sftOverlap } from './sft-analysis.ts';

const row = (fields: Record<string, unknown>) => JSON.stringify({ level: 'L2_target', num_data_qubits: 9, ...fields });
const lines = (texts: readonly string[]) => texts.map((text, i) => ({ line: i + 1, text }));

describe('analyzeSftLines', () => {
  const train = analyzeSftLines(
    lines([
      row({ prompt: 'p1', completion: 'X_ERRORS=[] Z_ERRORS=[]', syndrome_bits: [0, 0] }),
      row({ prompt: 'p2', completion: 'X_ERRORS=[3] Z_ERRORS=[1,4]', syndrome_bits: [1, 0] }),
      row({ prompt: 'p2', completion: 'X_ERRORS=[3] Z_ERRORS=[1,4]', syndrome_bits: [1, 0] }),
      '{"prompt": "cut',
      '',
      JSON.stringify({ level: 'L1_warmup', messages: [{ role: 'user', content: 'p3' }, { role: 'assistant', content: 'x_errors: [2] Z_ERRORS=[]' }], had_syndrome: true }),
      row({ prompt: 'p4' }),
      '[1, 2]',
    ]),
  );

  it('counts rows, levels, duplicates and targets like the original report', () => {
    const a = train.analysis;
    expect(a.rows).toBe(4);
    expect(a.levels).toEqual({ L2_target: 3, L1_warmup: 1 });
    expect(a.level_pct).toEqual({ L2_target: 75, L1_warmup: 25 });
    expect(a.duplicate_prompt_rows).toBe(1);
    expect(a.duplicate_record_rows).toBe(1);
    expect(a.unique_prompts).toBe(3);
    expect(a.unique_completions).toBe(3);
    expect(a.unique_syndromes).toBe(2);
    expect(a.nonempty).toBe(3);
    expect(a.had_syndrome).toBe(3);
    // The lenient answer parses but is not in the canonical format.
    expect(a.format_ok).toBe(3);
    expect(a.per_level['L2_target']).toEqual({
      rows: 3,
      nonempty: 2,
      nonempty_pct: 66.67,
      syndrome: 2,
      syndrome_pct: 66.67,
      error_count_hist: { '0': 1, '3': 2 },
    });
    expect(a.x_qubits).toEqual({ '2': 1, '3': 2 });
    expect(a.z_qubits).toEqual({ '1': 2, '4': 2 });
    expect(a.total_error_count_hist).toEqual({ '0': 1, '1': 1, '3': 2 });
    expect(a.completion_len.min).toBe(23);
    expect(a.eval_windows['first_30']?.level_counts).toEqual({ L2_target: 3, L1_warmup: 1 });
  });

  it('lists invalid rows with their line numbers', () => {
    expect(train.analysis.invalid_count).toBe(3);
    expect(train.analysis.invalid_examples).toEqual([
      { line: 4, reason: 'not valid JSON' },
      { line: 7, reason: 'no "prompt" and "completion" strings (or "messages")' },
      { line: 8, reason: 'not a JSON object' },
    ]);
  });

  it('measures the overlap between files by prompt, record and syndrome', () => {
    const val = analyzeSftLines(
      lines([
        row({ prompt: 'p2', completion: 'X_ERRORS=[] Z_ERRORS=[]', syndrome_bits: [1, 0] }),
        row({ prompt: 'p9', completion: 'X_ERRORS=[] Z_ERRORS=[]', syndrome_bits: [1, 1] }),
      ]),
    );
    expect(sftOverlap(train.keys, val.keys)).toEqual({
      prompt_overlap_count: 1,
      record_overlap_count: 0,
      syndrome_overlap_count: 1,
      prompt_overlap_pct: 50,
      syndrome_overlap_pct: 50,
    });
  });
});
