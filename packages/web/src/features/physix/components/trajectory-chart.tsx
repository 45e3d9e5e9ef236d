import { useId, type ReactNode } from 'react';
import { useElementWidth } from '../../../hooks/use-element-width.ts';
import { linearScale, linePath, niceTicks, valueRange, type Scale } from '../utils/chart-geometry.ts';
import { formatNumber } from '../utils/format-number.ts';

/**
 * One state variable over time, the way a paper would plot it: observed samples as dots and
 * the prediction as a line on the same axes, with a legend, axis titles with units, and below
 * them the residuals (observed − predicted) around a zero line. Drawn at the container's real
 * width, so text keeps its size on a phone. Samples up to `frame` are drawn (the replay).
 */
export interface TrajectoryChartProps {
  readonly variable: string;
  /** The y axis title, with its unit. */
  readonly yLabel: string;
  readonly times: readonly number[];
  readonly observed: readonly number[];
  readonly predicted?: readonly number[] | undefined;
  readonly predictionLabel: string;
  readonly frame: number;
}

const OBSERVED = '#e2e8f0';
const PREDICTED = '#38bdf8';
const RESIDUAL = '#fbbf24';
const GRID = '#1e293b';
const TEXT = '#cbd5e1';
const FONT = 12;
const MARGIN = { left: 58, right: 12, top: 30, bottom: 40 };
const MAIN_HEIGHT = 230;
const RESIDUAL_HEIGHT = 120;

export function TrajectoryChart({ variable, yLabel, times, observed, predicted, predictionLabel, frame }: TrajectoryChartProps) {
  const [ref, width] = useElementWidth<HTMLDivElement>(480);
  const x = linearScale([times[0] ?? 0, times[times.length - 1] ?? 1], [MARGIN.left, width - MARGIN.right]);
  const shown = frame + 1;
  const id = useId().replace(/:/g, '');
  const residuals = predicted === undefined ? undefined : observed.map((v, i) => v - (predicted[i] ?? NaN));
  return (
    <figure ref={ref} className="min-w-0">
      <svg data-testid={`trajectory-${variable}`} width={width} height={MAIN_HEIGHT} className="block" role="img" aria-label={`${yLabel} against time: observed and ${predictionLabel}`}>
        <Axes x={x} y={linearScale(valueRange(observed, predicted), [MAIN_HEIGHT - MARGIN.bottom, MARGIN.top])} width={width} height={MAIN_HEIGHT} yLabel={yLabel} clipId={`clip-${id}`}>
          {(y) => (
            <>
              <g data-testid={`observed-${variable}`}>
                {observed.slice(0, shown).map((v, i) => (Number.isFinite(v) ? <circle key={i} cx={x(times[i] ?? 0)} cy={y(v)} r={2} fill={OBSERVED} /> : null))}
              </g>
              {predicted !== undefined && (
                <g data-testid={`predicted-${variable}`}>
                  <path d={linePath(times.slice(0, shown), predicted.slice(0, shown), x, y)} fill="none" stroke={PREDICTED} strokeWidth={2} />
                </g>
              )}
              <Marker x={x} y={y} times={times} values={predicted ?? observed} frame={frame} color={predicted === undefined ? OBSERVED : PREDICTED} />
            </>
          )}
        </Axes>
        <g transform={`translate(${MARGIN.left} 6)`} fontSize={FONT} fill={TEXT}>
          <circle cx={5} cy={8} r={3} fill={OBSERVED} />
          <text x={14} y={8} dominantBaseline="central">
            observed (noisy)
          </text>
          <line x1={130} x2={150} y1={8} y2={8} stroke={PREDICTED} strokeWidth={2} opacity={predicted === undefined ? 0.4 : 1} />
          <text x={156} y={8} dominantBaseline="central">
            {predicted === undefined ? 'no prediction yet' : predictionLabel}
          </text>
        </g>
      </svg>
      {residuals !== undefined && (
        <svg data-testid={`residuals-${variable}`} width={width} height={RESIDUAL_HEIGHT} className="block" role="img" aria-label={`residuals of ${variable}: observed minus ${predictionLabel}`}>
          <Axes x={x} y={linearScale(symmetricRange(residuals), [RESIDUAL_HEIGHT - MARGIN.bottom, 10])} width={width} height={RESIDUAL_HEIGHT} yLabel={`residual${/ \([^)]+\)$/.exec(yLabel)?.[0] ?? ''}`} clipId={`clip-residual-${id}`}>
            {(y) => (
              <>
                <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(0)} y2={y(0)} stroke="#64748b" strokeDasharray="4 3" />
                {residuals.slice(0, shown).map((v, i) => (Number.isFinite(v) ? <circle key={i} cx={x(times[i] ?? 0)} cy={y(v)} r={1.8} fill={RESIDUAL} /> : null))}
              </>
            )}
          </Axes>
        </svg>
      )}
    </figure>
  );
}

/** Grid, ticks and titles around a plot; `children` draws the data clipped to the plot area. */
function Axes({ x, y, width, height, yLabel, clipId, children }: { x: Scale; y: Scale; width: number; height: number; yLabel: string; clipId: string; children: (y: Scale) => ReactNode }) {
  const bottom = height - MARGIN.bottom;
  const top = y(y.domain[1]);
  const xTicks = niceTicks(...x.domain, Math.max(2, Math.floor((width - MARGIN.left) / 70)));
  return (
    <>
      <defs>
        <clipPath id={clipId}>
          <rect x={MARGIN.left} y={top} width={width - MARGIN.left - MARGIN.right} height={bottom - top} />
        </clipPath>
      </defs>
      {niceTicks(...y.domain, 4).map((tick) => (
        <g key={tick}>
          <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke={GRID} />
          <text x={MARGIN.left - 5} y={y(tick)} fontSize={FONT - 1} fill={TEXT} textAnchor="end" dominantBaseline="central">
            {formatNumber(tick)}
          </text>
        </g>
      ))}
      {xTicks.map((tick) => (
        <text key={tick} x={x(tick)} y={bottom + 15} fontSize={FONT - 1} fill={TEXT} textAnchor="middle">
          {formatNumber(tick)}
        </text>
      ))}
      <line x1={MARGIN.left} x2={width - MARGIN.right} y1={bottom} y2={bottom} stroke="#475569" />
      <text x={(MARGIN.left + width - MARGIN.right) / 2} y={height - 6} fontSize={FONT} fill={TEXT} textAnchor="middle">
        time t (s)
      </text>
      <text transform={`translate(13 ${(top + bottom) / 2}) rotate(-90)`} fontSize={FONT} fill={TEXT} textAnchor="middle">
        {yLabel}
      </text>
      <g clipPath={`url(#${clipId})`}>{children(y)}</g>
    </>
  );
}

function Marker({ x, y, times, values, frame, color }: { x: Scale; y: Scale; times: readonly number[]; values: readonly number[]; frame: number; color: string }) {
  const value = values[frame];
  const t = times[Math.min(frame, times.length - 1)] ?? 0;
  if (value === undefined || !Number.isFinite(value)) return null;
  return <circle cx={x(t)} cy={y(value)} r={4.5} fill={color} stroke="#0f172a" strokeWidth={1.5} />;
}

/** A range centred on zero that holds the finite residuals, so over- and under-prediction read alike. */
function symmetricRange(values: readonly number[]): [number, number] {
  const largest = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
  const half = (largest || 1) * 1.1;
  return [-half, half];
}
