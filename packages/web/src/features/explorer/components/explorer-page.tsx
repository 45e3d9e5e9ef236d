import { useState } from 'react';
import { CopyButton } from '../../../components/copy-button.tsx';
import { JsonView } from '../../../components/json-view.tsx';
import { Button, Panel } from '../../../components/ui.tsx';
import type { Exchange } from '../../../lib/api-client.ts';
import { curlCommand } from '../../../lib/curl.ts';
import { useExchanges } from '../../../lib/exchange-log.tsx';
import { RequestBuilder } from './request-builder.tsx';

/**
 * The OpenEnv explorer: every request this UI made, newest first, with its JSON body, the
 * server's JSON answer and the curl command that repeats it (credentials redacted), collapsed
 * to one line until opened; plus a builder for any GET, POST or DELETE on this server.
 */
export function ExplorerPage() {
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
        <p className="mb-3 text-sm text-slate-300">
          Each request the pages send is listed here with a curl command that repeats it. HTTP episodes are stateless: <code>/reset</code> returns a sealed{' '}
          <code>episode_id</code> token and <code>/step</code> must quote it (once). The full API is at{' '}
          <a className="text-sky-400 underline" href="/docs">
            /docs
          </a>
          .
        </p>
        <RequestBuilder />
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

/** A request that spends a single-use episode token: replaying its curl can only be refused. */
function spendsToken(exchange: Exchange): boolean {
  const body = exchange.requestBody;
  if (exchange.method !== 'POST' || typeof body !== 'object' || body === null) return false;
  const action = 'action' in body ? body.action : undefined;
  return new URL(exchange.url).pathname.endsWith('/step') && typeof action === 'object' && action !== null && 'episode_id' in action;
}

function ExchangeCard({ exchange }: { exchange: Exchange }) {
  const [open, setOpen] = useState(false);
  const curl = curlCommand({ method: exchange.method, url: exchange.url, ...(exchange.requestBody === undefined ? {} : { body: exchange.requestBody }) });
  const ok = exchange.status !== null && exchange.status < 400;
  const path = new URL(exchange.url).pathname;
  const bodyId = `exchange-${exchange.id}`;
  return (
    <section data-testid="exchange" data-path={path} data-method={exchange.method} className="min-w-0 rounded-lg border border-slate-800 bg-slate-900/70 p-2 sm:p-3">
      <button
        type="button"
        data-testid="exchange-toggle"
        aria-expanded={open}
        aria-controls={bodyId}
        className="flex w-full min-w-0 items-center gap-2 rounded text-left text-sm sm:gap-3"
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true" className="text-slate-400">
          {open ? '▾' : '▸'}
        </span>
        <span className="w-14 shrink-0 font-mono font-semibold text-sky-300">{exchange.method}</span>
        <span className="min-w-0 flex-1 truncate font-mono text-slate-200">{path}</span>
        <span className={`rounded px-2 py-0.5 font-mono text-xs ${ok ? 'bg-emerald-900 text-emerald-200' : 'bg-rose-900 text-rose-200'}`}>{exchange.status ?? 'no answer'}</span>
        <span className="hidden w-16 text-right text-xs text-slate-400 sm:inline">{exchange.durationMs.toFixed(0)} ms</span>
      </button>
      {open && (
        <div id={bodyId} className="mt-3 flex flex-col gap-3">
          {spendsToken(exchange) && (
            <p data-testid="single-use-warning" className="rounded-md border border-amber-700 bg-amber-950/60 px-3 py-2 text-xs text-amber-100">
              This step spent its episode's single-use token: replaying the curl below is refused. Run <code>/reset</code> again and put the new{' '}
              <code>episode_id</code> in the body.
            </p>
          )}
          <div className="flex min-w-0 items-start gap-2 rounded-md bg-slate-950 p-2">
            <code data-testid="curl" className="min-w-0 flex-1 font-mono text-xs break-all text-amber-200">
              {curl}
            </code>
            <CopyButton text={curl} label="Copy curl" />
          </div>
          <div className={`grid min-w-0 gap-3 ${exchange.requestBody === undefined ? '' : 'md:grid-cols-2'}`}>
            {exchange.requestBody !== undefined && <JsonView label="request" value={exchange.requestBody} />}
            <JsonView label="response" value={exchange.responseBody} />
          </div>
        </div>
      )}
    </section>
  );
}
