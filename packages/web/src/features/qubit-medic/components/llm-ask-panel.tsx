import { formatCompletion, parseAnswer, type DataFrame } from '@verilab/qubit-medic';
import { useState } from 'react';
import { LlmWaiting } from '../../../components/llm-waiting.tsx';
import { Button } from '../../../components/ui.tsx';
import { EndpointFields } from '../../physix/components/endpoint-fields.tsx';
import { DEFAULT_ENDPOINT, endpointProblem, llmRequest, type EndpointForm } from '../../physix/utils/endpoint-form.ts';
import type { LlmRequest } from '../../physix/api/physix-backend.ts';
import type { LlmAnswerReply } from '../api/qubit-medic-api.ts';
import type { Bounds } from '../../../lib/server-limits.ts';
import { idsOutOfRange } from '../utils/ids-out-of-range.ts';

/**
 * "Ask an LLM": the server (`POST /llm-answer`) sends the episode's prompt to an allow-listed
 * endpoint, never the browser. The raw completion is shown with the X/Z lists the environment's
 * own parser reads from it; "Use as my answer" fills the answer, which Submit then sends with
 * the completion as `raw_response`.
 */
export function LlmAskPanel({
  busy,
  locked,
  numDataQubits,
  temperature,
  reply,
  waiting,
  onCancel,
  onAsk,
  onUse,
}: {
  busy: boolean;
  locked: boolean;
  numDataQubits: number;
  /** The temperatures the server's /llm-answer accepts. */
  temperature: Bounds | undefined;
  reply: LlmAnswerReply | undefined;
  /** A call is under way: show the time it has taken and a way to cancel it. */
  waiting: boolean;
  onCancel: () => void;
  onAsk: (request: LlmRequest) => void;
  onUse: (frame: DataFrame) => void;
}) {
  const [form, setForm] = useState<EndpointForm>(DEFAULT_ENDPOINT);
  const parsed = reply === undefined ? undefined : parseAnswer(reply.completion, numDataQubits);
  const outOfRange = reply === undefined ? [] : idsOutOfRange(reply.completion, numDataQubits);
  return (
    <div className="flex flex-col gap-2">
      <EndpointFields label="LLM" form={form} temperature={temperature} onChange={setForm} disabled={locked} />
      <div className="flex flex-wrap items-center gap-2">
        <Button tone="primary" data-testid="ask-llm" disabled={busy || locked || endpointProblem(form, temperature) !== undefined} onClick={() => onAsk(llmRequest(form))}>
          Ask an LLM
        </Button>
        <LlmWaiting active={waiting} onCancel={onCancel} />
      </div>
      {reply !== undefined && parsed !== undefined && (
        <div data-testid="llm-answer" className="flex flex-col gap-2 text-sm">
          <p className="text-xs text-slate-400">
            {reply.model} answered in {reply.latency_s.toFixed(2)} s
          </p>
          <pre data-testid="llm-completion" className="max-h-48 overflow-auto whitespace-pre-wrap rounded-md bg-slate-950 px-3 py-2 font-mono text-xs text-slate-300">
            {reply.completion}
          </pre>
          <p className="text-xs text-slate-400">
            parsed:{' '}
            <code data-testid="llm-parsed" className="font-mono text-amber-200">
              {parsed.parseSuccess || parsed.parsePartial ? formatCompletion(parsed.xErrors, parsed.zErrors) : 'no X_ERRORS/Z_ERRORS answer found'}
            </code>
          </p>
          {outOfRange.length > 0 && (
            <p data-testid="llm-out-of-range" className="text-xs text-amber-200">
              The model named qubit{outOfRange.length === 1 ? '' : 's'} {outOfRange.join(', ')}, which this code does not have (ids run 0–{numDataQubits - 1}); the
              parser drops {outOfRange.length === 1 ? 'it' : 'them'}.
            </p>
          )}
          <Button className="self-start" data-testid="use-llm-answer" disabled={locked} onClick={() => onUse({ x: parsed.xErrors, z: parsed.zErrors })}>
            Use as my answer
          </Button>
        </div>
      )}
    </div>
  );
}
