import { useCallback, useEffect, useState } from 'react';

/**
 * A frame counter for animations (rounds of a syndrome, samples of a trajectory): while
 * `playing` it advances one frame every `intervalMs` and stops on the last; playing from the
 * last frame starts over. `setFrame` keeps its identity while the frame count does, so a
 * memoised view that only jumps frames does not redraw on unrelated renders.
 */
export interface Playback {
  readonly frame: number;
  readonly playing: boolean;
  setFrame(frame: number): void;
  toggle(): void;
}

export function usePlayback(frames: number, intervalMs: number): Playback {
  const [frame, setFrame] = useState(0);
  const [playing, setPlaying] = useState(false);
  const last = Math.max(0, frames - 1);
  const current = Math.min(frame, last);
  useEffect(() => {
    if (!playing) return undefined;
    if (current >= last) {
      setPlaying(false);
      return undefined;
    }
    const timer = setTimeout(() => setFrame(current + 1), intervalMs);
    return () => clearTimeout(timer);
  }, [playing, current, last, intervalMs]);
  const jump = useCallback(
    (f: number) => {
      setPlaying(false);
      setFrame(Math.max(0, Math.min(last, f)));
    },
    [last],
  );
  return {
    frame: current,
    playing,
    setFrame: jump,
    toggle: () => {
      if (!playing && current >= last) setFrame(0);
      setPlaying(!playing);
    },
  };
}
