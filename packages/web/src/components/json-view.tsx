import { prettyJson } from '../lib/pretty-json.ts';
import { CopyButton } from './copy-button.tsx';

export function JsonView({ value, label, maxHeight = 'max-h-80' }: { value: unknown; label?: string; maxHeight?: string }) {
  const text = typeof value === 'string' ? value : prettyJson(value);
  return (
    <div className="min-w-0">
      {label !== undefined && (
        <div className="mb-1 flex items-center justify-between text-xs text-slate-400">
          <span>{label}</span>
          <CopyButton text={text} />
        </div>
      )}
      <pre className={`${maxHeight} overflow-auto rounded-md bg-slate-950 p-2 font-mono text-xs leading-relaxed text-slate-300`}>{text}</pre>
    </div>
  );
}
