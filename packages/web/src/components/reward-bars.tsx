import { REWARD_DESCRIPTIONS } from './reward-descriptions.ts';

/**
 * A reward breakdown as labelled bars: each component in [0, 1], named in words with what it
 * measures beneath, with its weight when the profile has one, and the total underneath (labelled
 * `totalLabel`, e.g. PhysiX's "score", which is not what a turn is paid).
 */
export interface RewardRow {
  readonly name: string;
  readonly value: number;
  readonly weight?: number;
}

export function RewardBars({ rows, total, totalLabel = 'total', testId }: { rows: readonly RewardRow[]; total: number; totalLabel?: string; testId?: string }) {
  return (
    <div data-testid={testId} className="flex flex-col gap-1.5 text-sm">
      {rows.map((row) => (
        <div key={row.name} data-reward={row.name} className="grid grid-cols-[minmax(0,11rem)_1fr_3.5rem] items-center gap-x-2">
          <span className="min-w-0 text-slate-200" title={row.name}>
            {row.name.replace(/_/g, ' ')}
            {row.weight !== undefined && <span className="text-slate-400"> ×{row.weight}</span>}
          </span>
          <div className="h-2 rounded bg-slate-800">
            <div className="h-2 rounded bg-emerald-500" style={{ width: `${Math.max(0, Math.min(1, row.value)) * 100}%` }} />
          </div>
          <span className="text-right font-mono text-slate-200">{row.value.toFixed(3)}</span>
          {REWARD_DESCRIPTIONS[row.name] !== undefined && <span className="col-span-3 text-xs text-slate-400">{REWARD_DESCRIPTIONS[row.name]}</span>}
        </div>
      ))}
      <div className="mt-1 grid grid-cols-[minmax(0,11rem)_1fr_3.5rem] items-center gap-2 border-t border-slate-800 pt-1.5 font-semibold">
        <span>{totalLabel}</span>
        <span />
        <span data-testid={testId === undefined ? undefined : `${testId}-total`} className="text-right font-mono text-emerald-300">
          {total.toFixed(3)}
        </span>
      </div>
    </div>
  );
}
