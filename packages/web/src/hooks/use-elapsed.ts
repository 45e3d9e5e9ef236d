import { useEffect, useState } from 'react';

/** Seconds since `active` turned true, ticking ten times a second while it stays true (for "waiting for the model… 3.2 s"). */
export function useElapsed(active: boolean): number {
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    if (!active) return undefined;
    const started = performance.now();
    setElapsed(0);
    const timer = setInterval(() => setElapsed((performance.now() - started) / 1000), 100);
    return () => clearInterval(timer);
  }, [active]);
  return elapsed;
}
