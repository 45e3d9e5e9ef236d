import { useState } from 'react';

/**
 * Async UI actions (API calls) one at a time: `busy` while one runs, so buttons can disable on
 * it, and its failure's message in `error` (cleared when the next starts), so no error escapes
 * the page unseen.
 */
export interface BusyAction {
  readonly busy: boolean;
  readonly error: string | undefined;
  run(action: () => Promise<void>): Promise<void>;
}

export function useBusyAction(): BusyAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}
