import { describe, expect, it } from 'vitest';
import { metricEstimates, readBaselines, readDatasetAnalysis, readEvalSummary } from './cli-json.ts';

describe('reading the CLI JSON for figures', () => {
  it('pairs every <metric>_ci95 with its estimate (<metric> or <metric>_rate)', () => {
    const metrics = { episodes: 5, logical_correction_rate: 0.8, logical_correction_ci95: [0.4, 0.96], exact_match: 0.2, exact_match_ci95: [0.04, 0.6], odd_ci95: [0, 1], mean_output_length: null };
    expect(metricEstimates(metrics)).toEqual([
      { key: 'logical_correction', label: 'logical correction', value: 0.8, low: 0.4, high: 0.96 },
      { key: 'exact_match', label: 'exact match (decoder frame)', value: 0.2, low: 0.04, high: 0.6 },
    ]);
  });

  it('reads eval summaries, baselines and dataset reports, and says what is wrong with other JSON', () => {
    const cell = { episodes: 4, logical_correction_rate: 1, logical_correction_ci95: [0.5, 1] };
    const summary = { name: 'zeros', levels: { L1_warmup: { ...cell, vs_matching: { baseline_logical_correction_rate: 0.75 } } }, overall: cell };
    const view = readEvalSummary(summary);
    expect(view.ok && view.value.groups.map((g) => [g.group, g.metrics.length, g.baselines])).toEqual([
      ['L1_warmup', 1, { matching: 0.75 }],
      ['all levels', 1, {}],
    ]);
    expect(readEvalSummary({ L1_warmup: { zeros: cell } })).toMatchObject({ ok: false, issues: [{ message: 'not a `verilab eval` summary: no "levels" object' }] });
    expect(readEvalSummary({ levels: { L1: { episodes: 3 } } })).toMatchObject({ ok: false, issues: [{ message: 'levels.L1: no metric with a 95% interval (<metric>_ci95)' }] });
    const baselines = readBaselines({ L1_warmup: { zeros: cell, matching: cell }, L4_stress: { zeros: cell, optimal: { unavailable: 'too large' } } });
    expect(baselines.ok && baselines.value.map((c) => `${c.level}/${c.policy}`)).toEqual(['L1_warmup/zeros', 'L1_warmup/matching', 'L4_stress/zeros']);
    expect(readBaselines({ L1_warmup: { zeros: { rate: 1 } } })).toMatchObject({ ok: false, issues: [{ message: 'L1_warmup.zeros: no "episodes" count' }] });
    const report = { files: { 'a.jsonl': { levels: { L1: 3, L2: 1 }, level_pct: { L1: 75, L2: 25 }, per_level: { L1: { nonempty_pct: 66.67 } } } } };
    const mix = readDatasetAnalysis(report);
    expect(mix.ok && mix.value).toEqual([
      { file: 'a.jsonl', level: 'L1', rows: 3, pct: 75, nonemptyPct: 66.67 },
      { file: 'a.jsonl', level: 'L2', rows: 1, pct: 25 },
    ]);
    expect(readDatasetAnalysis({ rows: 3 })).toMatchObject({ ok: false, issues: [{ message: 'not a `verilab dataset analyze` report: no "files" object' }] });
  });
});
