import { useState } from 'react';
import { CopyButton } from '../../../components/copy-button.tsx';
import { JsonView } from '../../../components/json-view.tsx';
import { Button, Panel } from '../../../components/ui.tsx';
import type { Exchange } from '../../../lib/api-client.ts';
import { curlCommand } from '../../../lib/curl.ts';
import { useApi, useExchanges } from '../../../lib/exchange-log.tsx';

/**
 * The OpenEnv explorer: every request this UI made, newest first, with its JSON body, the
 * server's JSON answer and the curl command that repeats it; plus one-click reads of the
 * reference routes (health, metadata, schema, state).
 */
const REFERENCE_ROUTES = ['/health', '/metadata', '/schema', '/state', '/healthz'] as const;

export function ExplorerPage() {
  const api = useApi();
  const { exchanges, clear } = useExchanges();
  return (
    <div className="flex flex-col gap-4">
      <Panel
        title="OpenEnv explorer"
        actions={
          <Button tone="ghost" onClick={clear} disabled={exchanges.length === 0}>
            Clear
          </Button>
        }
      >
        <p className="mb-3 text-sm text-slate-400">
          Each request the pages send is listed here with a curl command that repeats it. HTTP episodes are stateless: <code>/reset</code> returns a sealed{' '}
          <code>episode_id</code> token and <code>/step</code> must quote it (once). The full API is at{' '}
          <a className="text-sky-400 underline" href="/docs">
            /docs
          </a>
          .
        </p>
        <div className="flex flex-wrap gap-2">
          {REFERENCE_ROUTES.map((path) => (
            <Button key={path} onClick={() => void api.get(path).catch(() => undefined)}>
              GET {path}
            </Button>
          ))}
        </div>
      </Panel>
      {exchanges.length === 0 ? (
        <Panel>
          <p className="text-sm text-slate-400">No requests yet. Play an episode on the Qubit-Medic page, or read a reference route above.</p>
        </Panel>
      ) : (
        exchanges.map((exchange) => <ExchangeCard key={exchange.id} exchange={exchange} />)
      )}
    </div>
  );
}

function ExchangeCard({ exchange }: { exchange: Exchange }) {
  const [open, setOpen] = useState(true);
  const curl = curlCommand({ method: exchange.method, url: exchange.url, ...(exchange.requestBody === undefined ? {} : { body: exchange.requestBody }) });
  const ok = exchange.status !== null && exchange.status < 400;
  const path = new URL(exchange.url).pathname;
  return (
    <section data-testid="exchange" data-path={path} data-method={exchange.method} className="rounded-lg border border-slate-800 bg-slate-900/70 p-3">
      <header className="flex cursor-pointer items-center gap-3 text-sm" onClick={() => setOpen(!open)}>
        <span className="w-12 font-mono font-semibold text-sky-300">{exchange.method}</span>
        <span className="flex-1 font-mono text-slate-200">{path}</span>
        <span className={`rounded px-2 py-0.5 font-mono text-xs ${ok ? 'bg-emerald-900 text-emerald-200' : 'bg-rose-900 text-rose-200'}`}>{exchange.status ?? 'no answer'}</span>
        <span className="w-16 text-right text-xs text-slate-500">{exchange.durationMs.toFixed(0)} ms</span>
      </header>
      {open && (
        <div className="mt-3 flex flex-col gap-3">
          <div className="flex items-start gap-2 rounded-md bg-slate-950 p-2">
            <code data-testid="curl" className="flex-1 font-mono text-xs break-all text-amber-200">
              {curl}
            </code>
            <CopyButton text={curl} label="Copy curl" />
          </div>
          <div className={`grid gap-3 ${exchange.requestBody === undefined ? '' : 'md:grid-cols-2'}`}>
            {exchange.requestBody !== undefined && <JsonView label="request" value={exchange.requestBody} />}
            <JsonView label="response" value={exchange.responseBody} />
          </div>
        </div>
      )}
    </section>
  );
}
