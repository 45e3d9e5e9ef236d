import type { ReactNode } from 'react';
import { ExplorerPage } from '../features/explorer/components/explorer-page.tsx';
import { OverviewPage } from '../features/overview/overview-page.tsx';
import { PhysixPage } from '../features/physix/components/physix-page.tsx';
import { QubitMedicPage } from '../features/qubit-medic/components/qubit-medic-page.tsx';
import { useExchanges } from '../lib/exchange-log.tsx';
import { useHashRoute } from './use-hash-route.ts';

/**
 * The shell: a header with the pages and the API docs link. Pages stay mounted while hidden,
 * so switching to the explorer and back keeps an episode where it was.
 */
const PAGES: readonly { route: string; label: string; heading: string; render: () => ReactNode }[] = [
  { route: '', label: 'Overview', heading: 'verilab: environments with verifiable rewards', render: () => <OverviewPage /> },
  { route: 'qubit-medic', label: 'Qubit-Medic', heading: 'Qubit-Medic: decode a surface-code syndrome', render: () => <QubitMedicPage /> },
  { route: 'physix', label: 'PhysiX', heading: 'PhysiX: find the equation of motion', render: () => <PhysixPage /> },
  { route: 'explorer', label: 'OpenEnv explorer', heading: 'OpenEnv explorer: every request, repeatable with curl', render: () => <ExplorerPage /> },
];

export function App() {
  const route = useHashRoute();
  const current = PAGES.some((page) => page.route === route) ? route : '';
  const { exchanges } = useExchanges();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-800 bg-slate-900/80">
        <nav aria-label="pages" className="mx-auto flex max-w-7xl flex-wrap items-center gap-1 px-3 py-2 sm:px-4">
          <a href="#/" className="mr-2 text-lg font-bold text-sky-300 sm:mr-4">
            verilab
          </a>
          {PAGES.filter((page) => page.route !== '').map((page) => (
            <a
              key={page.route}
              href={`#/${page.route}`}
              data-testid={`tab-${page.route}`}
              aria-current={current === page.route ? 'page' : undefined}
              className={`rounded-md px-2 py-1.5 text-sm sm:px-3 ${current === page.route ? 'bg-slate-800 text-white' : 'text-slate-400 hover:text-slate-200'}`}
            >
              {page.label}
              {page.route === 'explorer' && exchanges.length > 0 && <span className="ml-1 rounded bg-slate-700 px-1.5 text-xs text-slate-100">{exchanges.length}</span>}
            </a>
          ))}
          <a href="/docs" className="ml-auto text-sm text-sky-400 hover:underline">
            API docs
          </a>
        </nav>
      </header>
      <main className="mx-auto max-w-7xl p-3 sm:p-4">
        {PAGES.map((page) => (
          <div key={page.route} hidden={page.route !== current}>
            <h1 className="mb-3 text-lg font-semibold text-slate-100">{page.heading}</h1>
            {page.render()}
          </div>
        ))}
      </main>
    </div>
  );
}
