import { GRAMMAR_HINT, type PhysixAction } from '@verilab/physix';
import { useState } from 'react';
import { Button, Field, INPUT_CLASS } from '../../../components/ui.tsx';

/**
 * One hand-written turn: equations (one per line), parameters as a JSON object and a
 * rationale. The parameters must be valid JSON; everything else is the verifier's to judge.
 */
export function ManualTurnForm({ variables, busy, onSubmit }: { variables: readonly string[]; busy: boolean; onSubmit: (action: PhysixAction) => void }) {
  const [equation, setEquation] = useState('');
  const [params, setParams] = useState('{}');
  const [rationale, setRationale] = useState('');
  const [problem, setProblem] = useState<string>();
  const submit = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(params.trim() === '' ? '{}' : params);
    } catch (error) {
      setProblem(`params is not JSON: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    setProblem(undefined);
    onSubmit({ equation, params: parsed, rationale });
  };
  const position = variables[0] ?? 'y';
  return (
    <form
      className="flex flex-col gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Field label="Equations (one per line)">
        <textarea
          aria-label="equation"
          rows={3}
          className={`${INPUT_CLASS} font-mono`}
          placeholder={`d2${position}/dt2 = …`}
          value={equation}
          onChange={(e) => setEquation(e.target.value)}
        />
      </Field>
      <div className="grid grid-cols-2 gap-2">
        <Field label="Parameters (JSON object)">
          <input aria-label="params" className={`${INPUT_CLASS} font-mono`} value={params} onChange={(e) => setParams(e.target.value)} />
        </Field>
        <Field label="Rationale">
          <input aria-label="rationale" className={INPUT_CLASS} value={rationale} onChange={(e) => setRationale(e.target.value)} />
        </Field>
      </div>
      {problem !== undefined && <p className="text-xs text-rose-300">{problem}</p>}
      <div className="flex items-center gap-3">
        <Button tone="primary" type="submit" data-testid="verify-turn" disabled={busy || equation.trim() === ''}>
          Verify turn
        </Button>
        <details className="text-xs text-slate-400">
          <summary className="cursor-pointer">grammar</summary>
          <pre className="mt-1 whitespace-pre-wrap font-sans">{GRAMMAR_HINT}</pre>
        </details>
      </div>
    </form>
  );
}
