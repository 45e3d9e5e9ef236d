import { ANTI_HACK_WEIGHTS, V1_WEIGHTS, type RewardBreakdown } from '@verilab/physix';
import { RewardBars } from '../../../components/reward-bars.tsx';
import { formatParams } from '../utils/format-number.ts';
import type { Turn } from '../utils/run-state.ts';

/**
 * The episode's turns, newest first: each hypothesis with its verdict, R² per variable, its
 * score (the reward breakdown of the episode's profile) and the reward paid for it, the feedback
 * text the agent reads next and, for a model's turn, which model answered, how fast, and its raw
 * reply.
 */
export function rewardRows(breakdown: RewardBreakdown) {
  const weights: Readonly<Record<string, number>> = breakdown.profile === 'v1' ? V1_WEIGHTS : ANTI_HACK_WEIGHTS;
  const values = breakdown as unknown as Readonly<Record<string, number>>;
  return Object.entries(weights).map(([name, weight]) => ({ name, value: values[name] ?? 0, weight }));
}

export function TurnTranscript({ turns, selected, onSelect, testPrefix = 'turn' }: { turns: readonly Turn[]; selected: number; onSelect: (turn: number) => void; testPrefix?: string }) {
  return (
    <ol className="flex flex-col gap-3">
      {[...turns].reverse().map(({ entry, report, llm }) => (
        <li
          key={entry.turn}
          data-testid={`${testPrefix}-${entry.turn}`}
          className={`cursor-pointer rounded-md border p-3 text-sm ${entry.turn === selected ? 'border-sky-600 bg-slate-900' : 'border-slate-800'}`}
          onClick={() => onSelect(entry.turn)}
        >
          <div className="mb-2 flex items-center justify-between gap-2">
            <span className="font-semibold text-slate-200">
              <button
                type="button"
                aria-pressed={entry.turn === selected}
                title="show this turn's prediction in the chart"
                className="rounded font-semibold text-slate-100 hover:underline"
                onClick={(event) => {
                  event.stopPropagation();
                  onSelect(entry.turn);
                }}
              >
                Turn {entry.turn}
              </button>
              {llm !== undefined && (
                <span className="ml-2 text-xs font-normal text-violet-300">
                  {llm.model} · {llm.latency_s.toFixed(2)} s
                </span>
              )}
            </span>
            <span className={`rounded px-2 py-0.5 text-xs ${entry.accepted ? 'bg-emerald-900 text-emerald-200' : 'bg-rose-900 text-rose-200'}`}>
              {entry.accepted ? 'simulated' : 'rejected'}
            </span>
          </div>
          <pre className="mb-2 whitespace-pre-wrap break-words font-mono text-xs text-sky-200">{report.equation ?? entry.equation}</pre>
          {Object.keys(entry.params).length > 0 && <p className="mb-2 font-mono text-xs break-all text-slate-400">params {formatParams(entry.params)}</p>}
          {llm?.parse_error != null && <p className="mb-2 text-xs text-rose-300">parse: {llm.parse_error}</p>}
          {report.r2 !== null && (
            <p data-testid="r2" className="mb-2 text-xs text-slate-300">
              R² {Object.entries(report.r2).map(([name, value]) => `${name} ${value.toFixed(4)}`).join(' · ')} · r_match {entry.r_match.toFixed(4)}
            </p>
          )}
          <RewardBars testId={`${testPrefix}-${entry.turn}-rewards`} rows={rewardRows(entry.reward_components)} total={entry.reward_total} totalLabel="score (total)" />
          <p className="mt-1 text-xs text-slate-300">
            reward paid <span data-testid={`${testPrefix}-${entry.turn}-paid`} className="font-mono text-emerald-300">{entry.reward_paid.toFixed(3)}</span>
            <span className="text-slate-400">{entry.reward_components.profile === 'v1' ? ' (v1 pays each turn its score)' : ' (the score less the best earlier turn’s score, or 0 if not above it)'}</span>
          </p>
          <p data-testid="mismatch" className="mt-2 text-xs text-slate-400">
            {entry.mismatch_summary}
          </p>
          {llm !== undefined && (
            <details className="mt-2 text-xs text-slate-400" onClick={(event) => event.stopPropagation()}>
              <summary className="cursor-pointer">raw completion</summary>
              <pre className="mt-1 max-h-48 overflow-auto whitespace-pre-wrap font-mono">{llm.raw_completion}</pre>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}
