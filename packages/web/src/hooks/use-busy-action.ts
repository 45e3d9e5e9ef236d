import { useRef, useState } from 'react';

/**
 * Async UI actions (API calls) one at a time: `busy` while one runs, so buttons can disable on
 * it, and its failure's message in `error` (cleared when the next starts), so no error escapes
 * the page unseen.
 *
 * The guard is a ref, not the `busy` state: two clicks 40 ms apart both run before React
 * re-renders the disabled button, and each would spend a turn or a single-use episode token.
 * A call made while another runs is dropped.
 */
export interface BusyAction {
  readonly busy: boolean;
  readonly error: string | undefined;
  run(action: () => Promise<void>): Promise<void>;
  /** Shows a problem found before any request was sent (a typo the browser can see). */
  fail(message: string | undefined): void;
}

export function useBusyAction(): BusyAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const inFlight = useRef(false);
  const run = async (action: () => Promise<void>) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };
  return { busy, error, run, fail: setError };
}
