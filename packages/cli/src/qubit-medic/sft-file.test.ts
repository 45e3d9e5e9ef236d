import { describe, expect, it } from 'vitest';
import { analyzeSftLines, createPhysicsCache, levelNamed, sftRow } from '@verilab/qubit-medic';
import { readSftLines, sftAnalysisRecord, sftJsonRow } from './sft-file.ts';

describe('sftJsonRow', () => {
  it('lays out every field of the row under its dataset name, text first, in either TRL format', () => {
    const row = sftRow(createPhysicsCache()(levelNamed('L2_target')), 3, { target: 'matching', promptFormat: 'v2' });
    const { prompt, completion } = row;
    const facts = {
      seed: row.seed,
      level: row.level,
      distance: row.distance,
      rounds: row.rounds,
      p: row.p,
      num_data_qubits: row.numDataQubits,
      num_x_stabilizers: row.numXStabilizers,
      num_z_stabilizers: row.numZStabilizers,
      syndrome_bits: row.syndromeBits,
      true_x_errors: row.trueFrame.x,
      true_z_errors: row.trueFrame.z,
      matching_x_errors: row.decoderFrame.x,
      matching_z_errors: row.decoderFrame.z,
      actual_observable_flip: row.actualObservableFlip,
      pymatching_observable_pred: row.decoderObservableFlip,
      had_syndrome: row.nontrivialSyndrome,
      had_errors: row.targetNonEmpty,
      target: 'matching',
      prompt_format: 'v2',
      dem_digest: row.demDigest,
    };
    expect(Object.keys(sftJsonRow(row, 'prompt-completion', { split: 'train' }))).toEqual(['prompt', 'completion', ...Object.keys(facts), 'split']);
    expect(sftJsonRow(row, 'prompt-completion', { split: 'train' })).toEqual({ prompt, completion, ...facts, split: 'train' });
    expect(sftJsonRow(row, 'messages')).toEqual({
      messages: [
        { role: 'user', content: prompt },
        { role: 'assistant', content: completion },
      ],
      ...facts,
    });
  });
});

describe('sftAnalysisRecord', () => {
  it("writes the analysis under the original report's keys, nested windows and levels included", () => {
    const line = JSON.stringify({ level: 'L1_warmup', prompt: 'p', completion: 'X_ERRORS=[1] Z_ERRORS=[]', syndrome_bits: [0, 1] });
    const record = sftAnalysisRecord(analyzeSftLines(readSftLines(line)).analysis);
    expect(Object.keys(record).slice(0, 12)).toEqual([
      'rows', 'levels', 'level_pct', 'per_level', 'completion_len', 'prompt_len', 'duplicate_prompt_rows',
      'duplicate_record_rows', 'format_ok', 'format_pct', 'had_syndrome', 'syndrome_pct',
    ]);
    expect(record.had_syndrome).toBe(1);
    expect(record.per_level['L1_warmup']).toEqual({ rows: 1, nonempty: 1, nonempty_pct: 100, syndrome: 1, syndrome_pct: 100, error_count_hist: { '1': 1 } });
    expect(record.eval_windows.first_30).toEqual({ format_pct: 100, level_counts: { L1_warmup: 1 }, nonempty_pct: 100 });
  });
});

describe('readSftLines', () => {
  it("reads either TRL format with the file's optional fields, skipping blank lines and naming what makes a row invalid", () => {
    const text = [
      JSON.stringify({ level: 'L2_target', prompt: 'p1', completion: 'c1', syndrome_bits: [0, 1], num_data_qubits: 9 }),
      '',
      JSON.stringify({ level: 'L1_warmup', messages: [{ role: 'user', content: 'p2' }, { role: 'assistant', content: 'c2' }], had_syndrome: true }),
      '{"prompt": "cut',
      '[1, 2]',
      JSON.stringify({ level: 'L2_target', prompt: 'p4' }),
      JSON.stringify({ prompt: 'p5', completion: 'c5' }),
      JSON.stringify({ level: 'L2_target', prompt: 'p6', completion: 'c6', syndrome_bits: [2] }),
      JSON.stringify({ level: 'L2_target', messages: [{ role: 'user', content: 'p7' }] }),
      JSON.stringify({ level: 'L2_target', messages: 'p8' }),
    ].join('\n');
    expect(readSftLines(text)).toEqual([
      { line: 1, record: { ok: true, value: { prompt: 'p1', completion: 'c1', level: 'L2_target', syndromeBits: [0, 1], nontrivialSyndrome: false, numDataQubits: 9 } } },
      { line: 3, record: { ok: true, value: { prompt: 'p2', completion: 'c2', level: 'L1_warmup', nontrivialSyndrome: true } } },
      { line: 4, record: { ok: false, issues: ['not valid JSON'] } },
      { line: 5, record: { ok: false, issues: ['not a JSON object'] } },
      { line: 6, record: { ok: false, issues: ['no "prompt" and "completion" strings (or "messages")'] } },
      { line: 7, record: { ok: false, issues: ['no "level" string'] } },
      { line: 8, record: { ok: false, issues: ['"syndrome_bits" is not a list of 0/1'] } },
      { line: 9, record: { ok: false, issues: ['"messages" lacks a user or an assistant turn with text content'] } },
      { line: 10, record: { ok: false, issues: ['"messages" is not a list'] } },
    ]);
  });
});
