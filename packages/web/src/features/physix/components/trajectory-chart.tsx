import { linearScale, linePath, niceTicks, tickLabel, valueRange } from '../utils/chart-geometry.ts';

/**
 * One state variable over time as SVG: observed samples as dots, a prediction as a line, drawn
 * up to `frame` (the animation's current sample) with a marker on it. `ghost` draws the other
 * series faintly behind, for reference.
 */
export interface TrajectoryChartProps {
  readonly title: string;
  readonly times: readonly number[];
  readonly observed: readonly number[];
  readonly predicted?: readonly number[] | undefined;
  /** Which series this chart is about; the other one is drawn as the faint reference. */
  readonly focus: 'observed' | 'predicted';
  readonly frame: number;
  readonly color: string;
  readonly testId?: string;
}

const WIDTH = 320;
const HEIGHT = 150;
const MARGIN = { left: 44, right: 10, top: 20, bottom: 22 };

export function TrajectoryChart({ title, times, observed, predicted, focus, frame, color, testId }: TrajectoryChartProps) {
  const x = linearScale([times[0] ?? 0, times[times.length - 1] ?? 1], [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale(valueRange(observed, predicted), [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const shown = frame + 1;
  const clipId = `clip-${testId ?? title}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const t = times[Math.min(frame, times.length - 1)] ?? 0;
  const markerValue = (focus === 'observed' ? observed : predicted)?.[frame];
  return (
    <svg data-testid={testId} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="block h-auto w-full" role="img" aria-label={title}>
      <defs>
        <clipPath id={clipId}>
          <rect x={MARGIN.left} y={MARGIN.top} width={WIDTH - MARGIN.left - MARGIN.right} height={HEIGHT - MARGIN.top - MARGIN.bottom} />
        </clipPath>
      </defs>
      <text x={MARGIN.left} y={12} fontSize={11} fill="#cbd5e1">
        {title}
      </text>
      {niceTicks(...y.domain, 4).map((tick) => (
        <g key={tick}>
          <line x1={MARGIN.left} x2={WIDTH - MARGIN.right} y1={y(tick)} y2={y(tick)} stroke="#1e293b" />
          <text x={MARGIN.left - 4} y={y(tick)} fontSize={9} fill="#64748b" textAnchor="end" dominantBaseline="central">
            {tickLabel(tick)}
          </text>
        </g>
      ))}
      {niceTicks(...x.domain, 5).map((tick) => (
        <text key={tick} x={x(tick)} y={HEIGHT - 8} fontSize={9} fill="#64748b" textAnchor="middle">
          {tickLabel(tick)}
        </text>
      ))}
      <g clipPath={`url(#${clipId})`}>
        {focus === 'predicted' && <path d={linePath(times, observed, x, y)} fill="none" stroke="#475569" strokeWidth={1} />}
        {focus === 'observed' && predicted !== undefined && <path d={linePath(times, predicted, x, y)} fill="none" stroke="#334155" strokeWidth={1} strokeDasharray="3 3" />}
        {focus === 'observed'
          ? observed.slice(0, shown).map((v, i) => <circle key={i} cx={x(times[i] ?? 0)} cy={y(v)} r={1.8} fill={color} />)
          : predicted !== undefined && <path d={linePath(times.slice(0, shown), predicted.slice(0, shown), x, y)} fill="none" stroke={color} strokeWidth={2} />}
        <line x1={x(t)} x2={x(t)} y1={MARGIN.top} y2={HEIGHT - MARGIN.bottom} stroke="#475569" strokeDasharray="2 3" />
        {markerValue !== undefined && Number.isFinite(markerValue) && <circle cx={x(t)} cy={y(markerValue)} r={4.5} fill={color} stroke="#0f172a" strokeWidth={1.5} />}
      </g>
      {focus === 'predicted' && predicted === undefined && (
        <text x={(MARGIN.left + WIDTH - MARGIN.right) / 2} y={HEIGHT / 2} fontSize={11} fill="#64748b" textAnchor="middle">
          no prediction yet
        </text>
      )}
    </svg>
  );
}
