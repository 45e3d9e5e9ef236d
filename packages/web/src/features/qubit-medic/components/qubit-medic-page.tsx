import { formatCompletion, latticeGeometry, stabilizerNames, type CodeLayout, type DataFrame } from '@verilab/qubit-medic';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CopyButton } from '../../../components/copy-button.tsx';
import { Button, ErrorNote, Panel } from '../../../components/ui.tsx';
import { useBusyAction } from '../../../hooks/use-busy-action.ts';
import { usePlayback } from '../../../hooks/use-playback.ts';
import { useApi } from '../../../lib/exchange-log.tsx';
import type { LlmRequest } from '../../physix/api/physix-backend.ts';
import { levelLimits, qubitMedicApi, requestLimits, resetWhenBuilt, type DecoderView, type LlmAnswerReply, type QubitMedicLimits, type QubitMedicObservation, type StepInfo } from '../api/qubit-medic-api.ts';
import { EMPTY_FRAME, sameFrame, toggleError, type Pauli } from '../utils/answer-frame.ts';
import { detectionRounds } from '../utils/detection-rounds.ts';
import { levelLayout } from '../utils/level-layout.ts';
import { AnswerPanel } from './answer-panel.tsx';
import { LatticeLegend, LatticeView } from './lattice-view.tsx';
import { LevelPicker, type EpisodeChoice } from './level-picker.tsx';
import { LlmAskPanel } from './llm-ask-panel.tsx';
import { RoundControls } from './round-controls.tsx';
import { StepResult } from './step-result.tsx';

/** The web view's scale: a tighter border than the CLI figures, which leave room for event markers. */
const WEB_LATTICE = { unit: 30, margin: 0.8 } as const;

/**
 * One Qubit-Medic episode by hand: sample a syndrome (POST /reset), watch its detection events
 * round by round, click data qubits to build an answer, ask a model through the server
 * (POST /llm-answer), submit (POST /step) and compare with the decoder's frame and the true error.
 *
 * The matching decoder's frame is a reference the rewards score against, so the server keeps
 * POST /decode from agents unless it runs with --expose-decoder (GET /healthz says which). With
 * it, "Run matching decoder" asks before you answer; without it, the button shows the decoder's
 * frame from the step's info once your answer is in, which tells a client nothing it could
 * still use for that episode.
 */
interface Episode {
  readonly observation: QubitMedicObservation;
  readonly layout: CodeLayout;
}

