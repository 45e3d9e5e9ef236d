import { useElapsed } from '../hooks/use-elapsed.ts';
import { Button } from './ui.tsx';

/** While a model call runs: a pulse (static under reduced motion), the seconds it has taken, and Cancel. */
export function LlmWaiting({ active, onCancel }: { active: boolean; onCancel: () => void }) {
  const elapsed = useElapsed(active);
  if (!active) return null;
  return (
    <>
      <span data-testid="llm-waiting" role="status" className="self-center text-xs text-slate-300">
        <span className="mr-1 inline-block h-2 w-2 animate-pulse rounded-full bg-amber-400 motion-reduce:animate-none" aria-hidden="true" />
        waiting for the model… {elapsed.toFixed(1)} s
      </span>
      <Button tone="ghost" data-testid="llm-cancel" onClick={onCancel}>
        Cancel
      </Button>
    </>
  );
}
