import { buildPrompt, observationFromWire } from '@verilab/physix';
import { useState } from 'react';
import { LlmWaiting } from '../../../components/llm-waiting.tsx';
import { Button, UnavailableNote } from '../../../components/ui.tsx';
import { DEFAULT_ENDPOINT, endpointProblem, llmRequest, type EndpointForm } from '../utils/endpoint-form.ts';
import { EndpointFields } from './endpoint-fields.tsx';
import type { LlmRequest, PhysixView } from '../api/physix-backend.ts';
import type { Bounds } from '../../../lib/server-limits.ts';

/**
 * Model turns in the current episode: one at a time or until the episode ends. The server asks
 * the model (`llm-step`) with the prompt shown below, parses its reply and scores it.
 */
export function LlmTurnPanel({
  available,
  temperature,
  busy,
  observation,
  waiting,
  onRun,
  onStop,
  onCancel,
}: {
  available: boolean;
  /** The temperatures the server's llm-step accepts. */
  temperature: Bounds | undefined;
  busy: boolean;
  observation: PhysixView & { readonly seed: number };
  /** A model call is under way: show its elapsed time and a Cancel. */
  waiting: boolean;
  onRun: (request: LlmRequest, untilDone: boolean) => void;
  onStop: () => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<EndpointForm>(DEFAULT_ENDPOINT);
  const blocked = !available || observation.done || endpointProblem(form, temperature) !== undefined;
  return (
    <div className="flex flex-col gap-2">
      <EndpointFields label="LLM" form={form} temperature={temperature} onChange={setForm} disabled={!available} />
      <div className="flex flex-wrap gap-2">
        <Button tone="primary" data-testid="llm-turn" disabled={blocked || busy} onClick={() => onRun(llmRequest(form), false)}>
          Run one LLM turn
        </Button>
        <Button data-testid="llm-run" disabled={blocked || busy} onClick={() => onRun(llmRequest(form), true)}>
          Run to the end
        </Button>
        {busy && (
          <Button tone="ghost" onClick={onStop}>
            Stop after this turn
          </Button>
        )}
        <LlmWaiting active={waiting} onCancel={onCancel} />
      </div>
      {!available && (
        <UnavailableNote>
          Model turns need the server's PhysiX routes (/envs/physix/interactive/…), which this server does not have: the browser never calls a model itself.
        </UnavailableNote>
      )}
      <details className="text-xs text-slate-400">
        <summary className="cursor-pointer">Prompt the model receives this turn</summary>
        {buildPrompt(observationFromWire(observation, observation.seed)).map((message) => (
          <div key={message.role} className="mt-2 min-w-0">
            <div className="font-semibold text-slate-300">{message.role}</div>
            <pre className="max-h-64 overflow-auto whitespace-pre-wrap break-words font-mono">{message.content}</pre>
          </div>
        ))}
      </details>
    </div>
  );
}
