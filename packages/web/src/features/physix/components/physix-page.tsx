import { getSystem, type PhysixAction } from '@verilab/physix';
import { useEffect, useRef, useState } from 'react';
import { Button, ErrorNote, Panel } from '../../../components/ui.tsx';
import { useBusyAction } from '../../../hooks/use-busy-action.ts';
import { useApi } from '../../../lib/exchange-log.tsx';
import { detectBackend, type GroundTruth, type LlmRequest, type PhysixBackend, type StepReply } from '../api/physix-backend.ts';
import { formatParams } from '../utils/format-number.ts';
import { applyStep, episodeReturn, startRun, type Run } from '../utils/run-state.ts';
import { ComparePanel } from './compare-panel.tsx';
import { DEFAULT_CONFIG, episodeConfig, type ConfigForm } from '../utils/episode-config.ts';
import { EpisodeControls } from './episode-controls.tsx';
import { LlmTurnPanel } from './llm-turn-panel.tsx';
import { ManualTurnForm } from './manual-turn-form.tsx';
import { TrajectoryPanel } from './trajectory-panel.tsx';
import { TurnTranscript } from './turn-transcript.tsx';

/**
 * PhysiX: pick a system and seed, read the noisy trajectory, and propose equations turn by turn
 * — typed by hand or asked of a model — watching each prediction against the data; or run two
 * models on the same seed. Episodes run on the server's interactive API when it hosts PhysiX,
 * otherwise in this page on the pure @verilab/physix (manual turns only).
 */
