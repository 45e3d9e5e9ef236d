import { memo } from 'react';
import { Button } from '../../../components/ui.tsx';
import type { Playback } from '../../../hooks/use-playback.ts';
import type { RoundEvents } from '../utils/detection-rounds.ts';
import { STABILIZER_COLORS } from './lattice-view.tsx';

/**
 * Rounds of the shot: a slider with play/pause, and a raster of every round (rows) by
 * stabiliser (columns, labelled and coloured by X/Z type), lit where a detector fired; a row
 * click, or Enter on a focused row, jumps to that round. The raster scrolls sideways inside
 * its own box when a big code has more columns than the screen is wide. The raster is
 * memoised: at d = 15, r = 30 it is thousands of cells, and a click on a qubit must not
 * redraw it, nor a step of the rounds more than two rows.
 */
const CELL = 18;
const LABEL_WIDTH = 92;
const HEADER = 30;

export function RoundControls({ rounds, names, playback }: { rounds: readonly RoundEvents[]; names: readonly string[]; playback: Playback }) {
  const current = rounds[playback.frame];
  return (
    <div className="flex min-w-0 flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <Button onClick={playback.toggle} className="w-20" aria-label={playback.playing ? 'pause rounds' : 'play rounds'}>
          {playback.playing ? 'Pause' : 'Play'}
        </Button>
        <input
          type="range"
          aria-label="round"
          aria-valuetext={current?.label}
          data-testid="round-slider"
          min={0}
          max={rounds.length - 1}
          value={playback.frame}
          onChange={(event) => playback.setFrame(Number(event.target.value))}
          className="min-w-24 flex-1 accent-amber-500"
        />
        <span data-testid="round-label" aria-live="polite" className="text-sm text-slate-300 sm:w-44 sm:text-right">
          {current?.label}: {current?.fired.length ?? 0} event{current?.fired.length === 1 ? '' : 's'}
        </span>
      </div>
      <RoundRaster rounds={rounds} names={names} frame={playback.frame} onFrame={playback.setFrame} />
    </div>
  );
}

const RoundRaster = memo(function RoundRaster({ rounds, names, frame, onFrame }: { rounds: readonly RoundEvents[]; names: readonly string[]; frame: number; onFrame: (frame: number) => void }) {
  const width = LABEL_WIDTH + names.length * CELL;
  return (
    <div className="max-w-full overflow-x-auto">
      <svg width={width} height={HEADER + rounds.length * CELL} className="block" role="group" aria-label="detection events by round">
        {names.map((name, s) => (
          <text key={name} transform={`translate(${LABEL_WIDTH + s * CELL + CELL / 2 + 3} ${HEADER - 3}) rotate(-60)`} fontSize={10} fill={STABILIZER_COLORS[name.startsWith('X') ? 'X' : 'Z']}>
            {name}
          </text>
        ))}
        {rounds.map((round) => (
          <RoundRow key={round.round} round={round} names={names} active={round.round === frame} onFrame={onFrame} />
        ))}
      </svg>
    </div>
  );
});

/** One round of the raster; memoised, so stepping rounds redraws only the two rows whose highlight changes. */
const RoundRow = memo(function RoundRow({ round, names, active, onFrame }: { round: RoundEvents; names: readonly string[]; active: boolean; onFrame: (frame: number) => void }) {
  const watched = new Set(round.watched);
  const fired = new Set(round.fired);
  const y = HEADER + round.round * CELL;
  const width = LABEL_WIDTH + names.length * CELL;
  const summary = `${round.label}: ${round.fired.length} event${round.fired.length === 1 ? '' : 's'}${round.fired.length > 0 ? ` (${round.fired.map((s) => names[s]).join(', ')})` : ''}`;
  return (
    <g
      role="button"
      tabIndex={0}
      aria-label={summary}
      aria-current={active ? 'step' : undefined}
      className="cursor-pointer"
      onClick={() => onFrame(round.round)}
      onKeyDown={(event) => {
        if (event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        onFrame(round.round);
      }}
    >
      <title>{summary}</title>
      <rect className="focus-ring" x={0.5} y={y + 0.5} width={width - 1} height={CELL - 1} fill={active ? 'rgba(245, 158, 11, 0.12)' : 'transparent'} stroke="none" strokeWidth={1.5} />
      <text x={4} y={y + CELL / 2} dominantBaseline="central" fontSize={11} fill={active ? '#fcd34d' : '#cbd5e1'}>
        {round.label}
      </text>
      {names.map((name, s) => (
        <rect
          key={name}
          x={LABEL_WIDTH + s * CELL + 1}
          y={y + 1}
          width={CELL - 2}
          height={CELL - 2}
          rx={2}
          fill={fired.has(s) ? '#f59e0b' : watched.has(s) ? '#334155' : 'transparent'}
          stroke={watched.has(s) ? 'none' : '#1e293b'}
        />
      ))}
    </g>
  );
});