export function QubitMedicPage() {
  const api = useApi();
  const qm = qubitMedicApi(api);
  const [episode, setEpisode] = useState<Episode>();
  const [answer, setAnswer] = useState<DataFrame>(EMPTY_FRAME);
  const [brush, setBrush] = useState<Pauli>('X');
  const [decoded, setDecoded] = useState<DecoderView>();
  const [decoderExposed, setDecoderExposed] = useState(false);
  const [limits, setLimits] = useState<QubitMedicLimits>();
  const [result, setResult] = useState<StepInfo>();
  /** The model's reply and the answer parsed from it: submitted as raw_response while the answer is unchanged. */
  const [llm, setLlm] = useState<{ reply: LlmAnswerReply; frame?: DataFrame }>();
  const { busy, error, run } = useBusyAction();
  /** Tokens already sent to POST /step: a token is single-use, so a second send could only fail. */
  const stepped = useRef(new Set<string>());
  /** The model call under way, so Cancel can abort it. */
  const [asking, setAsking] = useState<AbortController>();
  /**
   * The server is building a new level's physics: it said so (the reset is retried until it is
   * ready), or the reset has taken over a second (an HTTP reset waits for the build).
   */
  const [building, setBuilding] = useState(false);
  const [showDecoder, setShowDecoder] = useState(true);
  const [showTruth, setShowTruth] = useState(true);
  const [zoom, setZoom] = useState(1);

  useEffect(() => {
    const health = qubitMedicApi(api).health();
    health.then((reply) => setDecoderExposed(reply.decoder_exposed === true)).catch(() => setDecoderExposed(false));
    // Without the server's limits the forms are checked for form only; the server still refuses what it must.
    Promise.all([health, requestLimits()])
      .then(([reply, requests]) => setLimits({ levels: levelLimits(reply), ...requests }))
      .catch(() => setLimits(undefined));
  }, [api]);

  const rounds = useMemo(() => (episode === undefined ? [] : detectionRounds(episode.layout, episode.observation.syndrome_bits)), [episode]);
  const geometry = useMemo(() => (episode === undefined ? undefined : latticeGeometry(episode.layout, WEB_LATTICE)), [episode]);
  const names = useMemo(() => (episode === undefined ? [] : stabilizerNames(episode.layout)), [episode]);
  const playback = usePlayback(rounds.length, 800);
  const round = rounds[playback.frame];
  // Kept while the round is, so the lattice's memoised stabilisers skip a qubit click's render.
  const watched = useMemo(() => new Set(round?.watched), [round]);
  const fired = useMemo(() => new Set(round?.fired), [round]);

  const sample = (choice: EpisodeChoice) =>
    run(async () => {
      // Custom levels are built on first use; curriculum levels are served ready.
      const slow = setTimeout(() => setBuilding(choice.level.startsWith('custom:')), 1000);
      const reply = await resetWhenBuilt(() => qm.reset({ seed: choice.seed, level: choice.level }), setBuilding).finally(() => {
        clearTimeout(slow);
        setBuilding(false);
      });
      const { observation } = reply;
      const built = levelLayout(observation.curriculum_level);
      if (!built.ok) throw new Error(`cannot draw level ${observation.curriculum_level}: ${built.issues.map((issue) => issue.message).join('; ')}`);
      const { layout } = built.value;
      if (layout.detectors.length !== observation.syndrome_bits.length) {
        throw new Error(`the server sent ${observation.syndrome_bits.length} detection bits; this level has ${layout.detectors.length} detectors`);
      }
      setEpisode({ observation, layout });
      setAnswer(EMPTY_FRAME);
      setDecoded(undefined);
      setResult(undefined);
      setLlm(undefined);
      playback.setFrame(0);
    });

  const decode = () =>
    run(async () => {
      if (episode === undefined) return;
      setDecoded(
        result !== undefined
          ? { pymatching_observable_flip: result.pymatching_observable_pred, pymatching_x_errors: result.pymatching_x_errors, pymatching_z_errors: result.pymatching_z_errors }
          : await qm.decode(episode.observation.syndrome_bits, episode.observation.curriculum_level),
      );
      setShowDecoder(true);
    });

  const submit = () =>
    run(async () => {
      if (episode === undefined || stepped.current.has(episode.observation.episode_id)) return;
      stepped.current.add(episode.observation.episode_id);
      const fromModel = llm?.frame !== undefined && sameFrame(answer, llm.frame);
      const raw = fromModel ? llm.reply.completion : formatCompletion(answer.x, answer.z);
      const reply = await qm.step({ raw_response: raw, episode_id: episode.observation.episode_id });
      setResult(reply.observation.info as unknown as StepInfo);
      setShowTruth(true);
    });

  const askLlm = (request: LlmRequest) =>
    run(async () => {
      if (episode === undefined) return;
      // A previous answer must not stay on screen as if it were this call's.
      setLlm(undefined);
      const controller = new AbortController();
      setAsking(controller);
      try {
        setLlm({ reply: await qm.askLlm(episode.observation.episode_id, request, controller.signal) });
      } finally {
        setAsking(undefined);
      }
    });

  // Stable while the brush is, so the lattice's memoised qubits skip a click on another qubit.
  const toggleQubit = useCallback((id: number, pauli?: Pauli) => setAnswer((frame) => toggleError(frame, pauli ?? brush, id)), [brush]);

  const decoderFrame: DataFrame | undefined =
    result !== undefined ? { x: result.pymatching_x_errors, z: result.pymatching_z_errors } : decoded !== undefined ? { x: decoded.pymatching_x_errors, z: decoded.pymatching_z_errors } : undefined;
  const trueFrame: DataFrame | undefined = result === undefined ? undefined : { x: result.true_x_errors, z: result.true_z_errors };
  const locked = result !== undefined;

  return (
    <div className="flex flex-col gap-4">
      <Panel title="Qubit-Medic episode">
        <LevelPicker busy={busy} limits={limits} onSample={(choice) => void sample(choice)} />
      </Panel>
      <ErrorNote message={error} />
      {building && (
        <p data-testid="level-building" role="status" className="text-sm text-slate-300">
          The server is building this level's circuit and decoder (once per level: seconds, up to a minute for the largest levels); the syndrome follows…
        </p>
      )}
      {episode === undefined || geometry === undefined ? (
        <Panel>
          <p className="text-sm text-slate-400">
            Pick a level and a seed, then sample a syndrome. The server samples one shot of Stim's rotated-memory circuit with circuit noise; you see its
            detection events and try to name the data-qubit errors behind them.
          </p>
        </Panel>
      ) : (
        <div className="grid gap-4 lg:grid-cols-12">
          <Panel
            className="lg:col-span-7"
            title={`${episode.observation.curriculum_level} · d=${episode.observation.distance} · r=${episode.observation.rounds} · p=${episode.observation.p}`}
            actions={
              <span className="text-xs text-slate-400" title="first 8 hex digits of sha256 of the detector error model">
                DEM {episode.observation.dem_digest}
              </span>
            }
          >
            <div className="flex flex-col gap-3">
              <LatticeView
                geometry={geometry}
                names={names}
                watched={watched}
                fired={fired}
                answer={answer}
                decoderFrame={showDecoder ? decoderFrame : undefined}
                trueFrame={showTruth ? trueFrame : undefined}
                onQubit={locked ? undefined : toggleQubit}
                zoom={zoom}
              />
              <div className="flex items-center gap-2 text-xs text-slate-300">
                <span>Zoom</span>
                <Button tone="ghost" aria-label="zoom out" disabled={zoom <= 1} onClick={() => setZoom(Math.max(1, zoom / 1.5))}>
                  −
                </Button>
                <span data-testid="zoom-level">{Math.round(zoom * 100)}%</span>
                <Button tone="ghost" aria-label="zoom in" disabled={zoom >= 5} onClick={() => setZoom(Math.min(5, zoom * 1.5))}>
                  +
                </Button>
                {zoom > 1 && <span className="text-slate-400">scroll the drawing to pan</span>}
              </div>
              <LatticeLegend showDecoder={showDecoder && decoderFrame !== undefined} showTruth={showTruth && trueFrame !== undefined} />
              <RoundControls rounds={rounds} names={names} playback={playback} />
              <p className="text-xs text-slate-400">
                {episode.observation.syndrome_bits.filter((bit) => bit === 1).length} detection events in {episode.observation.syndrome_bits.length} detectors. Episode token{' '}
                <code className="text-slate-400">{episode.observation.episode_id.slice(0, 18)}…</code>
                <CopyButton text={episode.observation.episode_id} label="copy token" />
              </p>
            </div>
          </Panel>
          <div className="flex min-w-0 flex-col gap-4 lg:col-span-5">
            <Panel title="Your answer">
              <div className="flex flex-col gap-3">
                <AnswerPanel
                  layout={episode.layout}
                  syndromeBits={episode.observation.syndrome_bits}
                  answer={answer}
                  brush={brush}
                  locked={locked}
                  onBrush={setBrush}
                  onClear={() => setAnswer(EMPTY_FRAME)}
                />
                <div className="flex flex-wrap gap-2">
                  <Button data-testid="run-decoder" disabled={busy || (!decoderExposed && !locked)} onClick={() => void decode()}>
                    {decoderExposed || !locked ? 'Run matching decoder' : 'Show matching decoder'}
                  </Button>
                  <Button tone="primary" data-testid="submit-answer" disabled={busy || locked} onClick={() => void submit()}>
                    Submit answer
                  </Button>
                </div>
                {locked && <p className="text-xs text-slate-400">Episode finished: its token is spent. Sample a new syndrome to play again.</p>}
                {!decoderExposed && !locked && (
                  <p data-testid="decoder-hint" className="text-xs text-slate-400">
                    This server keeps its decoder from agents (it would be a reward oracle): its frame shows once you submit. Start the server with{' '}
                    <code>--expose-decoder</code> to ask it before answering.
                  </p>
                )}
              </div>
            </Panel>
            <Panel title="Ask an LLM">
              <LlmAskPanel
                busy={busy}
                locked={locked}
                numDataQubits={episode.layout.dataQubits.length}
                temperature={limits?.temperature}
                reply={llm?.reply}
                waiting={asking !== undefined}
                onCancel={() => asking?.abort()}
                onAsk={(request) => void askLlm(request)}
                onUse={(frame) => {
                  setAnswer(frame);
                  setLlm((current) => current && { ...current, frame });
                }}
              />
            </Panel>
            {decoded !== undefined && (
              <Panel title="Matching decoder" actions={<Toggle label="show" checked={showDecoder} onChange={setShowDecoder} />}>
                <div data-testid="decoder-result" className="flex flex-col gap-2 text-sm">
                  <code className="font-mono text-violet-300">{formatCompletion(decoded.pymatching_x_errors, decoded.pymatching_z_errors)}</code>
                  <p className="text-xs text-slate-400">predicted logical flip {decoded.pymatching_observable_flip}</p>
                  {sameFrame(answer, { x: decoded.pymatching_x_errors, z: decoded.pymatching_z_errors }) ? (
                    <p className="text-xs text-emerald-300">Your answer is the decoder's frame.</p>
                  ) : (
                    <Button className="self-start" disabled={locked} onClick={() => setAnswer({ x: decoded.pymatching_x_errors, z: decoded.pymatching_z_errors })}>
                      Use as my answer
                    </Button>
                  )}
                </div>
              </Panel>
            )}
            {result !== undefined && (
              <Panel title="Reward" actions={<Toggle label="true error" checked={showTruth} onChange={setShowTruth} />}>
                <StepResult info={result} />
              </Panel>
            )}
            <details className="rounded-lg border border-slate-800 bg-slate-900/70 p-3 text-sm">
              <summary className="cursor-pointer text-slate-300">Prompt the LLM sees</summary>
              <pre className="mt-2 max-h-96 overflow-auto whitespace-pre-wrap font-mono text-xs text-slate-400">{episode.observation.prompt}</pre>
            </details>
          </div>
        </div>
      )}
    </div>
  );
}

function Toggle({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="flex items-center gap-1 text-xs text-slate-400">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} className="accent-sky-500" />
      {label}
    </label>
  );
}
