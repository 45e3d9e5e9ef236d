const MINUTE_MS = 60_000;

/**
 * A per-minute call limit over `window`, the start times of recent calls, oldest first (the
 * caller records a call by pushing its time once every other check has passed). Drops the times
 * older than a minute; returns undefined if one more call fits under `perMinute`, else the
 * seconds until one does.
 */
export function minuteWindowWait(window: number[], perMinute: number, now: number): number | undefined {
  while (window.length > 0 && (window[0] as number) <= now - MINUTE_MS) window.shift();
  if (window.length < perMinute) return undefined;
  return Math.max(1, Math.ceil(((window[0] as number) + MINUTE_MS - now) / 1000));
}
