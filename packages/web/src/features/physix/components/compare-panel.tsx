import { useRef, useState } from 'react';
import { Button, ErrorNote, Panel, UnavailableNote } from '../../../components/ui.tsx';
import { useBusyAction } from '../../../hooks/use-busy-action.ts';
import type { EpisodeConfig, PhysixBackend } from '../api/physix-backend.ts';
import { applyStep, bestMatch, episodeReturn, startRun, type Run } from '../utils/run-state.ts';
import { DEFAULT_ENDPOINT, llmRequest, type EndpointForm } from '../utils/endpoint-form.ts';
import { EndpointFields } from './endpoint-fields.tsx';
import { TrajectoryPanel } from './trajectory-panel.tsx';

/**
 * Two models on the same episode: each side gets its own session started with the same system
 * and seed (never a fork of one session, which would mix their histories), and both step turn
 * by turn until each is done. The same verifier scores both; there is no judge model.
 */
type Side = 'A' | 'B';

export function ComparePanel({ backend, config }: { backend: PhysixBackend; config: EpisodeConfig | string }) {
  const [forms, setForms] = useState<Record<Side, EndpointForm>>({ A: DEFAULT_ENDPOINT, B: DEFAULT_ENDPOINT });
  const [runs, setRuns] = useState<Partial<Record<Side, Run>>>({});
  const { busy, error, run: guarded } = useBusyAction();
  const stop = useRef(false);
  const llmStep = backend.llmStep;

  const runBoth = async () => {
    if (llmStep === undefined || typeof config === 'string') return;
    await guarded(async () => {
      stop.current = false;
      for (const run of Object.values(runs)) void backend.end(run.session).catch(() => undefined);
      const [a, b] = await Promise.all([backend.start(config), backend.start(config)]);
      let current: Record<Side, Run> = { A: startRun(a), B: startRun(b) };
      setRuns(current);
      const requests = { A: llmRequest(forms.A), B: llmRequest(forms.B) };
      while (!stop.current && (!current.A.observation.done || !current.B.observation.done)) {
        const sides = (['A', 'B'] as const).filter((side) => !current[side].observation.done);
        const replies = await Promise.all(sides.map((side) => llmStep(current[side].session, requests[side])));
        current = { ...current };
        sides.forEach((side, k) => (current[side] = applyStep(current[side], replies[k]!)));
        setRuns(current);
      }
    });
  };

  return (
    <div className="flex flex-col gap-4">
      <Panel title="Compare two models">
        <div className="grid gap-4 md:grid-cols-2">
          {(['A', 'B'] as const).map((side) => (
            <div key={side} className="flex flex-col gap-1">
              <span className="text-sm font-semibold text-slate-300">Model {side}</span>
              <EndpointFields label={`model ${side}`} form={forms[side]} temperature={backend.limits.temperature} onChange={(form) => setForms({ ...forms, [side]: form })} disabled={llmStep === undefined} explain={side === 'A'} />
            </div>
          ))}
        </div>
        <div className="mt-3 flex flex-wrap items-center gap-2">
          <Button tone="primary" data-testid="compare-run" disabled={llmStep === undefined || busy || typeof config === 'string'} onClick={() => void runBoth()}>
            Run both on seed {typeof config === 'string' ? '…' : config.seed}
          </Button>
          {busy && (
            <Button tone="ghost" onClick={() => (stop.current = true)}>
              Stop after this turn
            </Button>
          )}
          {typeof config === 'string' && <span className="text-xs text-rose-300">{config}</span>}
        </div>
        {llmStep === undefined && (
          <div className="mt-2">
            <UnavailableNote>Comparing models needs the server's PhysiX routes (/envs/physix/interactive/…), which this server does not have.</UnavailableNote>
          </div>
        )}
      </Panel>
      <ErrorNote message={error} />
      {runs.A !== undefined && runs.B !== undefined && (
        <>
          <p className="text-sm text-slate-400">
            Both sides: {runs.A.observation.system_id}, seed {runs.A.seed} (A) and {runs.B.seed} (B), {runs.A.observation.max_turns} turns at most.
          </p>
          <div className="grid gap-4 lg:grid-cols-2">
            {(['A', 'B'] as const).map((side) => (
              <SideView key={side} side={side} run={runs[side]!} />
            ))}
          </div>
        </>
      )}
    </div>
  );
}

function SideView({ side, run }: { side: Side; run: Run }) {
  const last = run.turns[run.turns.length - 1];
  const { observation } = run;
  const status = observation.converged ? `converged at turn ${observation.turn}` : observation.done ? `not converged in ${observation.turn} turns` : `turn ${observation.turn}…`;
  return (
    <Panel title={`Model ${side}${last?.llm === undefined ? '' : ` · ${last.llm.model}`}`} actions={<span data-testid={`compare-${side}-status`} className="text-xs text-slate-400">{status}</span>}>
      <p className="mb-2 text-xs text-slate-400">
        best r_match {bestMatch(run).toFixed(4)} · return {episodeReturn(run).toFixed(3)}
      </p>
      <TrajectoryPanel
        systemId={observation.system_id}
        variables={observation.state_variables}
        observed={observation.trajectory}
        predicted={last?.predicted ?? undefined}
        predictionLabel={last === undefined ? 'prediction' : `turn ${last.entry.turn} prediction`}
      />
      <table data-testid={`compare-${side}-turns`} className="mt-3 w-full text-xs">
        <thead className="text-slate-400">
          <tr>
            <th className="text-left">turn</th>
            <th className="text-left">equation</th>
            <th className="text-right">r_match</th>
            <th className="text-right">score</th>
            <th className="text-right">paid</th>
          </tr>
        </thead>
        <tbody>
          {run.turns.map(({ entry, report }) => (
            <tr key={entry.turn} className="border-t border-slate-800 align-top">
              <td className="py-1">{entry.turn}</td>
              <td className="py-1 pr-2 font-mono break-words text-sky-200">{report.equation ?? entry.equation}</td>
              <td className="py-1 text-right font-mono">{entry.r_match.toFixed(4)}</td>
              <td className="py-1 text-right font-mono">{entry.reward_total.toFixed(3)}</td>
              <td className="py-1 text-right font-mono text-emerald-300">{entry.reward_paid.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