export function PhysixPage() {
  const api = useApi();
  const [backend, setBackend] = useState<PhysixBackend>();
  const [form, setForm] = useState<ConfigForm>(DEFAULT_CONFIG);
  const [view, setView] = useState<'episode' | 'compare'>('episode');
  const [run, setRun] = useState<Run>();
  const [selected, setSelected] = useState(0);
  const [truth, setTruth] = useState<GroundTruth>();
  const { busy, error, run: guarded } = useBusyAction();
  const stop = useRef(false);
  /**
   * The run the last turn was sent from. A second click handled after the first turn's reply but
   * before React re-rendered still sees the old run: it would spend another turn on the same
   * answer, so a turn is sent at most once from each run (again only if it failed).
   */
  const sentFrom = useRef<Run>(undefined);
  /** The model call under way, so Cancel can abort it (the turn is not spent if the server never answered). */
  const [asking, setAsking] = useState<AbortController>();

  useEffect(() => {
    void detectBackend(api).then(setBackend);
  }, [api]);

  const config = episodeConfig(form, backend?.limits);

  const start = () =>
    guarded(async () => {
      if (backend === undefined || typeof config === 'string') return;
      if (run !== undefined) void backend.end(run.session).catch(() => undefined);
      setRun(startRun(await backend.start(config)));
      setSelected(0);
      setTruth(undefined);
    });

  /** Applies one step's reply; at the episode's end, asks for the revealed ground truth. */
  const record = async (current: Run, reply: StepReply): Promise<Run> => {
    const next = applyStep(current, reply);
    setRun(next);
    setSelected(next.turns.length);
    if (next.observation.done && backend !== undefined) setTruth(await backend.groundTruth(next.session));
    return next;
  };

  /** Sends a turn from the current run, once. */
  const once = async (send: (from: Run) => Promise<void>) => {
    if (run === undefined || sentFrom.current === run) return;
    sentFrom.current = run;
    try {
      await send(run);
    } catch (failure) {
      sentFrom.current = undefined;
      throw failure;
    }
  };

  const manualStep = (action: PhysixAction) =>
    guarded(() =>
      once(async (from) => {
        if (backend !== undefined) await record(from, await backend.step(from.session, action));
      }),
    );

  const llmTurns = (request: LlmRequest, untilDone: boolean) =>
    guarded(() =>
      once(async (from) => {
        const llmStep = backend?.llmStep;
        if (llmStep === undefined) return;
        stop.current = false;
        const controller = new AbortController();
        setAsking(controller);
        try {
          let current = from;
          do current = await record(current, await llmStep(current.session, request, controller.signal));
          while (untilDone && !stop.current && !current.observation.done);
        } finally {
          setAsking(undefined);
        }
      }),
    );

  const observation = run?.observation;
  const prediction = selected > 0 ? run?.turns[selected - 1]?.predicted : undefined;
  return (
    <div className="flex flex-col gap-4">
      <Panel
        title="PhysiX"
        actions={
          <span data-testid="physix-backend" className="text-xs text-slate-400">
            {backend === undefined ? 'checking the server…' : backend.where === 'server' ? 'episodes on the server (/envs/physix/interactive)' : 'episodes in this browser: the server has no PhysiX routes'}
          </span>
        }
      >
        <div className="flex flex-col gap-3">
          <EpisodeControls form={form} limits={backend?.limits} onChange={setForm} />
          <div className="flex flex-wrap items-center gap-2">
            {(['episode', 'compare'] as const).map((name) => (
              <Button key={name} tone={view === name ? 'secondary' : 'ghost'} aria-pressed={view === name} onClick={() => setView(name)}>
                {name === 'episode' ? 'Episode' : 'Compare two models'}
              </Button>
            ))}
            {view === 'episode' && (
              <Button tone="primary" className="ml-auto" data-testid="start-physix" disabled={backend === undefined || busy || typeof config === 'string'} onClick={() => void start()}>
                Start episode
              </Button>
            )}
          </div>
          {typeof config === 'string' && (
            <p data-testid="physix-config-problem" className="text-xs text-rose-300">
              {config}
            </p>
          )}
        </div>
      </Panel>
      <ErrorNote message={error} />
      {backend !== undefined && (
        <div hidden={view !== 'compare'}>
          <ComparePanel backend={backend} config={config} />
        </div>
      )}
      <div hidden={view !== 'episode'}>
        {run === undefined || observation === undefined ? (
          <Panel>
            <p className="text-sm text-slate-400">Start an episode to see a noisy trajectory of the chosen system, then propose its equation of motion.</p>
          </Panel>
        ) : (
          <div className="grid gap-4 lg:grid-cols-12">
            <div className="flex min-w-0 flex-col gap-4 lg:col-span-7">
              <Panel title={`${getSystem(observation.system_id)?.title ?? observation.system_id} · seed ${run.seed} · turn ${observation.turn} of ${observation.max_turns}`}>
                <p data-testid="physix-hint" className="mb-3 text-sm text-slate-300">
                  {observation.hint}
                </p>
                <TrajectoryPanel
                  systemId={observation.system_id}
                  variables={observation.state_variables}
                  observed={observation.trajectory}
                  predicted={prediction ?? undefined}
                  predictionLabel={selected > 0 ? `turn ${selected} prediction` : 'prediction'}
                />
              </Panel>
              {observation.done ? (
                <Panel title="Episode over">
                  <p data-testid="physix-done" className="text-sm text-emerald-300">
                    {observation.converged ? 'Converged' : 'Out of turns'} after {observation.turn} turns (return {episodeReturn(run).toFixed(3)}: the rewards paid, summed).
                  </p>
                  {truth !== undefined && (
                    <p data-testid="physix-truth" className="mt-2 font-mono text-xs break-all text-slate-300">
                      truth: {truth.equation} with {formatParams(truth.params)}
                    </p>
                  )}
                </Panel>
              ) : (
                <>
                  <Panel title="Manual turn">
                    <ManualTurnForm systemId={observation.system_id} variables={observation.state_variables} busy={busy} onSubmit={(action) => void manualStep(action)} />
                  </Panel>
                  <Panel title="LLM turn">
                    <LlmTurnPanel
                      available={backend?.llmStep !== undefined}
                      temperature={backend?.limits.temperature}
                      busy={busy}
                      observation={{ ...observation, seed: run.seed }}
                      onRun={(request, untilDone) => void llmTurns(request, untilDone)}
                      waiting={asking !== undefined}
                      onStop={() => (stop.current = true)}
                      onCancel={() => asking?.abort()}
                    />
                  </Panel>
                </>
              )}
            </div>
            <Panel className="lg:col-span-5" title="Transcript">
              {run.turns.length === 0 ? <p className="text-sm text-slate-400">No turns yet.</p> : <TurnTranscript turns={run.turns} selected={selected} onSelect={setSelected} />}
            </Panel>
          </div>
        )}
      </div>
    </div>
  );
}
