import { memo, useCallback, useEffect, useRef } from 'react';
import { Button } from '../../../components/ui.tsx';
import type { Playback } from '../../../hooks/use-playback.ts';
import type { RoundEvents } from '../utils/detection-rounds.ts';
import { STABILIZER_COLORS } from './lattice-view.tsx';

/**
 * Rounds of the shot: a slider with play/pause, and a raster of every round (rows) by
 * stabiliser (columns, labelled and coloured by X/Z type), lit where a detector fired; a row
 * click, or Enter on a focused row, jumps to that round. The raster scrolls sideways inside
 * its own box when a big code has more columns than the screen is wide, its round labels
 * staying in view. It is memoised and painted once per shot: a click on a qubit must not
 * redraw it, and a step of the rounds only moves the current round's band.
 */
const CELL = 18;
const LABEL_WIDTH = 92;
const HEADER = 30;
const ROW_LABEL_COLOR = '#cbd5e1';
const FIRED_CELL = '#f59e0b';
const WATCHED_CELL = '#334155';
const UNWATCHED_EDGE = '#1e293b';

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

/** Canvas pixels per CSS pixel: the screen's, at most 2 (a d = 25 raster stays within canvas size limits). */
const pixelRatio = () => Math.min(2, Math.max(1, window.devicePixelRatio || 1));

/** A canvas of `width` × `height` CSS pixels drawn by `draw` whenever `draw` changes (not on every render). */
function RasterCanvas({ width, height, draw, className }: { width: number; height: number; draw: (context: CanvasRenderingContext2D) => void; className?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    const context = canvas?.getContext('2d');
    if (canvas === null || context === null || context === undefined) return;
    const ratio = pixelRatio();
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, height);
    draw(context);
  }, [width, height, draw]);
  return <canvas ref={ref} aria-hidden="true" className={className} style={{ width, height }} />;
}

/**
 * The raster, painted on canvases (at d = 15, r = 30 it is 7000 cells: as SVG that many nodes
 * make every click's style and paint slow): row labels on one that stays at the left while the
 * cells scroll sideways, the cells and their X/Z column labels on the other. Over them, the
 * current round's band and one button per round (what a keyboard and a screen reader use, its
 * label listing the round's events).
 */
const RoundRaster = memo(function RoundRaster({ rounds, names, frame, onFrame }: { rounds: readonly RoundEvents[]; names: readonly string[]; frame: number; onFrame: (frame: number) => void }) {
  const cellsWidth = names.length * CELL;
  const height = HEADER + rounds.length * CELL;
  const drawLabels = useCallback(
    (context: CanvasRenderingContext2D) => {
      context.font = '11px ui-sans-serif, system-ui, sans-serif';
      context.textBaseline = 'middle';
      context.fillStyle = ROW_LABEL_COLOR;
      for (const round of rounds) context.fillText(round.label, 4, HEADER + round.round * CELL + CELL / 2);
    },
    [rounds],
  );
  const drawCells = useCallback(
    (context: CanvasRenderingContext2D) => {
      context.font = '10px ui-sans-serif, system-ui, sans-serif';
      names.forEach((name, s) => {
        context.save();
        context.translate(s * CELL + CELL / 2 + 3, HEADER - 3);
        context.rotate(-Math.PI / 3);
        context.fillStyle = STABILIZER_COLORS[name.startsWith('X') ? 'X' : 'Z'];
        context.fillText(name, 0, 0);
        context.restore();
      });
      for (const round of rounds) {
        const y = HEADER + round.round * CELL;
        const watched = new Set(round.watched);
        const fired = new Set(round.fired);
        names.forEach((_, s) => {
          const x = s * CELL;
          if (fired.has(s) || watched.has(s)) {
            context.fillStyle = fired.has(s) ? FIRED_CELL : WATCHED_CELL;
            context.fillRect(x + 1, y + 1, CELL - 2, CELL - 2);
          } else {
            context.strokeStyle = UNWATCHED_EDGE;
            context.strokeRect(x + 1.5, y + 1.5, CELL - 3, CELL - 3);
          }
        });
      }
    },
    [rounds, names],
  );
  return (
    <div className="max-w-full overflow-x-auto" role="group" aria-label="detection events by round">
      <div className="relative flex" style={{ width: LABEL_WIDTH + cellsWidth, height }}>
        <RasterCanvas width={LABEL_WIDTH} height={height} draw={drawLabels} className="sticky left-0 z-10 shrink-0 bg-slate-900" />
        <RasterCanvas width={cellsWidth} height={height} draw={drawCells} className="shrink-0" />
        <div className="pointer-events-none absolute left-0 z-20 w-full bg-amber-500/15" style={{ top: HEADER + frame * CELL, height: CELL }} />
        {rounds.map((round) => (
          <RoundButton key={round.round} round={round} names={names} active={round.round === frame} onFrame={onFrame} />
        ))}
      </div>
    </div>
  );
});

/** One round's button over its raster row; memoised, so stepping rounds re-renders only the two whose state changes. */
const RoundButton = memo(function RoundButton({ round, names, active, onFrame }: { round: RoundEvents; names: readonly string[]; active: boolean; onFrame: (frame: number) => void }) {
  const summary = `${round.label}: ${round.fired.length} event${round.fired.length === 1 ? '' : 's'}${round.fired.length > 0 ? ` (${round.fired.map((s) => names[s]).join(', ')})` : ''}`;
  return (
    <button
      type="button"
      aria-label={summary}
      aria-current={active ? 'step' : undefined}
      title={summary}
      className="absolute left-0 z-30 w-full cursor-pointer bg-transparent"
      style={{ top: HEADER + round.round * CELL, height: CELL }}
      onClick={() => onFrame(round.round)}
    />
  );
});
