/**
 * The figure commands' view of the JSON other commands write, checked at the boundary (a user
 * may pass any file). Shapes, as written by:
 *   - `verilab baselines`: {"<level>": {"<policy>": PolicyMetrics & {seed_start}}}
 *   - `verilab eval` summary: {name, policy, episodes_per_level, levels: {"<level>": ComparedMetrics}, overall?}
 *   - `verilab dataset analyze`: {files: {"<path>": SftFileAnalysis}, overlap?}
 * (@verilab/qubit-medic's PolicyMetrics, ComparedMetrics and SftFileAnalysis under the snake_case
 * keys of ../qubit-medic/metrics-file.ts and sft-file.ts.) Metrics are
 * found by their `<name>_ci95` interval, so metrics added later are drawn without changes here.
 */
import { err, ok, type Err, type Issue, type Result } from '@verilab/core';

/** One 'bad-shape' issue; its message names where (`levels.L1: …`) as the user's file spells keys. */
const fail = (message: string): Err<Issue> => err([{ code: 'bad-shape', path: [], message }]);

export interface MetricEstimate {
  /** The metric's key without `_rate`/`_ci95`, e.g. `logical_correction`. */
  readonly key: string;
  readonly label: string;
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

/** Display names of the metrics of episode-metrics.ts (others print their key). */
const METRIC_LABELS: Readonly<Record<string, string>> = {
  logical_correction: 'logical correction',
  nontrivial_syndrome_lcr: 'logical correction, non-trivial syndromes',
  hard_syndrome_lcr: 'logical correction, hard syndromes',
  pymatching_beat: 'beats matching',
  hard_syndrome_beat: 'beats matching, hard syndromes',
  exact_match: 'exact match (decoder frame)',
  exact_match_true: 'exact match (true error)',
  format_compliance: 'format compliance',
  format_partial: 'format partial',
  syndrome_consistency: 'syndrome consistency',
  mean_syndrome_consistency: 'mean syndrome consistency',
  mean_hamming_overlap: 'mean Hamming overlap',
  mean_total_reward: 'mean total reward',
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isInterval = (value: unknown): value is [number, number] =>
  Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v));

/** Every `<key>_ci95` interval of a metrics object with its estimate (`<key>` or `<key>_rate`). */
export function metricEstimates(metrics: Record<string, unknown>): MetricEstimate[] {
  return Object.entries(metrics).flatMap(([name, ci]) => {
    if (!name.endsWith('_ci95') || !isInterval(ci)) return [];
    const key = name.slice(0, -'_ci95'.length);
    const value = metrics[key] ?? metrics[`${key}_rate`];
    if (typeof value !== 'number') return [];
    return [{ key, label: METRIC_LABELS[key] ?? key.replaceAll('_', ' '), value, low: ci[0], high: ci[1] }];
  });
}

export interface EvalGroup {
  /** A level, or "all levels" for the pooled summary. */
  readonly group: string;
  readonly episodes: number;
  readonly metrics: readonly MetricEstimate[];
  /** The zeros and matching baselines' logical correction on the same episodes. */
  readonly baselines: { readonly zeros?: number; readonly matching?: number };
}

export interface EvalView {
  readonly name: string;
  readonly groups: readonly EvalGroup[];
}

const baselineRate = (metrics: Record<string, unknown>, key: string): number | undefined => {
  const comparison = metrics[key];
  const rate = isRecord(comparison) ? comparison['baseline_logical_correction_rate'] : undefined;
  return typeof rate === 'number' ? rate : undefined;
};

export function readEvalSummary(json: unknown): Result<EvalView> {
  if (!isRecord(json) || !isRecord(json['levels'])) return fail('not a `verilab eval` summary: no "levels" object');
  const entries: [string, unknown][] = Object.entries(json['levels']);
  if (isRecord(json['overall'])) entries.push(['all levels', json['overall']]);
  const groups: EvalGroup[] = [];
  for (const [group, metrics] of entries) {
    if (!isRecord(metrics) || typeof metrics['episodes'] !== 'number') return fail(`levels.${group}: no "episodes" count`);
    const estimates = metricEstimates(metrics);
    if (estimates.length === 0) return fail(`levels.${group}: no metric with a 95% interval (<metric>_ci95)`);
    const zeros = baselineRate(metrics, 'vs_zeros');
    const matching = baselineRate(metrics, 'vs_matching');
    groups.push({
      group,
      episodes: metrics['episodes'],
      metrics: estimates,
      baselines: { ...(zeros === undefined ? {} : { zeros }), ...(matching === undefined ? {} : { matching }) },
    });
  }
  if (groups.length === 0) return fail('the summary has no levels');
  return ok({ name: typeof json['name'] === 'string' ? json['name'] : 'policy', groups });
}

export interface BaselineCell {
  readonly level: string;
  readonly policy: string;
  readonly episodes: number;
  readonly metrics: readonly MetricEstimate[];
}

export function readBaselines(json: unknown): Result<BaselineCell[]> {
  if (!isRecord(json)) return fail('not a `verilab baselines` result: expected {"<level>": {"<policy>": {...}}}');
  const cells: BaselineCell[] = [];
  for (const [level, policies] of Object.entries(json)) {
    if (!isRecord(policies)) return fail(`${level}: expected an object of policies`);
    for (const [policy, metrics] of Object.entries(policies)) {
      // `optimal` on a level too large for exact decoding: nothing to draw.
      if (isRecord(metrics) && typeof metrics['unavailable'] === 'string') continue;
      if (!isRecord(metrics) || typeof metrics['episodes'] !== 'number') return fail(`${level}.${policy}: no "episodes" count`);
      cells.push({ level, policy, episodes: metrics['episodes'], metrics: metricEstimates(metrics) });
    }
  }
  if (cells.length === 0) return fail('no levels in the baselines file');
  return ok(cells);
}

export interface LevelShare {
  readonly file: string;
  readonly level: string;
  readonly rows: number;
  readonly pct: number;
  /** Share of the level's rows with a non-empty target, when reported. */
  readonly nonemptyPct?: number;
}

export function readDatasetAnalysis(json: unknown): Result<LevelShare[]> {
  if (!isRecord(json) || !isRecord(json['files'])) return fail('not a `verilab dataset analyze` report: no "files" object');
  const shares: LevelShare[] = [];
  for (const [file, analysis] of Object.entries(json['files'])) {
    if (!isRecord(analysis) || !isRecord(analysis['levels'])) return fail(`files.${file}: no "levels" counts`);
    const perLevel = isRecord(analysis['per_level']) ? analysis['per_level'] : {};
    const pcts = isRecord(analysis['level_pct']) ? analysis['level_pct'] : {};
    const total = Object.values(analysis['levels']).reduce<number>((sum, n) => sum + (typeof n === 'number' ? n : 0), 0);
    for (const [level, rows] of Object.entries(analysis['levels'])) {
      if (typeof rows !== 'number') return fail(`files.${file}.levels.${level}: not a count`);
      const pct = typeof pcts[level] === 'number' ? pcts[level] : total === 0 ? 0 : (100 * rows) / total;
      const detail = perLevel[level];
      const nonempty = isRecord(detail) && typeof detail['nonempty_pct'] === 'number' ? detail['nonempty_pct'] : undefined;
      shares.push({ file, level, rows, pct, ...(nonempty === undefined ? {} : { nonemptyPct: nonempty }) });
    }
  }
  if (shares.length === 0) return fail('the report has no files with levels');
  return ok(shares);
}
