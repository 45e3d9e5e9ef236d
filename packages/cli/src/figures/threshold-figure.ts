/**
 * The threshold plot Sinter draws (`sinter plot --x_func m.p --group_func m.d`): logical error
 * rate against physical error rate per code distance, log-log, each point with its
 * likelihood-ratio interval (Sinter's default factor 1000) as an error bar and a band. Per round,
 * rates go through Sinter's shot→round conversion. Where the curves cross is the threshold.
 */
import * as Plot from '@observablehq/plot';
import { fitBinomial, fitPerPiece } from '../sweep/binomial-fit.ts';
import { readSweepMetadata } from '../sweep/sweep-config.ts';
import type { TaskStats } from '../sweep/task-stats.ts';
import { formatTick, logDomain, logTicks } from './log-ticks.ts';
import { plotToSvg } from './plot-svg.ts';

/** Sinter's `--highlight_max_likelihood_factor` default. */
export const LIKELIHOOD_FACTOR = 1000;

export interface ThresholdPoint {
  readonly series: string;
  readonly d: number;
  readonly r: number;
  readonly p: number;
  readonly shots: number;
  readonly errors: number;
  readonly low: number;
  readonly best: number;
  readonly high: number;
}

export interface ThresholdData {
  readonly points: readonly ThresholdPoint[];
  /** What all points share (basis, noise, rounds, decoder), for the subtitle. */
  readonly common: string;
}

/** Points from the tasks of a Sinter CSV (tasks without d, p, r metadata are skipped). */
export function thresholdData(tasks: Iterable<TaskStats>, perRound: boolean): ThresholdData {
  const rows = [...tasks].flatMap((task) => {
    const m = readSweepMetadata(task.metadata);
    return m === undefined || task.shots === 0 ? [] : [{ task, m }];
  });
  const distinct = <T>(f: (row: (typeof rows)[number]) => T) => new Set(rows.map(f));
  const bases = distinct((row) => row.m.basis);
  const noises = distinct((row) => row.m.noise);
  const decoders = distinct((row) => row.task.decoder);
  const roundsEqualD = rows.every((row) => row.m.r === row.m.d);
  const rounds = distinct((row) => row.m.r);
  const label = (row: (typeof rows)[number]) =>
    [
      `d=${row.m.d}`,
      bases.size > 1 ? row.m.basis : '',
      noises.size > 1 ? row.m.noise : '',
      decoders.size > 1 ? row.task.decoder : '',
      !roundsEqualD && rounds.size > 1 ? `r=${row.m.r}` : '',
    ]
      .filter((part) => part !== '')
      .join(' ');
  const points = rows.map((row) => {
    const shotFit = fitBinomial(row.task.shots, row.task.errors, LIKELIHOOD_FACTOR);
    const fit = perRound ? fitPerPiece(shotFit, row.m.r) : shotFit;
    return { series: label(row), d: row.m.d, r: row.m.r, p: row.m.p, shots: row.task.shots, errors: row.task.errors, ...fit };
  });
  points.sort((a, b) => a.d - b.d || a.series.localeCompare(b.series) || a.p - b.p);
  const common = [
    bases.size === 1 ? `${[...bases][0]} memory` : '',
    noises.size === 1 ? `${[...noises][0]} noise` : '',
    roundsEqualD ? 'rounds = d' : rounds.size === 1 ? `rounds = ${[...rounds][0]}` : '',
    decoders.size === 1 ? `${[...decoders][0]} decoder` : '',
  ]
    .filter((part) => part !== '')
    .join(', ');
  return { points, common };
}

export function thresholdFigure(data: ThresholdData, options: { perRound: boolean }): string {
  const { points } = data;
  if (points.length === 0) throw new RangeError('no sweep tasks (rows with d, p and r in json_metadata) to plot');
  const series = [...new Set(points.map((point) => point.series))];
  const [xMin, xMax] = logDomain(points.map((point) => point.p));
  const [yMin, yMax] = logDomain(points.flatMap((point) => [point.low, point.best, point.high]));
  const clamp = (y: number) => Math.max(y, yMin);
  const xTicks = logTicks(xMin, xMax);
  const yTicks = logTicks(yMin, yMax);
  const bars = points.map((point) => ({ ...point, low: clamp(point.low) }));
  const seen = points.filter((point) => point.best > 0);
  const unit = options.perRound ? 'per round' : 'per shot';
  return plotToSvg({
    width: 720,
    height: 520,
    marginTop: 56,
    marginLeft: 70,
    marginBottom: 48,
    x: { type: 'log', domain: [xMin, xMax] },
    y: { type: 'log', domain: [yMin, yMax] },
    color: { type: 'ordinal', domain: series, scheme: 'tableau10' },
    marks: [
      Plot.gridX(xTicks.major, { strokeOpacity: 0.1 }),
      Plot.gridY(yTicks.major, { strokeOpacity: 0.1 }),
      Plot.axisX(xTicks.major, { tickFormat: formatTick, label: 'physical error rate p', labelAnchor: 'center', labelArrow: 'none' }),
      Plot.axisX(xTicks.minor, { tickFormat: () => '', tickSize: 3, label: null, ariaLabel: 'x-axis minor' }),
      Plot.axisY(yTicks.major, { tickFormat: formatTick, label: `logical error rate (${unit})`, labelAnchor: 'center', labelArrow: 'none' }),
      Plot.axisY(yTicks.minor, { tickFormat: () => '', tickSize: 3, label: null, ariaLabel: 'y-axis minor' }),
      Plot.areaY(bars, { x: 'p', y1: 'low', y2: 'high', z: 'series', fill: 'series', fillOpacity: 0.15, className: 'interval-band' }),
      Plot.ruleX(bars, { x: 'p', y1: 'low', y2: 'high', stroke: 'series', strokeOpacity: 0.8, className: 'error-bar' }),
      Plot.line(seen, { x: 'p', y: 'best', z: 'series', stroke: 'series', strokeWidth: 1.5, className: 'series-line' }),
      Plot.dot(seen, {
        x: 'p',
        y: 'best',
        fill: 'series',
        r: 3,
        className: 'series-dot',
        title: (point: ThresholdPoint) => `${point.series}, p=${point.p}: ${point.errors} errors / ${point.shots} shots`,
      }),
      ...series.map((s, i) =>
        Plot.text([s], { text: (t: string) => `● ${t}`, fill: (t: string) => t, frameAnchor: 'top-left', dx: 10, dy: 12 + 16 * i, textAnchor: 'start', fontSize: 12, className: 'legend' }),
      ),
      Plot.text([`Logical error rate ${unit} vs p`], { frameAnchor: 'top-left', dy: -40, textAnchor: 'start', fontSize: 15, fontWeight: 'bold', className: 'title' }),
      Plot.text([`${data.common}; bands: likelihood ratio ≤ ${LIKELIHOOD_FACTOR} (Sinter)`], { frameAnchor: 'top-left', dy: -20, textAnchor: 'start', fontSize: 11, fill: '#555', className: 'subtitle' }),
    ],
  });
}
