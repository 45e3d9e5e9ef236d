/**
 * Bar charts of the Qubit-Medic CLI's results, each estimate drawn with its 95% interval as the
 * files report it (Wilson for rates, normal for means — see @verilab/qubit-medic statistics):
 * an eval summary's metrics per level, the baselines' policies compared per level, and the level
 * mix of an SFT dataset.
 */
import * as Plot from '@observablehq/plot';
import type { BaselineCell, EvalView, LevelShare } from './cli-json.ts';
import { plotToSvg } from './plot-svg.ts';

const fixed = (v: number, digits = 3) => String(Number(v.toFixed(digits)));
const interval = (low: number, high: number) => `[${fixed(low)}, ${fixed(high)}]`;

/** Title and subtitle above the frame, once even when the figure has panels (facet: super). */
const heading = (title: string, subtitle: string, dx = 0, dy = 0): Plot.Markish[] => [
  Plot.text([title], { frameAnchor: 'top-left', dx, dy: dy - 44, textAnchor: 'start', fontSize: 15, fontWeight: 'bold', facet: 'super', className: 'title' }),
  Plot.text([subtitle], { frameAnchor: 'top-left', dx, dy: dy - 26, textAnchor: 'start', fontSize: 11, fill: '#555', facet: 'super', className: 'subtitle' }),
];

/** Panel names at each panel's top left (the right-hand facet axis would collide with value labels). */
const panelLabels = (panels: readonly string[], dx: number): Plot.Markish =>
  Plot.text(panels, { fy: (p: string) => p, text: (p: string) => p, frameAnchor: 'top-left', dx, dy: -14, textAnchor: 'start', fontSize: 12, fontWeight: 'bold', className: 'panel-label' });

/** An eval summary: one row per metric, one panel per level (and all levels pooled). */
export function evalFigure(view: EvalView): string {
  const rows = view.groups.flatMap((g) => g.metrics.map((m) => ({ group: g.group, ...m })));
  const labels = [...new Set(rows.map((row) => row.label))];
  const groups = view.groups.map((g) => g.group);
  const baselines = view.groups.flatMap((g) =>
    (['zeros', 'matching'] as const).flatMap((name) => {
      const rate = g.baselines[name];
      return rate === undefined ? [] : [{ group: g.group, label: 'logical correction', name, rate }];
    }),
  );
  const xMax = Math.max(1, ...rows.map((row) => row.high));
  const episodes = view.groups[0]!.episodes;
  return plotToSvg({
    width: 900,
    height: 90 + groups.length * (labels.length * 22 + 40),
    marginTop: 84,
    marginLeft: 270,
    marginRight: 180,
    x: { domain: [0, xMax], grid: true, label: 'rate or mean (95% interval)', labelAnchor: 'center', labelArrow: 'none' },
    y: { domain: labels, label: null },
    fy: { domain: groups, axis: null, padding: 0.12 },
    color: { domain: ['zeros', 'matching'], range: ['#e15759', '#59a14f'] },
    marks: [
      Plot.barX(rows, { x: 'value', y: 'label', fy: 'group', fill: '#4e79a7', fillOpacity: 0.75, className: 'metric-bar' }),
      Plot.ruleY(rows, { x1: 'low', x2: 'high', y: 'label', fy: 'group', stroke: 'black', className: 'interval' }),
      Plot.tickX(rows, { x: 'low', y: 'label', fy: 'group', stroke: 'black', insetTop: 6, insetBottom: 6 }),
      Plot.tickX(rows, { x: 'high', y: 'label', fy: 'group', stroke: 'black', insetTop: 6, insetBottom: 6 }),
      Plot.tickX(baselines, { x: 'rate', y: 'label', fy: 'group', stroke: 'name', strokeWidth: 3, className: 'baseline' }),
      Plot.text(rows, { x: xMax, y: 'label', fy: 'group', text: (r: (typeof rows)[number]) => `${fixed(r.value)} ${interval(r.low, r.high)}`, textAnchor: 'start', dx: 8, fontSize: 10, className: 'value-label' }),
      panelLabels(groups, -260),
      ...heading(`Eval: ${view.name} (${episodes} episodes per level)`, 'bars: estimates; whiskers: 95% intervals; red and green ticks: logical correction of the zeros and matching baselines on the same seeds', -260, -18),
    ],
  });
}

