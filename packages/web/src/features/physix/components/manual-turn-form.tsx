import { firstIssue } from '@verilab/core';
import { GRAMMAR_HINT, type PhysixAction } from '@verilab/physix';
import { useState } from 'react';
import { Button, Field, INPUT_CLASS } from '../../../components/ui.tsx';
import { caretLines, checkTurn } from '../utils/check-turn.ts';

/**
 * One hand-written turn: equations (one per line), parameters as a JSON object and a
 * rationale. The turn is parsed here first, with the verifier's own parser, so a typo is
 * pointed at (line, column and a caret) without spending a turn; how well the law fits is the
 * verifier's to judge.
 */
export function ManualTurnForm({ systemId, variables, busy, onSubmit }: { systemId: string; variables: readonly string[]; busy: boolean; onSubmit: (action: PhysixAction) => void }) {
  const [equation, setEquation] = useState('');
  const [params, setParams] = useState('{}');
  const [rationale, setRationale] = useState('');
  const [problem, setProblem] = useState<{ field: 'equation' | 'params'; message: string; caret?: string | undefined }>();
  const submit = () => {
    const check = checkTurn(systemId, equation, params, rationale);
    if (!check.ok) {
      const { field, message, issues } = firstIssue(check);
      setProblem({ field, message, caret: issues[0] === undefined ? undefined : caretLines(equation, issues[0]) });
      return;
    }
    setProblem(undefined);
    onSubmit(check.value);
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
          aria-invalid={problem?.field === 'equation'}
          aria-describedby={problem === undefined ? undefined : 'turn-problem'}
          rows={3}
          className={`${INPUT_CLASS} font-mono`}
          placeholder={`d2${position}/dt2 = …`}
          value={equation}
          onChange={(e) => setEquation(e.target.value)}
        />
      </Field>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
        <Field label="Parameters (JSON object)">
          <input
            aria-label="params"
            aria-invalid={problem?.field === 'params'}
            className={`${INPUT_CLASS} font-mono`}
            value={params}
            onChange={(e) => setParams(e.target.value)}
          />
        </Field>
        <Field label="Rationale">
          <input aria-label="rationale" className={INPUT_CLASS} value={rationale} onChange={(e) => setRationale(e.target.value)} />
        </Field>
      </div>
      {problem !== undefined && (
        <div id="turn-problem" role="alert" data-testid="turn-problem" className="rounded-md border border-rose-800 bg-rose-950/60 px-3 py-2 text-xs text-rose-200">
          <p>
            Not sent (no turn used): {problem.message}
          </p>
          {problem.caret !== undefined && <pre className="mt-1 overflow-x-auto font-mono text-rose-100">{problem.caret}</pre>}
        </div>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <Button tone="primary" type="submit" data-testid="verify-turn" disabled={busy || equation.trim() === ''}>
          Verify turn
        </Button>
        <details className="min-w-0 text-xs text-slate-400">
          <summary className="cursor-pointer">grammar</summary>
          <pre className="mt-1 whitespace-pre-wrap font-sans">{GRAMMAR_HINT}</pre>
        </details>
      </div>
    </form>
  );
}
