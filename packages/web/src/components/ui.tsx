import type { ButtonHTMLAttributes, ReactNode } from 'react';

/** The few layout and form primitives every page shares (Tailwind classes in one place). */
export function Panel({ title, actions, children, className = '' }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`min-w-0 rounded-lg border border-slate-800 bg-slate-900/70 p-3 sm:p-4 ${className}`}>
      {(title !== undefined || actions !== undefined) && (
        <header className="mb-3 flex flex-wrap items-center justify-between gap-2">
          <h2 className="min-w-0 text-sm font-semibold break-words text-slate-200">{title}</h2>
          <div className="flex min-w-0 items-center gap-2">{actions}</div>
        </header>
      )}
      {children}
    </section>
  );
}

type Tone = 'primary' | 'secondary' | 'ghost';

const TONES: Record<Tone, string> = {
  primary: 'bg-sky-700 text-white hover:bg-sky-600 disabled:bg-slate-700 disabled:text-slate-400',
  secondary: 'border border-slate-600 bg-slate-800 text-slate-100 hover:bg-slate-700 disabled:text-slate-400 disabled:hover:bg-slate-800',
  ghost: 'text-slate-300 hover:bg-slate-800 disabled:text-slate-600',
};

export function Button({ tone = 'secondary', className = '', ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { tone?: Tone }) {
  return (
    <button
      type="button"
      className={`rounded-md px-3 py-1.5 text-sm font-medium transition-colors disabled:cursor-not-allowed ${TONES[tone]} ${className}`}
      {...props}
    />
  );
}

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="flex flex-col gap-1 text-xs text-slate-400" title={hint}>
      <span>{label}</span>
      {children}
    </label>
  );
}

export const INPUT_CLASS =
  'min-w-0 max-w-full rounded-md border border-slate-600 bg-slate-950 px-2 py-1.5 text-sm text-slate-100 focus:border-sky-400 disabled:text-slate-400';

export function ErrorNote({ message }: { message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <p role="alert" className="rounded-md border border-rose-800 bg-rose-950/60 px-3 py-2 text-sm text-rose-200">
      {message}
    </p>
  );
}

/** A control that cannot work yet, with the reason on hover and in the accessible name. */
export function UnavailableNote({ children }: { children: ReactNode }) {
  return <p className="rounded-md border border-dashed border-slate-700 px-3 py-2 text-xs text-slate-400">{children}</p>;
}
