import { Button } from '../../../components/ui.tsx';
import type { Playback } from '../../../hooks/use-playback.ts';
import type { RoundEvents } from '../utils/detection-rounds.ts';

/**
 * Rounds of the shot: a slider with play/pause, and a raster of every round (rows) by
 * stabiliser (columns), lit where a detector fired; a row click jumps to that round.
 */
export function RoundControls({ rounds, names, playback }: { rounds: readonly RoundEvents[]; names: readonly string[]; playback: Playback }) {
  const current = rounds[playback.frame];
  const cell = 18;
  const labelWidth = 92;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-3">
        <Button onClick={playback.toggle} className="w-20" aria-label={playback.playing ? 'pause rounds' : 'play rounds'}>
          {playback.playing ? 'Pause' : 'Play'}
        </Button>
        <input
          type="range"
          aria-label="round"
          data-testid="round-slider"
          min={0}
          max={rounds.length - 1}
          value={playback.frame}
          onChange={(event) => playback.setFrame(Number(event.target.value))}
          className="flex-1 accent-amber-500"
        />
        <span data-testid="round-label" className="w-44 text-right text-sm text-slate-300">
          {current?.label}: {current?.fired.length ?? 0} event{current?.fired.length === 1 ? '' : 's'}
        </span>
      </div>
      <div className="overflow-x-auto">
        <svg width={labelWidth + names.length * cell} height={rounds.length * cell} className="block" aria-label="detection events by round">
          {rounds.map((round) => {
            const watched = new Set(round.watched);
            const fired = new Set(round.fired);
            const active = round.round === playback.frame;
            return (
              <g key={round.round} className="cursor-pointer" onClick={() => playback.setFrame(round.round)}>
                <rect x={0} y={round.round * cell} width={labelWidth + names.length * cell} height={cell} fill={active ? 'rgba(245, 158, 11, 0.12)' : 'transparent'} />
                <text x={4} y={round.round * cell + cell / 2} dominantBaseline="central" fontSize={11} fill={active ? '#fcd34d' : '#94a3b8'}>
                  {round.label}
                </text>
                {names.map((name, s) => (
                  <rect
                    key={name}
                    x={labelWidth + s * cell + 1}
                    y={round.round * cell + 1}
                    width={cell - 2}
                    height={cell - 2}
                    rx={2}
                    fill={fired.has(s) ? '#f59e0b' : watched.has(s) ? '#334155' : 'transparent'}
                    stroke={watched.has(s) ? 'none' : '#1e293b'}
                  >
                    <title>{`${round.label}, ${name}: ${fired.has(s) ? 'fired' : watched.has(s) ? 'quiet' : 'no detector'}`}</title>
                  </rect>
                ))}
              </g>
            );
          })}
        </svg>
      </div>
    </div>
  );
}
