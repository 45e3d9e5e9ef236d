import { formatCompletion, impliedObservableFlip, stabilizerConsistency, type CodeLayout, type DataFrame } from '@verilab/qubit-medic';
import { CopyButton } from '../../../components/copy-button.tsx';
import { Button } from '../../../components/ui.tsx';
import type { Pauli } from '../utils/answer-frame.ts';

/**
 * The answer under construction: which Pauli a click toggles, the completion string it will be
 * sent as, and a live preview of two rewards computed with the environment's own functions
 * (the logical flip the answer implies and the exact syndrome consistency).
 */
export interface AnswerPanelProps {
  readonly layout: CodeLayout;
  readonly syndromeBits: readonly number[];
  readonly answer: DataFrame;
  readonly brush: Pauli;
  readonly locked: boolean;
  onBrush(pauli: Pauli): void;
  onClear(): void;
}

export function AnswerPanel({ layout, syndromeBits, answer, brush, locked, onBrush, onClear }: AnswerPanelProps) {
  const text = formatCompletion(answer.x, answer.z);
  return (
    <div className="flex flex-col gap-3">
      <div className="flex items-center gap-2 text-sm">
        <span className="text-slate-400">A click toggles</span>
        {(['X', 'Z'] as const).map((pauli) => (
          <Button
            key={pauli}
            aria-pressed={brush === pauli}
            data-testid={`brush-${pauli}`}
            disabled={locked}
            onClick={() => onBrush(pauli)}
            className={brush === pauli ? (pauli === 'X' ? '!bg-rose-600 !text-white' : '!bg-sky-700 !text-white') : ''}
          >
            {pauli} error
          </Button>
        ))}
        <Button tone="ghost" disabled={locked} onClick={onClear}>
          Clear
        </Button>
      </div>
      <div className="flex items-center gap-2 rounded-md bg-slate-950 px-3 py-2">
        <code data-testid="answer-string" className="flex-1 font-mono text-sm text-emerald-200">
          {text}
        </code>
        <CopyButton text={text} />
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-xs text-slate-400">
        <dt>implied logical flip</dt>
        <dd className="font-mono text-slate-200">{impliedObservableFlip(answer, layout)}</dd>
        <dt title="exact profile: stabiliser values the answer implies vs. the XOR of their detection events">syndrome consistency</dt>
        <dd className="font-mono text-slate-200">{stabilizerConsistency(answer, syndromeBits, layout).toFixed(3)}</dd>
      </dl>
    </div>
  );
}