/** Baselines: the policies side by side per level, on one metric (default logical correction). */
export function baselinesFigure(cells: readonly BaselineCell[], metric: string): string {
  const rows = cells.flatMap((cell) => {
    const estimate = cell.metrics.find((m) => m.key === metric);
    return estimate === undefined ? [] : [{ level: cell.level, policy: cell.policy, episodes: cell.episodes, ...estimate }];
  });
  if (rows.length === 0) throw new RangeError(`no policy reports "${metric}" with a 95% interval`);
  const levels = [...new Set(rows.map((row) => row.level))];
  const policies = [...new Set(rows.map((row) => row.policy))];
  const episodes = [...new Set(rows.map((row) => row.episodes))].join('/');
  const yMax = 1.1 * Math.max(1, ...rows.map((row) => row.high));
  return plotToSvg({
    width: Math.max(560, 120 + levels.length * (policies.length * 70 + 30)),
    height: 440,
    marginTop: 84,
    marginBottom: 40,
    marginLeft: 60,
    x: { domain: policies, label: null, axis: null },
    fx: { domain: levels, label: null, axis: 'top' },
    y: { domain: [0, yMax], grid: true, label: `${rows[0]!.label} (Wilson 95%)`, labelAnchor: 'center', labelArrow: 'none' },
    color: { domain: policies, scheme: 'tableau10' },
    marks: [
      Plot.barY(rows, { x: 'policy', fx: 'level', y: 'value', fill: 'policy', fillOpacity: 0.8, className: 'policy-bar' }),
      Plot.ruleX(rows, { x: 'policy', fx: 'level', y1: 'low', y2: 'high', stroke: 'black', className: 'interval' }),
      Plot.tickY(rows, { x: 'policy', fx: 'level', y: 'low', stroke: 'black', insetLeft: 18, insetRight: 18 }),
      Plot.tickY(rows, { x: 'policy', fx: 'level', y: 'high', stroke: 'black', insetLeft: 18, insetRight: 18 }),
      Plot.text(rows, { x: 'policy', fx: 'level', y: 0, text: 'policy', dy: 10, lineAnchor: 'top', fontSize: 10, className: 'policy-label' }),
      Plot.text(rows, { x: 'policy', fx: 'level', y: 'high', text: (r: (typeof rows)[number]) => fixed(r.value), dy: -8, fontSize: 10, className: 'value-label' }),
      ...heading(`Baselines: ${rows[0]!.label} per level`, `${episodes} episodes per level and policy; whiskers: Wilson 95% intervals`, 0, -20),
    ],
  });
}

/** An SFT dataset's level mix: rows per level (share and non-empty share), one panel per file. */
export function datasetMixFigure(shares: readonly LevelShare[]): string {
  const files = [...new Set(shares.map((s) => s.file))];
  const levels = [...new Set(shares.map((s) => s.level))];
  const xMax = Math.max(...shares.map((s) => s.rows));
  const describe = (s: LevelShare) => `${s.rows} rows (${fixed(s.pct, 1)}%)${s.nonemptyPct === undefined ? '' : `, ${fixed(s.nonemptyPct, 1)}% non-empty`}`;
  return plotToSvg({
    width: 820,
    height: 90 + files.length * (levels.length * 30 + 44),
    marginTop: 84,
    marginLeft: 130,
    marginRight: 150,
    x: { domain: [0, xMax * 1.45], grid: true, label: 'rows', labelAnchor: 'center', labelArrow: 'none' },
    y: { domain: levels, label: null },
    fy: { domain: files, axis: null, padding: 0.15 },
    color: { domain: levels, scheme: 'tableau10' },
    marks: [
      Plot.barX(shares, { x: 'rows', y: 'level', fy: 'file', fill: 'level', fillOpacity: 0.8, className: 'level-bar' }),
      Plot.text(shares, { x: 'rows', y: 'level', fy: 'file', text: describe, textAnchor: 'start', dx: 6, fontSize: 10, className: 'value-label' }),
      panelLabels(files, -120),
      ...heading('SFT dataset: level mix', `${files.length} file${files.length === 1 ? '' : 's'}; from \`verilab dataset analyze\``, -120, -18),
    ],
  });
}
